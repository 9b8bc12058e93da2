import GradienceSyntax
import GradienceConfig
/// GL010: a LoRA setting of the wrong type or out of range.
public enum InvalidValue: Rule {
    public static let metadata = RuleMetadata(
        code: "GL010", name: "invalid-value", severity: .error,
        summary: "A LoRA setting has the wrong type or is out of range.",
        description: "Checks that `r` and every `rank_pattern` value are positive integers (not `\"8\"`, `8.0` or `true`), that `lora_alpha` and `alpha_pattern` values are positive numbers, that `lora_dropout` is in [0, 1), that `bias` is `none`, `all` or `lora_only`, that `target_modules` is not empty (unless the tool fills an empty value in itself), that torchtune's `lora_attn_modules` names only modules torchtune knows, and that `layers_pattern` comes with `layers_to_transform`. Interpolations such as `${...}` are left alone.",
        why: "`LoraConfig` checks almost none of this: a string rank fails deep inside injection with a `TypeError`, `r: 0` raises only when the layer is built, a dropout of 1.0 zeroes every LoRA input, an unknown `bias` raises `NotImplementedError` at injection, and `layers_pattern` alone is rejected by `__post_init__` — after the job has been queued.",
        fix: .none("The intended value is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: ↓\"8\"\nlora_alpha: 16\ntarget_modules: [q_proj]\n"),
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\nlora_dropout: ↓1.0\ntarget_modules: [q_proj]\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj: ↓4.0\n"),
            .triggering("peft_type: LORA\nr: 8\nbias: ↓both\ntarget_modules: ↓[]\n"),
            .triggering("model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n  lora_attn_modules: [q_proj, ↓v_prj]\n  lora_rank: 8\n",
                        note: "torchtune's builders test each known name and ignore the rest."),
            .clean("peft_type: LORA\nr: 8\nlora_alpha: 16.5\nlora_dropout: 0.05\nbias: none\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj: 4\n"),
        ],
        readsFileAlone: true)

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        var findings: [Finding] = []
        func report(_ node: Node, _ pointer: String, _ message: String) {
            findings.append(Finding(node: node, keyPath: pointer, message: message))
        }
        func known(_ name: String) -> SettingField? {
            guard let field = lora.field(name), !lora.notStaticallyKnown.contains(name) else { return nil }
            return field
        }

        if let field = known("r"), let problem = rankProblem(field.value) {
            report(field.value, field.pointer, "\(field.key) must be a positive integer; \(problem)")
        }
        if let field = known("lora_alpha"), let problem = alphaProblem(field.value) {
            report(field.value, field.pointer, "\(field.key) must be a positive number; \(problem)")
        }
        for patternKey in lora.allPatternKeys {
            let node = patternKey.entry.value.resolved
            guard !SpecBuilder.isInterpolated(node) else { continue }
            let problem = patternKey.kind == .rank ? rankProblem(node) : alphaProblem(node)
            if let problem {
                report(node, patternKey.pointer, "\(patternKey.kind.field) value for '\(patternKey.key)' must be a positive \(patternKey.kind == .rank ? "integer" : "number"); \(problem), and PEFT will not use it")
            }
        }
        if let field = known("lora_dropout"), let value = field.value.scalar?.value, value != .null {
            if case .bool = value {
                report(field.value, field.pointer, "\(field.key) must be a number in [0, 1); got the bool \(value.pythonRepr)")
            } else if let number = value.number {
                if !(number >= 0 && number < 1) {
                    report(field.value, field.pointer, "\(field.key) must be in [0, 1); \(LoraSettings.format(number)) \(number >= 1 ? "drops every LoRA input" : "is not a probability")")
                }
            } else {
                report(field.value, field.pointer, "\(field.key) must be a number in [0, 1); got \(value.typeName) \(value.pythonRepr)")
            }
        }
        if let field = known("bias"), let value = field.value.scalar?.value, value != .null {
            let allowed = ["none", "all", "lora_only"]
            if !(value.stringValue.map(allowed.contains) ?? false) {
                report(field.value, field.pointer, "bias must be one of none, all, lora_only; got \(value.pythonRepr) (PEFT raises NotImplementedError when it injects the adapter)\(Suggestion.didYouMean(value.stringValue ?? "", among: allowed))")
            }
        }
        // `target_modules: []` beside `target_parameters` is PEFT's own way to adapt parameters
        // only (what `_convert_peft_config_moe` writes for Mixtral's w1/w2/w3).
        if let field = known("target_modules"), !lora.format.replacesEmptyTargets, (lora.spec.targetParameters ?? []).isEmpty {
            let value = field.value
            if value.items?.isEmpty == true || value.scalar?.value == .string("") {
                report(value, field.pointer, "\(field.key) is empty, so no module is targeted (PEFT raises \"No modules were targeted\" or, for a str, matches nothing)")
            }
        }
        if lora.format == .torchtune, let field = known("target_modules"), let items = field.value.items {
            // torchtune `modules/peft/_utils.py`: LORA_ATTN_MODULES; the builders test
            // `if "q_proj" in lora_modules` (`lora_llama3_self_attention`), so any other
            // entry is ignored without a word.
            let allowed = ["q_proj", "k_proj", "v_proj", "output_proj"]
            for (index, item) in items.enumerated() {
                guard let name = item.resolved.scalar?.value.stringValue, !allowed.contains(name), !SpecBuilder.isInterpolated(item) else { continue }
                report(item, JSONPointer.appending(field.pointer, index),
                       "'\(name)' is not one of torchtune's lora_attn_modules (q_proj, k_proj, v_proj, output_proj): the model builder ignores it, so no adapter is added for it\(Suggestion.didYouMean(name, among: allowed))")
            }
        }
        // With a str target_modules LoraConfig raises about that first (GL012's finding).
        if let field = known("layers_pattern"), field.value.scalar?.value != .null, field.value.items?.isEmpty != true,
           LayerSelection.stringTargetDescription(lora) == nil {
            let transform = lora.field("layers_to_transform")?.value
            if transform == nil || transform?.scalar?.value == .null {
                report(field.entry.key, field.pointer, "\(field.key) without layers_to_transform: LoraConfig raises \"When `layers_pattern` is specified, `layers_to_transform` must also be specified\"")
            }
        }
        return findings
    }

    /// Why a value is not a positive int, in Python terms, or nil when it is one.
    static func rankProblem(_ node: Node) -> String? {
        guard let value = node.scalar?.value else { return "got a \(node.items != nil ? "list" : "mapping")" }
        switch value {
        case .int(let number): return number > 0 ? nil : "got \(number)"
        case .bigInt(let text): return text.hasPrefix("-") ? "got \(text)" : nil
        case .bool(let flag): return "got the bool \(flag ? "True" : "False")"
        case .float(let number): return "got the float \(ScalarValue.float(number).pythonRepr)"
        case .string(let text): return "got the string '\(text)'"
        default: return "got \(value.typeName) \(value.pythonRepr)"
        }
    }

    static func alphaProblem(_ node: Node) -> String? {
        guard let value = node.scalar?.value else { return "got a \(node.items != nil ? "list" : "mapping")" }
        switch value {
        case .int, .float, .bigInt:
            let number = value.number ?? 0
            return number > 0 && number.isFinite ? nil : "got \(value.pythonRepr)"
        case .bool(let flag): return "got the bool \(flag ? "True" : "False")"
        case .string(let text): return "got the string '\(text)'"
        default: return "got \(value.typeName) \(value.pythonRepr)"
        }
    }
}
