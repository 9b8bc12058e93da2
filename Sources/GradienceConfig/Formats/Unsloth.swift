import GradienceSyntax
import GradiencePEFT
/// Unsloth Studio and unsloth-cli: a `lora:` mapping with `lora_r` and `target_modules`.
enum Unsloth {
    static let definition = FormatDefinition(
        format: .unsloth, tool: "Unsloth Studio / unsloth-cli",
        signature: "a `lora:` mapping with `lora_r` and none of `lora_target_modules`/`rank_pattern` (unsloth reads `target_modules`)",
        reads: [SourceCitation("unslothai/unsloth", "unsloth_cli/config.py", "Config.model_kwargs"),
                SourceCitation("unslothai/unsloth", "studio/backend/core/training/trainer.py", "prepare_model_for_training")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "target_modules", "use_rslora": "use_rslora", "use_dora": "use_dora",
                     "modules_to_save": "modules_to_save"],
        defaultR: 64, defaultAlpha: .constant(16), keySet: .open,
        extraSectionKeys: ["vision_all_linear", "use_loftq", "finetune_vision_layers", "finetune_language_layers",
                           "finetune_attention_modules", "finetune_mlp_modules"],
        replacesEmptyTargets: true)

    static func classify(section: Node, keys: Set<String>, key: String, pointer: String, document: Document) -> [Recognition]? {
        guard key == "lora", keys.contains("lora_r"), keys.isDisjoint(with: ProjectSection.projectOnlyKeys) else { return nil }
        if let kind = document.value("training")?.value(forKey: "training_type")?.scalar?.text, kind != "lora" {
            return [.skipped("unsloth: training.training_type is \(kind), so the lora section is ignored")]
        }
        return [.settings(.unsloth, section: section, pointer: pointer)]
    }

    /// `Config.model_kwargs` splits a string on commas; `prepare_model_for_training` turns
    /// ["all-linear"] into the string and drops it from a longer list; nothing at all means
    /// the seven attention and MLP projections.
    static func targets(field: Node?, notes: inout [String]) -> TargetModules? {
        let items = field?.items.map { $0.compactMap { $0.resolved.scalar?.value.stringValue } }
        var names = items ?? field?.commaSeparated ?? []
        if names == ["all-linear"] { return .allLinear }
        names.removeAll { $0 == "all-linear" }
        if names.isEmpty {
            notes.append("no target_modules: unsloth targets q/k/v/o and gate/up/down_proj")
            return .list(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
        }
        return .list(names)
    }
}
