/// GL011: `target_modules` entries that cannot mean what they say.
public enum SuspiciousTargetModules: Rule {
    public static let metadata = RuleMetadata(
        code: "GL011", name: "suspicious-target-modules", severity: .warning,
        summary: "A target_modules entry matches nothing or does not mean what it looks like.",
        description: "Reports `\"all-linear\"` inside a list (error: a literal that matches nothing), regex metacharacters in list entries (list entries are literal), a string `target_modules` without regex metacharacters (PEFT full-matches a string, so `\"q_proj\"` hits only a root module), and — with an inventory — list entries that match no module (error when none matches).",
        why: "`check_target_module_exists` treats a list entry as a literal name suffix and a str as `re.fullmatch` over the whole name. PEFT raises only when *nothing* matches; an entry that matches nothing among others is silent, and that module is simply not adapted.",
        fix: .none("Whether a regex or a list was meant is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [↓all-linear]\n", note: "Error: inside a list `all-linear` is a literal name."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, ↓.*v_proj]\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: ↓q_proj\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: all-linear\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: .*\\.(q_proj|v_proj)\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [self_attn.q_proj, v_proj]\n"),
        ])

    /// Characters that make a list entry look like a regex (a lone `.` is a normal path separator).
    static let metacharacters: Set<Character> = ["*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "^", "$", "\\"]

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard let field = lora.field("target_modules"), !lora.notStaticallyKnown.contains("target_modules") else { return [] }
        var findings: [Finding] = []
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
                }
            }
        } else if case .regex(let pattern)? = lora.spec.targetModules, let scalar = field.value.scalar,
                  scalar.value.stringValue != nil, !pattern.contains(where: metacharacters.contains) {
            findings.append(Finding(node: field.value, keyPath: field.pointer,
                                    message: "\(field.key) is the string '\(pattern)', which PEFT full-matches against the whole module name: it hits only a module whose full name is exactly '\(pattern)'; write a list [\(pattern)] or the regex '.*\(pattern)'"))
        }
        return findings
    }
}
