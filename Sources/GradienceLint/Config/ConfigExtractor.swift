/// Finds the LoRA settings in a parsed document, from its keys and never its file name:
/// not every `adapter_config.json` is PEFT (MLX-LM and AdapterHub use the name too).
///
/// Detection order follows `../shared/research/config-formats.md` ("Format detection"):
/// the most specific signature first.
public enum ConfigExtractor {
    public enum Outcome {
        case lora(LoraSettings)
        /// The file is a config we recognise but LoRA rules do not apply (AdaLoRA,
        /// MLX-LM, LoRA switched off); said once under `--verbose`.
        case skipped(String)
        /// No LoRA settings at all: a GitHub workflow, a docker-compose file.
        case none
    }

    /// Keys that, as a mapping, commonly hold a PEFT `LoraConfig`.
    static let sectionKeys = ["lora", "peft", "peft_config", "lora_config", "adapter"]
    static let peftCoreFields: Set<String> = ["r", "lora_alpha", "target_modules", "rank_pattern", "alpha_pattern"]

    public static func extract(from root: Node) -> Outcome {
        guard root.entries != nil else { return .none }
        let top = keySet(root)

        if let peftType = root.value(forKey: "peft_type") {
            let type = peftType.scalar?.text ?? ""
            guard type.uppercased() == "LORA" else {
                return .skipped("peft_type is \(type.isEmpty ? "not a string" : type): LoRA rules do not apply (an ADALORA rank_pattern holds masks, not ranks)")
            }
            return .lora(build(.peft, root: root, section: root, pointer: ""))
        }
        if top.contains("lora_parameters") || top.contains("fine_tune_type") {
            return .skipped("an MLX-LM config: MLX's LoRA is not PEFT (rank and scale under lora_parameters)")
        }
        if let lora = root.value(forKey: "lora"), lora.entries != nil, keySet(lora).contains("probe_r") {
            return .lora(build(.seedBench, root: root, section: lora, pointer: "/lora"))
        }
        if top.contains("default_r"), top.contains("rank_pattern") {
            return .lora(build(.rankReport, root: root, section: root, pointer: ""))
        }
        if let adapter = root.value(forKey: "adapter") {
            if adapter.entries == nil,
               !top.isDisjoint(with: ["lora_r", "lora_target_linear", "lora_model_dir", "lora_target_modules", "lora_alpha"]) {
                let kind = adapter.scalar?.text.lowercased() ?? ""
                guard kind == "lora" || kind == "qlora" else {
                    return .skipped("axolotl: `adapter` is \(kind.isEmpty ? "empty" : kind), so the lora_* keys are ignored (a full fine-tune)")
                }
                return .lora(build(.axolotl, root: root, section: root, pointer: ""))
            }
        }
        if top.contains("finetuning_type") || top.contains("lora_target") || (top.contains("lora_rank") && top.contains("stage")) {
            let kind = root.value(forKey: "finetuning_type")?.scalar?.text ?? "lora"
            guard kind == "lora" else {
                return .skipped("LLaMA-Factory: finetuning_type is \(kind), so the lora_* keys are ignored")
            }
            return .lora(build(.llamaFactory, root: root, section: root, pointer: ""))
        }
        if let model = root.value(forKey: "model"), model.entries != nil {
            let component = model.value(forKey: "_component_")?.scalar?.text ?? ""
            let builder = component.split(separator: ".").last.map(String.init) ?? ""
            if builder.hasPrefix("lora_") || builder.hasPrefix("qlora_") || keySet(model).contains("lora_attn_modules") {
                return .lora(build(.torchtune, root: root, section: model, pointer: "/model"))
            }
        }
        if top.contains("use_peft"), !top.isDisjoint(with: ["lora_r", "lora_target_modules", "lora_alpha"]) {
            guard root.value(forKey: "use_peft")?.scalar?.value == .bool(true) else {
                return .skipped("TRL: use_peft is not true, so the lora_* keys are ignored")
            }
            return .lora(build(.trl, root: root, section: root, pointer: ""))
        }
        if let peft = root.value(forKey: "peft"), peft.entries != nil, keySet(peft).contains("lora_r") {
            return .lora(build(.oumi, root: root, section: peft, pointer: "/peft"))
        }
        if let (section, pointer) = findPeftSection(root, pointer: "", depth: 0) {
            if let name = section.value(forKey: "name")?.scalar?.text ?? section.value(forKey: "type")?.scalar?.text,
               name.lowercased() != "lora" {
                return .skipped("the PEFT section at \(pointer) is \(name), not LoRA")
            }
            return .lora(build(.peftSection, root: root, section: section, pointer: pointer))
        }
        return .none
    }

    private static func keySet(_ node: Node) -> Set<String> {
        Set(node.effectiveEntries.compactMap { $0.keyText })
    }

    /// A LoraConfig mapping under one of `sectionKeys`, or any `_target_: peft.LoraConfig`
    /// node (Hydra), searched a few levels deep (Soup's `training.lora`).
    /// Keys that make a mapping under a section key a LoRA section.
    private static let sectionMarkers = peftCoreFields.union(["alpha"])

    private static func findPeftSection(_ node: Node, pointer: String, depth: Int) -> (Node, String)? {
        guard depth < 4 else { return nil }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            let value = entry.value.resolved
            if value.value(forKey: "_target_")?.scalar?.text.hasSuffix("LoraConfig") == true { return (value, JSONPointer.appending(pointer, key)) }
            // Only a section key's mapping can be a section: the key set of every other
            // mapping (a 1,000-key rank_pattern among them) is never built.
            guard sectionKeys.contains(key) else { continue }
            if !keySet(value).isDisjoint(with: sectionMarkers) { return (value, JSONPointer.appending(pointer, key)) }
            // Ludwig's `adapter: {type: lora}` alone means "LoRA with the defaults".
            if value.value(forKey: "type")?.scalar?.text.lowercased() == "lora" { return (value, JSONPointer.appending(pointer, key)) }
        }
        for entry in node.effectiveEntries {
            guard let key = entry.keyText, entry.value.resolved.entries != nil else { continue }
            if let found = findPeftSection(entry.value.resolved, pointer: JSONPointer.appending(pointer, key), depth: depth + 1) {
                return found
            }
        }
        return nil
    }

    private static func build(_ format: ConfigFormat, root: Node, section: Node, pointer: String) -> LoraSettings {
        var fields: [String: SettingField] = [:]
        var vocabulary = format.vocabulary
        if format == .peftSection {
            // Ludwig and Levanter spell these without the `lora_` prefix.
            if section.value(forKey: "lora_alpha") == nil, section.value(forKey: "alpha") != nil { vocabulary["lora_alpha"] = "alpha" }
            if section.value(forKey: "lora_dropout") == nil, section.value(forKey: "dropout") != nil { vocabulary["lora_dropout"] = "dropout" }
        }
        for (peftName, fileKey) in vocabulary {
            guard let entry = section.entry(forKey: fileKey) else { continue }
            fields[peftName] = SettingField(peftName: peftName, key: fileKey, entry: entry, container: section,
                                            pointer: JSONPointer.appending(pointer, fileKey))
        }
        var allowedRanks: SettingField?
        if format == .seedBench, let compression = root.value(forKey: "compression"),
           let entry = compression.entry(forKey: "allowed_ranks") {
            allowedRanks = SettingField(peftName: "allowed_ranks", key: "allowed_ranks", entry: entry, container: compression,
                                        pointer: "/compression/allowed_ranks")
        }
        let builder = SpecBuilder(format: format, section: section, fields: fields)
        let (spec, unknown, notes) = builder.build()
        var sectionVocabulary: Set<String>?
        if section !== root || format == .peft || format == .rankReport {
            sectionVocabulary = Set(vocabulary.values).union(format.extraSectionKeys).union(PeftFields.legacy)
            if format == .peft || format == .peftSection { sectionVocabulary!.formUnion(PeftFields.all) }
        }
        if format == .torchtune || format == .oumi || format == .seedBench || format == .rankReport {
            // These sections mix LoRA keys with the tool's other settings; check only lora_-ish keys there.
            sectionVocabulary = nil
        }
        return LoraSettings(format: format, root: root, section: section, sectionPointer: pointer, fields: fields, spec: spec,
                            notStaticallyKnown: unknown, modelName: modelName(root: root, section: section),
                            allowedRanks: allowedRanks, sectionVocabulary: sectionVocabulary, transformations: notes)
    }

    private static func modelName(root: Node, section: Node) -> String? {
        for key in ["base_model_name_or_path", "base_model", "model_name_or_path", "model_name", "model"] {
            if let text = section.value(forKey: key)?.scalar?.text ?? root.value(forKey: key)?.scalar?.text, !text.isEmpty {
                return text
            }
        }
        if let model = root.value(forKey: "model"), model.entries != nil {
            for key in ["name", "model_name", "model_name_or_path", "pretrained_model_name_or_path"] {
                if let text = model.value(forKey: key)?.scalar?.text, !text.isEmpty { return text }
            }
        }
        return nil
    }
}
