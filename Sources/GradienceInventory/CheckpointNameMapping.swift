import Foundation

/// How transformers renames checkpoint tensors to the loaded model's parameters, per
/// `model_type` and release: checkpoints keep legacy names (`language_model.model.layers…`,
/// per-expert `experts.3.w1.weight`), and even transformers 5's `save_pretrained` writes them
/// back (the reverse mapping), so a model folder's names are not `named_modules()` names.
///
/// Each entry is one `model_type` on a range of releases: renames applied in order to the
/// tensor name (first match of each pattern, like transformers' `WeightRenaming`), then an
/// optional MoE expert fusion. Names already in the loaded spelling pass through unchanged,
/// so folders saved either way map to the same modules. Add a model by adding an entry.
struct CheckpointNameMapping: Sendable {
    struct Rename: Sendable {
        /// A regular expression on the tensor name; `$1` in `replacement` refers to groups.
        let pattern: String
        let replacement: String
    }

    /// transformers 5 merges `experts.<i>.<gate>` and `.<up>` into one `gate_up_proj` (3-D)
    /// and `experts.<i>.<down>` into `down_proj`, both held by the `experts` module itself
    /// (`MergeModulelist` + `Concatenate` in conversion_mapping.py); the router beside it is a
    /// `TopKRouter` holding a 2-D `weight`.
    struct ExpertFusion: Sendable {
        let gate: String
        let up: String
        let down: String
        /// `Mixtral` → `MixtralExperts`, `MixtralTopKRouter`.
        let classPrefix: String
        /// The router's name inside the MoE block (`gate`).
        let router = "gate"
    }

    let modelType: String
    /// Releases the entry applies to: `from` inclusive, `until` exclusive.
    let from: TransformersVersion
    let until: TransformersVersion?
    let renames: [Rename]
    let fusion: ExpertFusion?
    /// What `get_output_embeddings()` names (PEFT's `all-linear` skips it) when the catalog
    /// has no template for the model type.
    var outputEmbedding: String? = nil

    static let version5 = TransformersVersion(5)

    static let table: [CheckpointNameMapping] = [
        // transformers 4.57 modeling_llava.py: LlavaForConditionalGeneration's
        // `_checkpoint_conversion_mapping` (applied by `_get_key_renaming_mapping`).
        CheckpointNameMapping(modelType: "llava", from: TransformersVersion(4, 52), until: version5, renames: [
            Rename(pattern: #"^language_model\.model\."#, replacement: "model.language_model."),
            Rename(pattern: #"^vision_tower\."#, replacement: "model.vision_tower."),
            Rename(pattern: #"^multi_modal_projector\."#, replacement: "model.multi_modal_projector."),
            Rename(pattern: #"^language_model\.lm_head\."#, replacement: "lm_head."),
        ], fusion: nil, outputEmbedding: "lm_head"),
        // transformers 5 conversion_mapping.py: "llava" (the root class), then the scoped
        // "CLIPVisionModel" PrefixChange(prefix_to_remove="vision_model") for the tower.
        // 5.24's save_pretrained writes `vision_tower.embeddings…`; 4.x wrote `vision_tower.vision_model…`.
        CheckpointNameMapping(modelType: "llava", from: version5, until: nil, renames: [
            Rename(pattern: #"^language_model\.lm_head\."#, replacement: "lm_head."),
            Rename(pattern: #"^language_model\.model\."#, replacement: "model.language_model."),
            Rename(pattern: #"^language_model\."#, replacement: "model.language_model."),
            Rename(pattern: #"^vision_tower\.vision_model\."#, replacement: "model.vision_tower."),
            Rename(pattern: #"^vision_tower\."#, replacement: "model.vision_tower."),
            Rename(pattern: #"^multi_modal_projector\."#, replacement: "model.multi_modal_projector."),
        ], fusion: nil, outputEmbedding: "lm_head"),
        // transformers 5 conversion_mapping.py "mixtral": WeightRenaming(".block_sparse_moe.", ".mlp.")
        // and the w1+w3 → gate_up_proj, w2 → down_proj converters.
        CheckpointNameMapping(modelType: "mixtral", from: version5, until: nil, renames: [
            Rename(pattern: #"\.block_sparse_moe\."#, replacement: ".mlp."),
        ], fusion: ExpertFusion(gate: "w1", up: "w3", down: "w2", classPrefix: "Mixtral")),
        // transformers 5 conversion_mapping.py "qwen2_moe" (qwen3_moe maps to it through
        // _MODEL_TO_CONVERSION_PATTERN).
        CheckpointNameMapping(modelType: "qwen2_moe", from: version5, until: nil, renames: [],
                              fusion: ExpertFusion(gate: "gate_proj", up: "up_proj", down: "down_proj", classPrefix: "Qwen2Moe")),
        CheckpointNameMapping(modelType: "qwen3_moe", from: version5, until: nil, renames: [],
                              fusion: ExpertFusion(gate: "gate_proj", up: "up_proj", down: "down_proj", classPrefix: "Qwen3Moe")),
    ]

    static func mapping(for modelType: String?, transformers version: TransformersVersion) -> CheckpointNameMapping? {
        guard let modelType else { return nil }
        return table.first { $0.modelType == modelType && $0.from <= version && $0.until.map { version < $0 } != false }
    }

    /// What one checkpoint tensor becomes in the loaded model.
    struct Mapped: Equatable {
        /// The module that owns it.
        var module: String
        /// Set when the tensor is part of a fused parameter (`gate_up_proj`) held by `module`.
        var fusedParameter: String?
    }

    func map(tensor name: String) -> String {
        var renamed = name
        for rename in renames {
            guard let range = renamed.range(of: rename.pattern, options: .regularExpression) else { continue }
            let matched = String(renamed[range])
            let replacement = matched.replacingOccurrences(of: rename.pattern, with: rename.replacement, options: .regularExpression)
            renamed.replaceSubrange(range, with: replacement)
        }
        return renamed
    }

    /// `…experts.3.w1.weight` → module `…experts`, parameter `gate_up_proj`; other names keep
    /// their owning module. A checkpoint that already holds `…experts.gate_up_proj` is owned
    /// by `…experts` through the ordinary rule.
    func fuse(module: String) -> Mapped {
        guard let fusion else { return Mapped(module: module) }
        let parts = module.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 3] == "experts", Int(parts[parts.count - 2]) != nil else {
            return Mapped(module: module)
        }
        let experts = parts.dropLast(2).joined(separator: ".")
        switch String(parts[parts.count - 1]) {
        case fusion.gate, fusion.up: return Mapped(module: experts, fusedParameter: "gate_up_proj")
        case fusion.down: return Mapped(module: experts, fusedParameter: "down_proj")
        default: return Mapped(module: module)
        }
    }
}
