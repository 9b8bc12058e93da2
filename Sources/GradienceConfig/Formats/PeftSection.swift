import GradienceSyntax
/// A mapping that holds PEFT's `LoraConfig` keywords under `lora:`, `peft:`,
/// `peft_config:`, `lora_config:` or `adapter:` (LLaMA-Factory v1, Levanter, Soup, LeRobot,
/// project configs), and Hydra nodes with `_target_: peft.LoraConfig`.
///
/// Found by a shallow search; what the mapping is (PEFT's keywords, a project's own keys
/// mapped onto them, another library's LoRA, LoRA switched off) is decided by `classify`.
enum PeftSection: FormatRecognizer {
    static let section = FormatDefinition(
        format: .peftSection, tool: "LoraConfig section",
        signature: "a mapping under `lora`, `peft`, `peft_config`, `lora_config` or `adapter` with `r`, `lora_alpha`, `target_modules`, `rank_pattern` or `alpha_pattern` (LLaMA-Factory v1, Levanter, Soup, LeRobot, project configs)",
        reads: [SourceCitation("hiyouga/LLaMA-Factory", "src/llamafactory/v1/plugins/model_plugins/peft.py", "get_lora_model"),
                SourceCitation("stanford-crfm/levanter", "src/levanter/lora.py", "LoraConfig")],
        vocabulary: Dictionary(uniqueKeysWithValues: PeftFields.all.map { ($0, $0) }),
        defaultR: 8, defaultAlpha: .constant(8),
        // The code around such a section is the project's own: it may pop its own keys
        // (`method`, `r_local`, `share_mode`) before LoraConfig(**params), or pick keys one by one.
        keySet: .open,
        extraSectionKeys: ["name", "type", "method_type", "enabled", "alpha", "dropout", "adapter_name_or_path", "export_dir"],
        // Ludwig and Levanter spell these without the `lora_` prefix.
        alternativeKeys: ["lora_alpha": ["alpha"], "lora_dropout": ["dropout"]])
    static let hydra = FormatDefinition(
        format: .hydraLoraConfig, tool: "Hydra `_target_: peft.LoraConfig`",
        signature: "any mapping (a few levels deep) with `_target_: peft.LoraConfig`",
        reads: [SourceCitation("facebookresearch/hydra", "hydra/_internal/instantiate/_instantiate2.py", "instantiate")],
        vocabulary: Dictionary(uniqueKeysWithValues: PeftFields.all.map { ($0, $0) }),
        defaultR: 8, defaultAlpha: .constant(8),
        keySet: .closed(consequence: "hydra.utils.instantiate calls peft.LoraConfig(**node), which raises TypeError for it"),
        extraSectionKeys: ["_target_", "_partial_", "_recursive_", "_convert_", "_args_"])
    static let definitions = [section, hydra]

    /// Keys that, as a mapping, commonly hold a PEFT `LoraConfig`.
    static let sectionKeys: Set<String> = ["lora", "peft", "peft_config", "lora_config", "adapter"]
    /// Keys that make a mapping under a section key a LoRA section.
    static let sectionMarkers: Set<String> = ["r", "lora_alpha", "target_modules", "rank_pattern", "alpha_pattern", "alpha", "dim", "rank", "lora_r"]

    static func recognize(_ document: Document) -> [Recognition]? {
        guard let (node, pointer) = findSection(document.root, pointer: "", depth: 0) else { return nil }
        return classify(section: node, pointer: pointer, document: document)
    }

    /// What a mapping found under a section key is.
    static func classify(section: Node, pointer: String, document: Document) -> [Recognition] {
        let keys = ConfigExtractor.keySet(section)
        let key = pointer.split(separator: "/").last.map(String.init) ?? ""
        if let target = section.value(forKey: "_target_")?.scalar?.text {
            guard isPeftLoraConfig(target) else {
                // NeMo Automodel `nemo_automodel/components/_peft/lora.py`, `PeftConfig`: its own
                // LoRA (dim, alpha, glob target_modules, match_all_linear), never LoraConfig.
                return [.skipped("the section at \(pointer) is built by \(target), not peft.LoraConfig, so PEFT's schema does not apply")]
            }
            return [.settings(.hydraLoraConfig, section: section, pointer: pointer)]
        }
        if section.value(forKey: "enabled")?.scalar?.value == .bool(false) {
            return [.skipped("the LoRA section at \(pointer) has enabled: false")]
        }
        if keys.contains("dim"), !keys.contains("r") {
            // NeMo-RL `nemo_rl/models/megatron/setup.py`: megatron.bridge.peft.lora.LoRA(dim=…, alpha=…).
            return [.skipped("the section at \(pointer) is Megatron-Bridge LoRA (dim, alpha), not PEFT's LoraConfig")]
        }
        if keys.contains("rank"), !keys.contains("r") {
            if let found = EasyR1.classify(section: section, keys: keys, pointer: pointer, document: document) { return found }
            let rank = section.value(forKey: "rank")?.scalar?.value.intValue
            guard keys.contains("lora_A_init_method") || keys.contains("dropout_position") || keys.contains("merge") else {
                // mistral-finetune's `lora: {rank}` and the like: a LoRA of their own.
                return [.skipped("the section at \(pointer) sets `rank`, not PEFT's `r`: it is not a LoraConfig")]
            }
            // verl `verl/workers/config/megatron_peft.py`, `get_peft_cls`: Megatron-Bridge LoRA.
            return [.skipped("the section at \(pointer) is verl's Megatron-Bridge LoRA (rank \(rank.map(String.init) ?? "?")\(rank == 0 ? ", off" : "")), not PEFT's LoraConfig")]
        }
        if let found = Unsloth.classify(section: section, keys: keys, key: key, pointer: pointer, document: document) { return found }
        for nameKey in ["name", "type", "method", "peft_method", "method_type"] {
            guard let name = section.value(forKey: nameKey)?.scalar?.text, !UnknownValue.isUnknown(section.value(forKey: nameKey)!) else { continue }
            guard name.lowercased() == "lora" || name.lowercased() == "qlora" else {
                return [.skipped("the PEFT section at \(pointer) is \(name) (\(nameKey)), not LoRA")]
            }
            break
        }
        if key == "adapter", section.value(forKey: "type")?.scalar?.text.lowercased() == "lora" {
            return [.settings(.ludwig, section: section, pointer: pointer)]
        }
        if let found = ProjectSection.classify(section: section, keys: keys, pointer: pointer, document: document) { return found }
        return [.settings(.peftSection, section: section, pointer: pointer)]
    }

    /// `peft.LoraConfig`, `peft.tuners.lora.LoraConfig`, …: PEFT's own class.
    private static func isPeftLoraConfig(_ target: String) -> Bool {
        target.hasSuffix("LoraConfig") && (target == "LoraConfig" || target.hasPrefix("peft."))
    }

    /// A LoraConfig mapping under one of `sectionKeys`, or any `_target_: …LoraConfig`
    /// node (Hydra), searched a few levels deep (Soup's `training.lora`).
    private static func findSection(_ node: Node, pointer: String, depth: Int) -> (Node, String)? {
        guard depth < 4 else { return nil }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            let value = entry.value.resolved
            if value.value(forKey: "_target_")?.scalar?.text.hasSuffix("LoraConfig") == true { return (value, JSONPointer.appending(pointer, key)) }
            // Only a section key's mapping can be a section: the key set of every other
            // mapping (a 1,000-key rank_pattern among them) is never built.
            guard sectionKeys.contains(key) else { continue }
            if !ConfigExtractor.keySet(value).isDisjoint(with: sectionMarkers) { return (value, JSONPointer.appending(pointer, key)) }
            // Ludwig's `adapter: {type: lora}` alone means "LoRA with the defaults".
            if value.value(forKey: "type")?.scalar?.text.lowercased() == "lora" { return (value, JSONPointer.appending(pointer, key)) }
        }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            if let found = findSection(entry.value.resolved, pointer: JSONPointer.appending(pointer, key), depth: depth + 1) {
                return found
            }
        }
        return nil
    }
}
