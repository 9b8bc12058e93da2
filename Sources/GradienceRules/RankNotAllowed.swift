/// GL009: a rank outside the ranks the team allows.
public enum RankNotAllowed: Rule {
    public static let metadata = RuleMetadata(
        code: "GL009", name: "rank-not-allowed", severity: .error,
        summary: "`r` or a pattern rank is outside `allowed-ranks`.",
        description: "When `allowed-ranks` is set in `.gradience-lint.yml` (or the seed bench format's `compression.allowed_ranks`), reports `r` and every `rank_pattern` value that is not in it.",
        why: "Teams restrict ranks so adapters can be merged, compared and served together (`add_weighted_adapter` needs compatible ranks; serving stacks pre-allocate for a few ranks). A stray rank slips through training and breaks the step after it.",
        fix: .none("Which allowed rank to use is a human decision."),
        examples: [
            .triggering("peft_type: LORA\nr: ↓12\ntarget_modules: [q_proj]\n", settings: ["allowed-ranks": "[4, 8, 16]"]),
            .triggering("model:\n  name: meta-llama/Llama-2-7b-hf\nlora:\n  probe_r: 8\n  target_modules: [q_proj]\n  rank_pattern:\n    q_proj: ↓6\ncompression:\n  allowed_ranks: [4, 8, 16]\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj]\nrank_pattern:\n  q_proj: 16\n", settings: ["allowed-ranks": "[4, 8, 16]"]),
        ],
        settings: ["allowed-ranks"],
        readsFileAlone: true)

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let allowed: [Int]
        let source: String
        if let configured = context.options.allowedRanks {
            allowed = configured
            source = "allowed-ranks"
        } else if let field = lora.allowedRanks, let items = field.value.items {
            allowed = items.compactMap { $0.resolved.scalar?.value.intValue }
            source = "compression.allowed_ranks"
        } else {
            return []
        }
        let list = allowed.map(String.init).joined(separator: ", ")
        var findings: [Finding] = []
        if let field = lora.field("r"), let rank = field.value.scalar?.value.intValue, !allowed.contains(rank) {
            findings.append(Finding(node: field.value, keyPath: field.pointer,
                                    message: "\(field.key)=\(rank) is not in \(source) [\(list)]; every module without a pattern entry trains at this rank"))
        } else if lora.field("r") == nil, !allowed.contains(lora.spec.r) {
            let anchor = lora.defaultAnchor(.rank)
            findings.append(Finding(range: anchor.range, keyPath: anchor.pointer,
                                    message: "r is not set, so \(lora.format.rawValue) uses r=\(lora.spec.r), which is not in \(source) [\(list)]"))
        }
        for patternKey in lora.patternKeys(.rank) {
            guard let rank = patternKey.value?.intValue, !allowed.contains(rank) else { continue }
            findings.append(Finding(node: patternKey.entry.value, keyPath: patternKey.pointer,
                                    message: "rank_pattern gives '\(patternKey.key)' r=\(rank), which is not in \(source) [\(list)]"))
        }
        return findings
    }
}
