/// Turns the fields a file sets into the `LoraSpec` PEFT will actually receive, applying
/// each tool's defaults and the transformations it performs on the way (each tool's own
/// target reading lives in its file under `Formats/`).
package struct SpecBuilder {
    let format: ConfigFormat
    let section: Node
    let fields: [String: SettingField]

    func build() -> (LoraSpec, Set<String>, [String]) {
        var unknown = Set<String>()
        var notes: [String] = []
        for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
            if let reason = UnknownValue.reason(field.value) {
                unknown.insert(name)
                notes.append("\(field.key) is \(reason): unresolved")
            }
        }
        let definition = format.definition
        // `null` for the rank or alpha is a value a command line fills in (LoRA-GA's
        // `lora_r: null`, Hydra's `???`), never PEFT's default.
        for name in ["r", "lora_alpha"] {
            guard let field = fields[name], let scalar = field.value.scalar,
                  scalar.value == .null || scalar.text == "???" else { continue }
            unknown.insert(name)
            notes.append("\(field.key) is \(scalar.text.isEmpty ? "empty" : scalar.text): filled in elsewhere (a command line or an override), unresolved")
        }

        var spec = LoraSpec()
        spec.r = positiveInt(fields["r"]) ?? format.defaultR
        if fields["r"] == nil, definition.defaultR == nil {
            unknown.insert("r")
            notes.append("r is not set and \(definition.tool) has no default of its own: unresolved")
        }
        spec.loraAlpha = number(fields["lora_alpha"]) ?? format.defaultAlpha(r: spec.r)
        if fields["lora_alpha"] == nil, definition.defaultAlpha == .unknown {
            unknown.insert("lora_alpha")
            notes.append("lora_alpha is not set and \(definition.tool) has no default of its own: unresolved")
        }
        spec.targetModules = targets(fields["target_modules"], notes: &notes)
        // axolotl's `load_lora`: `set(lora_target_modules + find_all_linear_names(model))`.
        if spec.targetModules == .allLinear, format == .axolotl {
            spec.additionalTargets = stringList(fields["target_modules"]?.value, splitCommas: false) ?? []
        }
        // A project's own mapping with no default of its own passes whatever its code
        // fixes when the file names no targets: not PEFT's per-model defaults.
        if definition.defaultR == nil, fields["target_modules"] == nil, spec.targetModules == nil {
            unknown.insert("target_modules")
            notes.append("target_modules is not set and \(definition.tool) has no default of its own: unresolved")
        }
        // axolotl (`find_all_linear_names`), LLaMA-Factory (`find_all_linear_modules`) and
        // Firefly turn "every linear layer" into a list of leaf names themselves; PEFT never sees the str.
        if spec.targetModules == .allLinear, format == .axolotl || format == .llamaFactory || format == .firefly {
            spec.allLinearExpandedByTrainer = true
        }
        // SimpleTuner picks its targets per model family (`get_lora_target_layers`).
        if format == .simpleTuner {
            unknown.insert("target_modules")
            notes.append("SimpleTuner picks target_modules per model family: unresolved")
        }
        spec.excludeModules = modules(fields["exclude_modules"]?.value, splitCommas: false)
        spec.modulesToSave = stringList(fields["modules_to_save"]?.value, splitCommas: format == .llamaFactory)
        spec.layersToTransform = layerIndices(fields["layers_to_transform"]?.value)
        // EasyEdit: `layers_to_transform=hparams.layers if len(hparams.layers) > 0 else None`.
        if format == .easyEdit, spec.layersToTransform?.isEmpty == true { spec.layersToTransform = nil }
        spec.layersPattern = stringList(fields["layers_pattern"]?.value, splitCommas: false)
        // `layers_pattern: ""` has length 0: no pattern at all (check_target_module_exists).
        if fields["layers_pattern"]?.value.scalar?.value.stringValue == "" { spec.layersPattern = [] }
        spec.targetParameters = stringList(fields["target_parameters"]?.value, splitCommas: false)
        spec.rankPattern = pattern(fields["rank_pattern"], integersOnly: true)
        spec.alphaPattern = pattern(fields["alpha_pattern"], integersOnly: false)
        spec.useRslora = isTrue(fields["use_rslora"])
        spec.taskType = fields["task_type"]?.value.scalar?.value.stringValue
        spec.loraDropout = number(fields["lora_dropout"]) ?? 0
        spec.fanInFanOut = isTrue(fields["fan_in_fan_out"])
        spec.loraBias = isTrue(fields["lora_bias"])
        spec.useDora = isTrue(fields["use_dora"])
        if let method = fields["init_lora_weights"]?.value.scalar?.value.stringValue { spec.initLoraWeightsMethod = method }
        // `if self.use_dora and self.megatron_config`: an empty dict is falsy.
        spec.hasMegatronConfig = !(fields["megatron_config"]?.value.effectiveEntries.isEmpty ?? true)
        spec.ensureWeightTying = isTrue(fields["ensure_weight_tying"])
        let tokenModules = fields["trainable_token_indices"]?.value.effectiveEntries.compactMap(\.keyText) ?? []
        spec.trainableTokenModules = tokenModules.isEmpty ? nil : tokenModules
        spec.trainableTokensOnInputEmbedding = !(fields["trainable_token_indices"]?.value.items?.isEmpty ?? true)
        if format == .llamaFactory, fields["lora_alpha"] == nil { notes.append("lora_alpha defaults to 2 × lora_rank in LLaMA-Factory") }
        if fields["r"] == nil, definition.defaultR != nil { notes.append("r is not set: \(format.rawValue) passes r=\(format.defaultR)") }
        return (spec, unknown, notes)
    }

    package static func isInterpolated(_ node: Node) -> Bool {
        UnknownValue.isUnknown(node)
    }

    private func positiveInt(_ field: SettingField?) -> Int? {
        guard let value = field?.value.scalar?.value, case .int(let number) = value, number > 0 else { return nil }
        return number
    }

    private func isTrue(_ field: SettingField?) -> Bool {
        field?.value.scalar?.value == .bool(true)
    }

    private func number(_ field: SettingField?) -> Double? {
        field?.value.scalar?.value.number
    }

    private func targets(_ field: SettingField?, notes: inout [String]) -> TargetModules? {
        let node = field?.value
        switch format {
        case .axolotl:
            if let all = Axolotl.targets(section: section, notes: &notes) { return all }
        case .torchtune: return Torchtune.targets(section: section, notes: &notes)
        case .msSwift: return MsSwift.targets(section: section, field: node, notes: &notes)
        case .h2o: return H2OLLMStudio.targets(field: node, notes: &notes)
        case .autotrain: return AutoTrain.targets(field: node, notes: &notes)
        case .openInstruct: return OpenInstruct.targets(notes: &notes)
        case .unsloth: return Unsloth.targets(field: node, notes: &notes)
        case .easyR1: return EasyR1.targets(field: node, notes: &notes)
        case .firefly: return Firefly.targets(notes: &notes)
        case .olive: return Olive.targets(field: node, notes: &notes)
        case .miniGPT: return MiniGPT.targets(notes: &notes)
        case .flock: return FLock.targets(notes: &notes)
        default: break
        }
        guard let node else { return nil }
        if format == .trl, let items = node.items, items.count == 1, let only = items[0].scalar?.text {
            // TRL's ModelConfig.__post_init__ turns a one-item list into a str, which PEFT
            // then full-matches as a regex.
            notes.append("TRL passes the one-item lora_target_modules list as the string \"\(only)\" (a full-match regex)")
            return only.lowercased() == "all-linear" ? .allLinear : .regex(only)
        }
        if format == .oumi, let items = node.items, items.count == 1, items[0].scalar?.text.lowercased() == "all-linear" {
            return .allLinear
        }
        if format == .llamaFactory || format == .peftSection, let text = node.scalar?.text, text == "all" {
            notes.append("\(field!.key): all means every linear layer")
            return .allLinear
        }
        return modules(node, splitCommas: format == .llamaFactory)
    }

    private func modules(_ node: Node?, splitCommas: Bool) -> TargetModules? {
        guard let node else { return nil }
        if let text = node.scalar?.value.stringValue {
            if text.lowercased() == "all-linear" { return .allLinear }
            if splitCommas { return .list(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            return .regex(text)
        }
        if let list = stringList(node, splitCommas: false) { return .list(list) }
        return nil
    }

    private func stringList(_ node: Node?, splitCommas: Bool) -> [String]? {
        guard let node else { return nil }
        if let text = node.scalar?.value.stringValue {
            return splitCommas ? text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : [text]
        }
        guard let items = node.items else { return nil }
        return items.compactMap { $0.resolved.scalar?.value.stringValue }
    }

    private func layerIndices(_ node: Node?) -> [Int]? {
        guard let node else { return nil }
        if let value = node.scalar?.value.intValue { return [value] }
        return node.items?.compactMap { $0.resolved.scalar?.value.intValue }
    }

    /// Entries in Python dict order; values PEFT could not use (strings, bools) are left
    /// out here and reported by the invalid-value rule.
    private func pattern(_ field: SettingField?, integersOnly: Bool) -> [PatternEntry] {
        guard let node = field?.value else { return [] }
        return node.effectiveEntries.compactMap { entry in
            guard let key = entry.keyText, let value = entry.value.resolved.scalar?.value else { return nil }
            switch value {
            case .int(let number): return PatternEntry(key: key, value: Double(number))
            case .float(let number) where !integersOnly: return PatternEntry(key: key, value: number)
            default: return nil
            }
        }
    }
}

import Foundation
import GradienceSyntax
import GradiencePEFT
