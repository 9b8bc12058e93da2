/// Turns the fields a file sets into the `LoraSpec` PEFT will actually receive, applying
/// each tool's defaults and the transformations it performs on the way.
struct SpecBuilder {
    let format: ConfigFormat
    let section: Node
    let fields: [String: SettingField]

    func build() -> (LoraSpec, Set<String>, [String]) {
        var unknown = Set<String>()
        var notes: [String] = []
        for (name, field) in fields where Self.isInterpolated(field.value) { unknown.insert(name) }

        var spec = LoraSpec()
        spec.r = positiveInt(fields["r"]) ?? format.defaultR
        spec.loraAlpha = number(fields["lora_alpha"]) ?? format.defaultAlpha(r: spec.r)
        spec.targetModules = targets(fields["target_modules"], notes: &notes)
        // axolotl's `load_lora`: `set(lora_target_modules + find_all_linear_names(model))`.
        if spec.targetModules == .allLinear, format == .axolotl {
            spec.additionalTargets = stringList(fields["target_modules"]?.value, splitCommas: false) ?? []
        }
        // axolotl (`find_all_linear_names`) and LLaMA-Factory (`find_all_linear_modules`) turn
        // "every linear layer" into a list of leaf names themselves; PEFT never sees the str.
        if spec.targetModules == .allLinear, format == .axolotl || format == .llamaFactory { spec.allLinearExpandedByTrainer = true }
        spec.excludeModules = modules(fields["exclude_modules"]?.value, splitCommas: false)
        spec.modulesToSave = stringList(fields["modules_to_save"]?.value, splitCommas: format == .llamaFactory)
        spec.layersToTransform = layerIndices(fields["layers_to_transform"]?.value)
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
        if fields["r"] == nil { notes.append("r is not set: \(format.rawValue) passes r=\(format.defaultR)") }
        return (spec, unknown, notes)
    }

    static func isInterpolated(_ node: Node) -> Bool {
        if let scalar = node.scalar { return scalar.text.containsText("${") }
        return false
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
        switch format {
        case .axolotl:
            if section.value(forKey: "lora_target_linear")?.scalar?.value == .bool(true) {
                notes.append("lora_target_linear: true adds every linear layer to the targets")
                return .allLinear
            }
        case .torchtune:
            return torchtuneTargets(notes: &notes)
        case .msSwift, .h2o, .autotrain, .openInstruct, .unsloth, .easyR1:
            return trainerTargets(field?.value, notes: &notes)
        default:
            break
        }
        guard let node = field?.value else { return nil }
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

    /// What the trainers that build `target_modules` themselves pass to PEFT.
    private func trainerTargets(_ node: Node?, notes: inout [String]) -> TargetModules? {
        let text = node?.scalar?.value.stringValue
        let items = node?.items.map { $0.compactMap { $0.resolved.scalar?.value.stringValue } }
        let commaSeparated = text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        switch format {
        case .msSwift:
            // `get_target_modules` in swift/pipelines/train/tuner.py: `target_regex` wins;
            // `all-linear` (the default) becomes every linear layer of the LLM; a YAML string
            // reaches the List[str] argument as one item (`parse_yaml_args`).
            if let regex = section.value(forKey: "target_regex")?.scalar?.value.stringValue {
                notes.append("target_regex overrides target_modules in ms-swift")
                return .regex(regex)
            }
            let names = items ?? text.map { [$0] } ?? ["all-linear"]
            if names.contains("all-linear") {
                notes.append("ms-swift expands all-linear to every linear layer (find_all_linears)")
                return .allLinear
            }
            return .list(names)
        case .h2o:
            // `prepare_lora`: a comma string; empty means every Linear/Conv1D whose name has no "head".
            guard let names = commaSeparated, !names.isEmpty else {
                notes.append("an empty lora_target_modules means every linear layer except heads in h2o-llmstudio")
                return .allLinear
            }
            return .list(names)
        case .autotrain:
            // `get_target_modules`: absent means the "all-linear" default; empty means the
            // per-model default table; otherwise a comma string.
            guard let text else { return node == nil ? .allLinear : nil }
            if text.trimmingCharacters(in: .whitespaces).lowercased() == "all-linear" { return .allLinear }
            return commaSeparated.flatMap { $0.isEmpty ? nil : .list($0) }
        case .openInstruct:
            notes.append("open-instruct always targets q/k/v/o and gate/up/down_proj")
            return .list(["q_proj", "o_proj", "v_proj", "k_proj", "gate_proj", "up_proj", "down_proj"])
        case .unsloth:
            // `Config.model_kwargs` splits a string on commas; `prepare_model_for_training`
            // turns ["all-linear"] into the string and drops it from a longer list; nothing
            // at all means the seven attention and MLP projections.
            var names = items ?? commaSeparated ?? []
            if names == ["all-linear"] { return .allLinear }
            names.removeAll { $0 == "all-linear" }
            if names.isEmpty {
                notes.append("no target_modules: unsloth targets q/k/v/o and gate/up/down_proj")
                return .list(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"])
            }
            return .list(names)
        case .easyR1:
            // `_build_model_optimizer`: "all-linear" as is, anything else split on commas.
            guard let text else { return node == nil ? .allLinear : nil }
            return text == "all-linear" ? .allLinear : commaSeparated.map { .list($0) }
        default:
            return nil
        }
    }

    /// torchtune names its modules itself; these are the PEFT names it saves them under.
    private func torchtuneTargets(notes: inout [String]) -> TargetModules? {
        let rename = ["output_proj": "o_proj", "w1": "gate_proj", "w2": "down_proj", "w3": "up_proj", "output": "lm_head"]
        var names = (stringList(section.value(forKey: "lora_attn_modules"), splitCommas: false) ?? []).map { rename[$0] ?? $0 }
        if section.value(forKey: "apply_lora_to_mlp")?.scalar?.value == .bool(true) { names += ["gate_proj", "down_proj", "up_proj"] }
        if section.value(forKey: "apply_lora_to_output")?.scalar?.value == .bool(true) { names.append("lm_head") }
        notes.append("torchtune module names mapped to PEFT's (output_proj → o_proj, w1/w2/w3 → gate/down/up_proj)")
        return names.isEmpty ? nil : .list(names)
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
