import GradienceInventory
/// PEFT ≥ 0.19 on transformers ≥ 5 rewrites the LoRA config of MoE models whose experts
/// transformers 5 fused into 3-D parameters, before anything is matched:
/// `_convert_peft_config_moe` in peft `utils/transformers_weight_conversion.py` (called from
/// `BaseTuner.inject_adapter` when `is_transformers_ge_v5`). Expert projection names in
/// `target_modules` become `target_parameters` on the fused experts (and the router), a
/// string target is first resolved to the leaf names of what it matches (so a regex that
/// names one layer ends up targeting that leaf in every layer), and fused pairs get their
/// rank and alpha doubled through appended `rank_pattern` / `alpha_pattern` keys.
/// 0.19 has the conversion without `_resolve_string_target_modules` (added in 0.20): it runs
/// `set(peft_config.target_modules)` on a str, so `all-linear` or a regex becomes a set of
/// single characters, which then match no module.
package enum MoEConfigConversion {
    /// transformers' `_MODEL_TO_CONVERSION_PATTERN` (conversion_mapping.py, 5.24), restricted to
    /// the two bases PEFT converts, plus PEFT's own `"mixtral": "mixtral"`. `qwen2_moe` itself
    /// is not a key there, so it is not converted.
    package static let baseModelType: [String: String] = {
        var table = ["mixtral": "mixtral", "minimax": "mixtral", "minimax_m2": "mixtral"]
        for type in ["afmoe", "deepseek_v2", "deepseek_v3", "deepseek_v32", "dots1", "ernie4_5_moe", "glm4_moe",
                     "glm4_moe_lite", "glm_moe_dsa", "glm4v_moe", "longcat_flash", "solar_open", "mellum", "qwen3_moe",
                     "beam", "qwen3_omni_moe", "qwen3_omni_moe_thinker", "qwen3_omni_moe_text", "qwen3_next",
                     "hunyuan_v1_moe", "flex_olmo", "olmoe", "sarvam_mla", "exaone_moe", "cohere2_moe"] {
            table[type] = "qwen2_moe"
        }
        return table
    }()

    /// `_MOE_TARGET_MODULE_MAPPING`, in dict order (the first entry a target ends with wins).
    package static let targetMapping: [String: [(old: String, new: String)]] = [
        "mixtral": [("gate", "gate.weight"), ("w1", "gate_up_proj"), ("w3", "gate_up_proj"), ("w2", "down_proj")],
        "qwen2_moe": [("gate", "gate.weight"), ("gate_proj", "gate_up_proj"), ("up_proj", "gate_up_proj"), ("down_proj", "down_proj")],
    ]

    /// `_MOE_FUSED_TARGETS`.
    static let fusedTargets: [String: (new: String, olds: [String])] = [
        "mixtral": ("gate_up_proj", ["w1", "w3"]),
        "qwen2_moe": ("gate_up_proj", ["gate_proj", "up_proj"]),
    ]

    enum Outcome {
        case unchanged
        case converted(LoraSpec)
        /// The ValueError PEFT raises for half a fused pair.
        case raises(String)
    }

    static func convert(spec: LoraSpec, inventory: Inventory, version: PeftVersion) -> Outcome {
        guard version.hasFeature(since: 0, 19), inventory.transformersVersion.fusesExperts,
              let modelType = inventory.modelType, let base = baseModelType[modelType],
              let mapping = targetMapping[base], let fused = fusedTargets[base] else { return .unchanged }
        // Names without the fused experts (a catalog or adapter-weights layout of transformers 4)
        // cannot show what the conversion adapts: leave them as they are.
        let parameters = inventory.targetableParameters
        guard parameters.contains(where: { $0.dimensions == 3 }) else { return .unchanged }
        var targets: [String]
        var given = spec.targetModules
        if case .regex(let text)? = given, text.lowercased() == "all-linear" { given = .allLinear }
        if !version.hasFeature(since: 0, 20) {
            // 0.19: `set(target_modules)` of a str is the set of its characters.
            switch spec.targetModules {
            case .regex(let text)?: given = .list(text.map(String.init))
            case .allLinear?: given = .list("all-linear".map(String.init))
            default: break
            }
        }
        switch given {
        case nil: targets = []
        case .list(let list)?: targets = list
        case .allLinear? where spec.allLinearExpandedByTrainer:
            // A list of the linear leaves: transformers 5's fused experts are not among them.
            targets = AllLinearExpansion.expand(inventory: inventory, taskType: spec.taskType, version: version).targets.map(leaf)
                + spec.additionalTargets
        case .allLinear?:
            // `_resolve_string_target_modules`: the linear leaves, plus every old expert name.
            let linear = AllLinearExpansion.expand(inventory: inventory, taskType: spec.taskType, version: version).targets
            targets = Array(Set(linear.map(leaf)).union(mapping.map(\.old)))
        case .regex(let pattern)?:
            guard case .success(let regex) = PythonRegex.compile(pattern, mode: .fullMatch) else { return .unchanged }
            let keys = inventory.modules.map(\.name).filter { !$0.isEmpty } + parameters.map(\.fullName)
            // Bounded like every config-written regex: a runaway one leaves the config as it
            // is, and the resolver, under the file's budget, reports it.
            let budget = RegexBudget()
            func matches(_ name: String) -> Bool? { try? regex.matches(name, budget: budget).get() }
            var matched: Set<String> = []
            for key in keys {
                guard let hit = matches(key) else { return .unchanged }
                if hit { matched.insert(leaf(key)) }
            }
            // The fused experts' old names are probed on their container (`…mlp.experts.gate_proj`).
            for (old, new) in mapping where !matched.contains(old) {
                for container in parameters.filter({ $0.name == new }).map(\.module) {
                    guard let hit = matches("\(container).\(old)") else { return .unchanged }
                    if hit { matched.insert(old); break }
                }
            }
            // Nothing matched: PEFT leaves the config for the standard not-found error.
            guard !matched.isEmpty else { return .unchanged }
            targets = Array(matched)
        }
        var converted = spec
        var targetParameters = Set(spec.targetParameters ?? [])
        var remaining: [String] = []
        var present: Set<String> = []
        for target in Set(targets) {
            guard let entry = mapping.first(where: { target == $0.old || target.hasSuffix(".\($0.old)") }) else {
                remaining.append(target)
                continue
            }
            targetParameters.insert(entry.new)
            if entry.new == fused.new { present.insert(entry.old) }
        }
        if !present.isEmpty && present.count < fused.olds.count {
            let missing = fused.olds.filter { !present.contains($0) }.joined(separator: ", ")
            return .raises("PEFT raises ValueError: Cannot convert PEFT target(s) \(present.sorted().joined(separator: ", ")) "
                + "without also targeting \(missing) because they are fused into \(fused.new) (transformers 5 MoE layout)")
        }
        if present.count == fused.olds.count && fused.olds.count > 1 {
            let key = addedPatternKey(fused)
            let factor = Double(fused.olds.count)
            converted.rankPattern.append(PatternEntry(key: key, value: Double(spec.r) * factor))
            converted.alphaPattern.append(PatternEntry(key: key, value: spec.loraAlpha * factor))
        }
        converted.targetParameters = targetParameters.pythonSorted()
        converted.targetModules = .list(remaining.pythonSorted())
        return .converted(converted)
    }

    /// A `rank_pattern` entry the conversion itself adds (`.*\.gate_up_proj` at r × the number
    /// of fused targets): a saved `adapter_config.json` carries it although nobody wrote it
    /// as a per-module schedule.
    public static func isAddedByConversion(_ entry: PatternEntry, r: Int) -> Bool {
        fusedTargets.values.contains { fused in
            fused.olds.count > 1 && entry.key == addedPatternKey(fused) && entry.value == Double(r) * Double(fused.olds.count)
        }
    }

    /// The key `_convert_peft_config_moe` gives the fused parameter in both pattern dicts.
    private static func addedPatternKey(_ fused: (new: String, olds: [String])) -> String {
        #".*\."# + fused.new
    }

    private static func leaf(_ name: String) -> String {
        String(name.split(separator: ".", omittingEmptySubsequences: false).last!)
    }
}
