import GradienceSyntax
/// A project's own LoRA keys, mapped key by key onto `LoraConfig` by its own script:
/// `LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules=cfg.lora_target_modules, …)`.
/// Seen in `peft:`/`lora:` sections and in flat files (`use_lora: true` beside `lora_r`).
/// The project's defaults are its own: an absent rank or alpha stays unknown.
enum ProjectSection: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .projectSection, tool: "project LoRA keys",
        signature: "`lora_r` with `lora_alpha` or `lora_target_modules` (a section under `lora`/`peft`/`peft_config`/`lora_config`, or the top level), read key by key into LoraConfig",
        reads: [SourceCitation("LianjiaTech/BELLE", "train/src/entry_point/sft_train.py", "main"),
                SourceCitation("tloen/alpaca-lora", "finetune.py", "train")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout",
                     "target_modules": "lora_target_modules", "modules_to_save": "lora_modules_to_save",
                     "rank_pattern": "rank_pattern", "alpha_pattern": "alpha_pattern",
                     "use_rslora": "use_rslora", "use_dora": "use_dora", "bias": "lora_bias"],
        defaultR: nil, defaultAlpha: .unknown, keySet: .open, otherKeys: Set(switches), sectionMixesOtherSettings: true,
        alternativeKeys: ["target_modules": ["target_modules"]])
    /// BELLE's `lora_config_*.json`: `sft_train.py` indexes the four keys (KeyError when absent).
    static let belle = FormatDefinition(
        format: .belle, tool: "BELLE",
        signature: "a JSON/YAML object with `lora_r`, `lora_alpha`, `lora_target_modules` and `lora_dropout` and little else",
        reads: [SourceCitation("LianjiaTech/BELLE", "train/src/entry_point/sft_train.py", "main")],
        vocabulary: ["r": "lora_r", "lora_alpha": "lora_alpha", "lora_dropout": "lora_dropout", "target_modules": "lora_target_modules"],
        defaultR: nil, defaultAlpha: .unknown, keySet: .open)
    static let definitions = [definition, belle]

    /// Keys only a project's own mapping has (PEFT's LoraConfig and unsloth say otherwise).
    static let projectOnlyKeys: Set<String> = ["lora_target_modules", "rank_pattern", "alpha_pattern", "lora_modules_to_save"]
    static let belleKeys: Set<String> = ["lora_r", "lora_alpha", "lora_target_modules", "lora_dropout"]
    /// Project switches that turn the mapping off.
    static let switches = ["use_lora", "use_peft", "lora", "enabled", "peft", "use_qlora"]

    static func classify(section: Node, keys: Set<String>, pointer: String, document: Document) -> [Recognition]? {
        guard keys.contains("lora_r") || keys.contains("lora_target_modules"), !keys.contains("r") else { return nil }
        return switchedOff(in: section, document: document, pointer: pointer) ?? [.settings(.projectSection, section: section, pointer: pointer)]
    }

    static func recognize(_ document: Document) -> [Recognition]? {
        let keys = document.keys
        guard keys.contains("lora_r"), keys.contains("lora_alpha") || keys.contains("lora_target_modules") else { return nil }
        if belleKeys.isSubset(of: keys), keys.count <= belleKeys.count + 2 {
            return [.settings(.belle, section: document.root, pointer: "")]
        }
        return switchedOff(in: document.root, document: document, pointer: "") ?? [.settings(.projectSection, section: document.root, pointer: "")]
    }

    private static func switchedOff(in section: Node, document: Document, pointer: String) -> [Recognition]? {
        for holder in [section, document.root] {
            for name in switches {
                guard let value = holder.value(forKey: name)?.scalar?.value, value == .bool(false) else { continue }
                return [.skipped("\(name) is false beside the LoRA keys at \(pointer.isEmpty ? "the top level" : pointer), so they are not used")]
            }
        }
        return nil
    }
}
