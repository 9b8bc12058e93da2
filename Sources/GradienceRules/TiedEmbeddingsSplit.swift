import GradiencePEFT
/// GL021: `modules_to_save` or LoRA on one side of tied input/output embeddings.
public enum TiedEmbeddingsSplit: Rule {
    public static let metadata = RuleMetadata(
        code: "GL021", name: "tied-embeddings-split", severity: .warning,
        summary: "modules_to_save or LoRA on embed_tokens/lm_head of a model whose embeddings are tied, without ensure_weight_tying.",
        description: "When the base model ties its input and output embeddings (`tie_word_embeddings` in its `config.json`, or the inventory says so), reports a `modules_to_save` entry or a LoRA target that is one of PEFT's embedding layer names (`embed_tokens`, `lm_head`) unless `ensure_weight_tying: true` makes PEFT tie them: from 0.18 for a `modules_to_save` entry spelled exactly `embed_tokens`/`lm_head`, from 0.19 for any spelling and for LoRA layers. The message says which side trains and what the other does, per PEFT version.",
        why: "A tied model has one weight behind `embed_tokens` and `lm_head`. `modules_to_save` copies one of the two modules, so only that side trains while the other keeps the base weight: the saved adapter's head and input embedding no longer agree, and converting or merging it breaks (huggingface/peft#2777, #1750). LoRA on `lm_head` trains a delta for the output side only, and merging writes it into the shared weight, changing the input embeddings too (#2018). PEFT 0.18 added `ensure_weight_tying`, which keeps one trainable copy for both, and 0.19 one LoRA layer; without it PEFT only warns.",
        fix: .none("Tying the copies (ensure_weight_tying) or untying the model (tie_word_embeddings=False) train different things; the choice is a human one."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [↓lm_head]\n",
                        settings: ["model-dir": "fixtures/silent/models/qwen2-tied"],
                        note: "Qwen2-0.5B-style tied embeddings: only lm_head's copy trains."),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, ↓lm_head]\n",
                        settings: ["model-dir": "fixtures/silent/models/qwen2-tied"]),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, ↓lm_head]\nensure_weight_tying: true\n",
                        settings: ["model-dir": "fixtures/silent/models/qwen2-tied", "peft-version": "0.18.1"],
                        note: "PEFT 0.18's ensure_weight_tying ties modules_to_save copies, not LoRA layers."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [lm_head]\nensure_weight_tying: true\n",
                   settings: ["model-dir": "fixtures/silent/models/qwen2-tied"]),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nmodules_to_save: [lm_head]\n", model: "llama:2",
                   note: "Llama-2 does not tie its embeddings (or it is not known)."),
        ],
        settings: ["peft-version"])

    /// `ensure_weight_tying` arrived in PEFT 0.18 for `modules_to_save` entries spelled exactly
    /// `embed_tokens`/`lm_head` (`_check_tied_modules`: `m in EMBEDDING_LAYER_NAMES`); 0.19 added
    /// LoRA targets (`_add_targets_to_tie`) and reads the entry's last name component.
    static let tyingSince = PeftVersion(0, 18, 0)
    static let targetTyingSince = PeftVersion(0, 19, 0)

    public static func check(_ context: RuleContext) -> [Finding] {
        guard let inventory = context.inventory, inventory.tiedEmbeddings == true, let resolution = context.resolution,
              resolution.raises == nil else { return [] }
        let version = context.options.peftVersion
        let tying = context.lora.spec.ensureWeightTying
        let names = inventory.modules.map(\.name)
        func partner(of leaf: String) -> String {
            let other = leaf == "lm_head" ? "embed_tokens" : (inventory.outputEmbedding.map(ModuleNames.leaf) ?? "lm_head")
            return names.first { ModuleNames.leaf($0) == other } ?? other
        }
        let untie = "or load the model with tie_word_embeddings=False to train them apart on purpose"
        var findings: [Finding] = []
        if let field = context.lora.field("modules_to_save") {
            for entry in field.listEntries where TargetMatcher.embeddingLayerNames.contains(ModuleNames.leaf(entry.text)) {
                let leaf = ModuleNames.leaf(entry.text)
                guard let module = names.first(where: { $0.hasSuffix(entry.text) && ModuleNames.leaf($0) == leaf }) else { continue }
                let remedy: String
                if version >= targetTyingSince || (version >= tyingSince && TargetMatcher.embeddingLayerNames.contains(entry.text)) {
                    if tying { continue }
                    remedy = "set ensure_weight_tying: true to train one tied copy for both, \(untie)"
                } else if version >= tyingSince {
                    remedy = "PEFT \(version) ties only an entry spelled exactly '\(leaf)' (ensure_weight_tying: true with modules_to_save: [\(leaf)]), \(untie)"
                } else {
                    remedy = "PEFT \(version) cannot tie them (ensure_weight_tying arrived in 0.18): upgrade, \(untie)"
                }
                findings.append(Finding(node: entry.node, keyPath: entry.pointer,
                                        message: "'\(entry.text)' in \(field.key) copies one side of the tied embeddings (the base model ties \(module) and \(partner(of: leaf)), tie_word_embeddings): only the copy of \(module) trains, \(partner(of: leaf)) keeps the base weight, so the adapter's input and output embeddings drift apart and merging or converting it breaks the tie; \(remedy)"))
            }
        }
        let adapted = resolution.modules.filter { $0.parameter == nil && TargetMatcher.embeddingLayerNames.contains(ModuleNames.leaf($0.name)) }
        if !adapted.isEmpty, !(tying && version >= targetTyingSince), let field = context.lora.field("target_modules") {
            let remedy = version >= targetTyingSince
                ? "set ensure_weight_tying: true to give both sides one tied LoRA layer, \(untie)"
                : "PEFT \(version) cannot tie LoRA layers (ensure_weight_tying covers them from 0.19): upgrade, \(untie)"
            let entries = field.listEntries
            for module in adapted {
                let leaf = ModuleNames.leaf(module.name)
                let entry = entries.first { module.name == $0.text || module.name.hasSuffix("." + $0.text) }
                findings.append(Finding(node: entry?.node ?? field.entry.key, keyPath: entry?.pointer ?? field.pointer,
                                        message: "LoRA on \(module.name), one side of the tied embeddings (the base model ties it to \(partner(of: leaf)), tie_word_embeddings): the delta trains for \(module.name) alone while \(partner(of: leaf)) gets none, and merging writes it into the shared weight, so both change; \(remedy)"))
            }
        }
        return findings
    }
}
