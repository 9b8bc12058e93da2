import GradiencePEFT
import GradienceConfig
/// GL008: a pattern key that is not a valid Python regex, or that the configured PEFT
/// version reads differently from 0.15 and later.
public enum InvalidPatternKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL008", name: "invalid-pattern-key", severity: .error,
        summary: "A rank_pattern/alpha_pattern key is not a valid Python regex, or the configured PEFT version reads it differently.",
        description: "Compiles every key the way PEFT's `get_pattern_key` does and reports keys `re` rejects (error, with CPython's message and position) and keys gradience-lint cannot evaluate exactly (info: they are skipped, never guessed). With `peft-version` below 0.15 it also reports keys that version reads differently: `^`-anchored keys, regexes that must match from the root (`model\\.layers\\.0\\..*q_proj`) and top-level alternations (`q_proj|v_proj`). With an inventory the two readings are compared module by module; without one, `^` and top-level `|` are recognised from the key.",
        why: "An invalid key makes `get_peft_model` raise `re.error` once the lookup reaches it, after the model is loaded. Up to 0.14 PEFT pasted each key into `re.match(rf\".*\\.{key}$\", name)`: a `^` after `.*\\.` never matches, a root-anchored regex needs a dot in front of it, and `a|b` splits the whole pattern so only `a` applies. 0.15 (#2419) reads keys as `(.*\\.)?({key})$`. Such a key is silently ignored (or half applied) when training on the old version, and applied when the adapter is loaded on a new one: a size mismatch, or silently different ranks.",
        fix: .none("Rewrite the key; for old PEFT versions use plain dotted suffixes (`layers.0.self_attn.q_proj`) or one key per alternative."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓layers\\.(0|1\\.self_attn\\.q_proj: 16\n", note: "Not a valid regex: `missing ), unterminated subpattern`."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓^model.layers.0.self_attn.q_proj: 16\n  ↓q_proj|v_proj: 4\n", settings: ["peft-version": "0.14.0"],
                        note: "PEFT 0.14 reads both keys as `.*\\.{key}$`."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓model\\.layers\\.1\\..*: 16\n", model: "llama:2", settings: ["peft-version": "0.13.2"],
                        note: "A regex anchored at the root needs a dot in front of it before 0.15."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓(q)?(?(1)_proj|v_proj): 4\n",
                        note: "Info: valid Python, but a conditional group cannot be evaluated exactly; the key is skipped, not guessed."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ^model.layers.0.self_attn.q_proj: 16\n  q_proj|v_proj: 4\n", note: "PEFT ≥ 0.15 (the default 0.18.1) reads both as intended."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  layers.0.self_attn.q_proj: 16\n  model.layers.1.self_attn.q_proj: 16\n  v_proj: 4\n", model: "llama:2", settings: ["peft-version": "0.14.0"],
                   note: "Dotted suffixes and exact full names mean the same in every version."),
        ],
        settings: ["peft-version"])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let version = context.options.peftVersion
        var findings: [Finding] = []
        for kind in PatternKind.allCases {
            let unevaluated = context.unevaluatedKeys(kind)
            for patternKey in lora.patternKeys(kind) {
                if let problem = context.regexProblem(patternKey.key) ?? unevaluated[patternKey.key] {
                    findings.append(finding(for: problem, patternKey, lora: lora, version: version))
                    continue
                }
                guard PatternKeyReading.readsKeysOldStyle(version) else { continue }
                let old = "PEFT \(version) reads rank_pattern/alpha_pattern keys as `.*\\.{key}$` (0.15 and later as `(.*\\.)?({key})$`)"
                let consequence = kind == .rank
                    ? "an adapter trained on \(version) and loaded on PEFT ≥ 0.15 gets different shapes (size mismatch)"
                    : "an adapter trained on \(version) and loaded on PEFT ≥ 0.15 gets a different scaling"
                if let resolution = context.resolution {
                    let names = resolution.modules.map(\.name)
                    guard let reading = PatternKeyReading.difference(for: patternKey.key, modules: names, version: version,
                                                                     budget: context.regexBudget) else { continue }
                    let surprise = PatternKeyReading.oldStyleSurprise(patternKey.key).map { ": \($0)" } ?? ""
                    let message = "\(kind.field) key '\(patternKey.key)' matches \(describe(reading.configuredMatches)) on PEFT \(version) but \(describe(reading.currentMatches)) on 0.15 and later; \(old)\(surprise). \(missed(context, kind, reading, then: consequence))"
                    findings.append(Finding(node: patternKey.entry.key, keyPath: patternKey.pointer, message: message))
                } else if let surprise = PatternKeyReading.oldStyleSurprise(patternKey.key) {
                    let message = "\(kind.field) key '\(patternKey.key)' means something else on PEFT \(version): \(old), and \(surprise). The modules it was meant for train at the default \(lora.defaultDescription(kind)) unless another key matches them, and \(consequence)"
                    findings.append(Finding(node: patternKey.entry.key, keyPath: patternKey.pointer, message: message))
                }
            }
        }
        return findings
    }

    /// Why PEFT's lookup cannot use `key`, or nil. Validity is decided on the pattern PEFT
    /// actually compiles; the message and position come from the key on its own when it
    /// fails there too (positions then count from the key's first character).
    static func regexProblem(_ key: String, version: PeftVersion) -> PythonRegexProblem? {
        // Names with dots and no other syntax (most keys) are valid in every version.
        if LiteralKey.isLiteral(key) { return nil }
        let style = PatternKeyStyle(version: version)
        guard case .failure(let wrapped) = PythonRegex.compile(style.pythonPattern(for: key), mode: .match) else { return nil }
        if case .failure(let bare) = PythonRegex.compile(key, mode: .match), bare.kind == wrapped.kind { return bare }
        return PythonRegexProblem(kind: wrapped.kind, message: wrapped.message, position: nil)
    }

    private static func finding(for problem: PythonRegexProblem, _ patternKey: PatternKey, lora: LoraSettings, version: PeftVersion) -> Finding {
        let kind = patternKey.kind
        let lookup = PatternKeyReading.readsKeysOldStyle(version) ? "re.match(rf\".*\\.{key}$\", name)" : "re.match(rf\"(.*\\.)?({key})$\", name)"
        let at = problem.position.map { " at position \($0)" } ?? ""
        switch problem.kind {
        case .invalid:
            return Finding(node: patternKey.entry.key, keyPath: patternKey.pointer,
                           message: "\(kind.field) key '\(patternKey.key)' is not a valid Python regex (\(problem.message)\(at)): PEFT \(version) pastes keys into `\(lookup)`, so get_peft_model raises re.error when the lookup reaches this key")
        case .untranslatable:
            return Finding(node: patternKey.entry.key, keyPath: patternKey.pointer,
                           message: "\(kind.field) key '\(patternKey.key)' is valid Python, but \(problem.message)\(at), so gradience-lint cannot evaluate it exactly and skips it: the modules it matches are not checked, and the other rules treat them as on the default \(lora.defaultDescription(kind))",
                           severity: .info)
        case .catastrophicBacktracking:
            return Finding(node: patternKey.entry.key, keyPath: patternKey.pointer,
                           message: "\(kind.field) key '\(patternKey.key)' is valid Python, but \(problem.message); gradience-lint stopped and skips it: the modules it matches are not checked, and the other rules treat them as on the default \(lora.defaultDescription(kind))",
                           severity: .warning)
        case .budgetExhausted:
            return Finding(node: patternKey.entry.key, keyPath: patternKey.pointer,
                           message: "\(kind.field) key '\(patternKey.key)' was not evaluated: \(problem.message); the modules it matches are not checked",
                           severity: .info)
        }
    }

    /// "no module", "1 module (model.layers.0.self_attn.q_proj)", "4 modules (a, b, c and 1 more)".
    /// What the modules the key misses on this version train at, from the resolution.
    private static func missed(_ context: RuleContext, _ kind: PatternKind, _ reading: PatternKeyReading, then consequence: String) -> String {
        let configured = Set(reading.configuredMatches)
        let missed = Set(reading.currentMatches.filter { !configured.contains($0) })
        let modules = context.resolution?.modules.filter { missed.contains($0.name) } ?? []
        let sentence = modules.isEmpty ? consequence : context.howModulesTrain(kind, modules, subject: "it misses") + ", and " + consequence
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }

    static func describe(_ names: [String]) -> String {
        switch names.count {
        case 0: return "no module"
        case 1: return "1 module (\(names[0]))"
        default: return "\(names.count) modules (\(RuleContext.sample(names)))"
        }
    }
}
