import GradienceInventory
/// `_maybe_include_all_linear_layers` (tuners_utils.py): what the str `"all-linear"`
/// becomes before matching.
enum AllLinearExpansion {
    /// `SEQ_CLS_HEAD_NAMES`, tried in this order when the model has no output embedding.
    static let sequenceClassificationHeads = ["score", "classifier"]

    /// A module counts as linear when it is `nn.Linear` / `Conv1D` or, as PEFT's
    /// fallback for already-wrapped layers, its class name contains "Linear"
    /// (`Linear4bit`, `Linear8bitLt` subclass `nn.Linear` anyway).
    static func isLinear(_ className: String) -> Bool {
        className == "Conv1D" || className.containsText("Linear")
    }

    struct Result {
        var targets: [String]
        /// Modules whose class is unknown, so they could not be classified.
        var unknownClassCount: Int
    }

    static func expand(inventory: Inventory, taskType: String?, version: PeftVersion) -> Result {
        var names: [String] = []
        var seen: Set<String> = []
        var unknown = 0
        // Up to 0.14 the set held leaf names (`name.rsplit(".", 1)[-1]`), so every module
        // with such a leaf name matched later, linear or not; 0.15 switched to full names.
        let leafNames = !version.hasFeature(since: 0, 15)
        for module in inventory.modules where !module.name.isEmpty {
            guard let className = module.className else {
                unknown += 1
                continue
            }
            guard isLinear(className) else { continue }
            let name = leafNames ? String(module.name.split(separator: ".", omittingEmptySubsequences: false).last!) : module.name
            if seen.insert(name).inserted { names.append(name) }
        }
        // The output embedding (or, for SEQ_CLS without one, the first head found) is
        // removed by its full name, even in the leaf-name era.
        var excluded: String?
        if let output = inventory.outputEmbedding ?? learnedOutputEmbedding(inventory) {
            excluded = output
        } else if taskType == "SEQ_CLS" {
            let present = Set(inventory.modules.map(\.name))
            excluded = sequenceClassificationHeads.first(where: present.contains)
        }
        if let excluded { names.removeAll { $0 == excluded } }
        return Result(targets: names, unknownClassCount: unknown)
    }

    /// A modules file does not say what `get_output_embeddings()` returns: the catalog's answer
    /// for the model type when the file has that module, else a top-level `lm_head` /
    /// `embed_out` (GPT-NeoX on transformers 4), the names transformers gives its LM heads.
    static func learnedOutputEmbedding(_ inventory: Inventory) -> String? {
        let present = Set(inventory.modules.map(\.name))
        if let modelType = inventory.modelType, let known = Catalog.template(for: modelType)?.outputEmbedding, present.contains(known) {
            return known
        }
        return ["lm_head", "embed_out"].first(where: present.contains)
    }
}
