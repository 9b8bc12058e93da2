import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// GL011: `target_modules` entries that cannot mean what they say.
public enum SuspiciousTargetModules: Rule {
    public static let metadata = RuleMetadata(
        code: "GL011", name: "suspicious-target-modules", severity: .warning,
        summary: "A target_modules entry matches nothing or does not mean what it looks like.",
        description: "Reports `\"all-linear\"` inside a list (error: a literal that matches nothing), regex metacharacters in list entries (list entries are literal), and a string `target_modules` without regex metacharacters (PEFT full-matches a string, so `\"q_proj\"` hits only a root module) — including TRL's one-item `lora_target_modules` list, which TRL hands to PEFT as a string. With an inventory, also list entries that match no module (warning; error when no entry matches, since PEFT then raises) and a string that full-matches no module (error). Without one, when the base model's name points to a known family (`acme/Qwen2.5-7B-merged` shares `Qwen2.5` with the table's qwen2 models), list entries without a layer index that no module of that architecture ends with (warning only: the architecture is assumed).",
        why: "`check_target_module_exists` treats a list entry as a literal name suffix and a str as `re.fullmatch` over the whole name. PEFT raises only when *nothing* matches; an entry that matches nothing among others is silent, and that module is simply not adapted.",
        fix: .none("Whether a regex or a list was meant is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [↓all-linear]\n", note: "Error: inside a list `all-linear` is a literal name."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, ↓.*v_proj]\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: ↓q_proj\n"),
            .triggering("use_peft: true\nlora_r: 8\nlora_target_modules: [↓q_proj]\n", note: "TRL passes a one-item list to PEFT as the str `q_proj`."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, ↓v_prj]\n", model: "llama:2", note: "Warning: `q_proj` is still adapted, `v_prj` silently matches nothing."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [↓query, ↓value]\n", model: "llama:2", note: "Error: BERT's names on a llama model; PEFT raises."),
            .triggering("peft_type: LORA\nbase_model_name_or_path: acme/Qwen2.5-7B-merged\nr: 8\ntarget_modules: [q_proj, ↓v_prj]\n",
                        note: "No inventory, but the name points to qwen2: a leaf name no qwen2 module has is still caught (warning)."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: all-linear\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: .*\\.(q_proj|v_proj)\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [self_attn.q_proj, v_proj, lm_head]\n", model: "llama:2"),
        ])

    /// Characters that make a list entry look like a regex (a lone `.` is a normal path separator).
    static let metacharacters: Set<Character> = ["*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "^", "$", "\\"]

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard let field = lora.field("target_modules"), !lora.notStaticallyKnown.contains("target_modules") else { return [] }
        // torchtune's names are its own (output_proj, w1…), not the base model's.
        let inventory = lora.format == .torchtune ? nil : context.inventory
        if case .regex(let pattern)? = lora.spec.targetModules {
            // A str, or TRL's one-item list that TRL turns into one.
            let node = field.value.items?.first ?? field.value
            let pointer = field.value.items == nil ? field.pointer : JSONPointer.appending(field.pointer, 0)
            return stringFindings(pattern, node: node, pointer: pointer, field: field, lora: lora, inventory: inventory,
                                  budget: context.regexBudget)
        }
        var findings: [Finding] = []
        var literalEntries: [(node: Node, pointer: String, text: String)] = []
        if let items = field.value.items {
            for (index, item) in items.enumerated() {
                guard let text = item.resolved.scalar?.value.stringValue else { continue }
                let pointer = JSONPointer.appending(field.pointer, index)
                if text.lowercased() == "all-linear" {
                    // TRL and oumi turn a one-item ["all-linear"] into the string themselves.
                    if lora.spec.targetModules == .allLinear { continue }
                    findings.append(Finding(node: item, keyPath: pointer, message: "'\(text)' inside the \(field.key) list; PEFT recognises \"all-linear\" only as a string, so inside a list it is a literal module name that matches nothing; write `\(field.key): all-linear`", severity: .error))
                } else if text.contains(where: metacharacters.contains) {
                    findings.append(Finding(node: item, keyPath: pointer, message: "'\(text)' looks like a regex, but \(field.key) list entries are literal name suffixes: it matches only a module literally named so; use a string \(field.key) for a regex"))
                } else {
                    literalEntries.append((item, pointer, text))
                }
            }
        } else if case .list(let entries)? = lora.spec.targetModules, let scalar = field.value.scalar, scalar.value.stringValue != nil {
            // LLaMA-Factory's comma-separated `lora_target: q_proj,v_proj`.
            literalEntries = entries.map { (field.value, field.pointer, $0) }
        }
        guard let inventory else {
            return findings + assumedArchitectureFindings(literalEntries, field: field, assumed: context.assumedArchitecture)
        }
        // PEFT's list test: the name is the entry or ends with "." + entry.
        func matches(_ entry: String) -> Bool { inventory.indexes.hasModule(namedOrEndingWith: entry) }
        let allEntries: [String]
        if case .list(let entries)? = lora.spec.targetModules { allEntries = entries } else { allEntries = literalEntries.map(\.text) }
        // Nothing in the list matches: PEFT raises instead of adapting a subset.
        let noneMatches = !allEntries.isEmpty && !allEntries.contains(where: matches)
        let raises = "no entry of \(field.key) matches a module, so PEFT raises ValueError (\"Target modules … not found in the base model\")"
        if noneMatches {
            findings = findings.map { finding in
                var finding = finding
                finding.severity = .error
                finding.message += "; \(raises)"
                return finding
            }
        }
        for entry in literalEntries where !matches(entry.text) {
            let consequence = noneMatches ? raises : "PEFT skips it silently, so the modules it was meant for get no adapter"
            findings.append(Finding(node: entry.node, keyPath: entry.pointer,
                                    message: "'\(entry.text)' in \(field.key) matches no module of the base model (\(inventory.detail)): \(consequence)\(Suggestion.didYouMean(entry.text, among: inventory.indexes.sortedLastComponents))",
                                    severity: noneMatches ? .error : .warning))
        }
        return findings
    }

    /// Without the model's modules but with the architecture its name points to: leaf names
    /// (entries without a layer index) that no module of that architecture ends with. A
    /// warning only, whatever else matches: the architecture is assumed, not known.
    static func assumedArchitectureFindings(_ entries: [(node: Node, pointer: String, text: String)], field: SettingField,
                                            assumed: AssumedArchitecture?) -> [Finding] {
        guard let assumed else { return [] }
        let leafEntries = entries.filter { entry in !entry.text.split(separator: ".").contains { $0.allSatisfy(\.isNumber) } }
        return leafEntries.filter { !assumed.hasModule(namedOrEndingWith: $0.text) }.map { entry in
            Finding(node: entry.node, keyPath: entry.pointer,
                    message: "'\(entry.text)' in \(field.key) matches no module of a \(assumed.modelType) model (architecture assumed from the name '\(assumed.name)'; give --model-dir or --modules to check exactly): PEFT skips it silently, so the modules it was meant for get no adapter\(Suggestion.didYouMean(entry.text, among: assumed.sortedLastComponents))",
                    severity: .warning)
        }
    }

    /// A str target: PEFT full-matches it against each whole module name.
    private static func stringFindings(_ pattern: String, node: Node, pointer: String, field: SettingField, lora: LoraSettings,
                                       inventory: Inventory?, budget: RegexBudget) -> [Finding] {
        let fromList = field.value.items != nil
        let subject = fromList
            ? "the one-item \(field.key) list reaches PEFT as the str '\(pattern)' (\(lora.format.rawValue) converts it)"
            : "\(field.key) is the str '\(pattern)'"
        let regex: PythonRegex
        switch PythonRegex.compile(pattern, mode: .fullMatch) {
        case .failure(let problem) where problem.kind == .invalid:
            return [Finding(node: node, keyPath: pointer,
                            message: "\(subject), which is not a valid Python regex (\(problem)): PEFT raises re.error when it matches target modules", severity: .error)]
        case .failure:
            return []
        case .success(let compiled):
            regex = compiled
        }
        // Under the file's regex budget: `(.*)*x$` backtracks exponentially on every name.
        var stopped: String?
        let matchesSome = inventory?.modules.contains { module in
            guard !module.name.isEmpty, stopped == nil else { return false }
            switch regex.matches(module.name, budget: budget) {
            case .success(let matched): return matched
            case .failure(let stop): stopped = budget.problem(stop, subject: module.name).message; return false
            }
        }
        if let stopped {
            return [Finding(node: node, keyPath: pointer, message: "\(subject), which was not evaluated: \(stopped)", severity: .error)]
        }
        if let inventory, matchesSome == false {
            let hint = pattern.contains(where: metacharacters.contains) ? "" : "; write a list [\(pattern)] or the regex '.*\(pattern)'"
            return [Finding(node: node, keyPath: pointer,
                            message: "\(subject), and PEFT full-matches a str against whole module names: it matches no module of the base model (\(inventory.detail)), so PEFT raises ValueError (\"Target modules … not found in the base model\")\(hint)",
                            severity: .error)]
        }
        guard !pattern.contains(where: metacharacters.contains) else { return [] }
        return [Finding(node: node, keyPath: pointer,
                        message: "\(subject), and PEFT full-matches a str against the whole module name: it hits only a module whose full name is exactly '\(pattern)'; write a list [\(pattern)] or the regex '.*\(pattern)'")]
    }
}
