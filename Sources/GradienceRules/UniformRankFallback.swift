import GradienceConfig
/// GL004: the config asks for per-module ranks, but PEFT gives every module the same one.
public enum UniformRankFallback: Rule {
    public static let metadata = RuleMetadata(
        code: "GL004", name: "uniform-rank-fallback", severity: .error,
        summary: "rank_pattern asks for per-module ranks, but every adapted module resolves to the same rank.",
        description: "Fires when `rank_pattern` holds a value other than `r` (or two different values) but PEFT's resolution gives every adapted module one rank, or no key applies to any module. Names the cause: prefixed keys, keys that match nothing, or keys shadowed by an earlier key.",
        why: "This is the failure the whole tool exists for: the run trains, the loss goes down, and the \"per-layer\" adapter is really uniform. Nothing in PEFT's output says so; only the weights' shapes do, after the compute is spent.",
        fix: .none("Fix the causes the message names (GL001, GL005, GL006 have fixes)."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n↓rank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4\n  base_model.model.model.layers.1.self_attn.q_proj: 4\n", note: "Without an inventory: every key is prefixed."),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n↓rank_pattern:\n  layers.7.self_attn.q_proj: 4\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  layers.1.self_attn.q_proj: 4\n", model: "llama:2"),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let values = Set(lora.spec.rankPattern.map(\.value))
        guard let field = lora.field("rank_pattern"), !values.isEmpty,
              values.count >= 2 || values.first != Double(lora.spec.r) else { return [] }
        let prefixed = context.prefixedKeys(.rank)
        var causes: [String] = []
        if let resolution = context.resolution {
            let ranks = Set(resolution.modules.map(\.r))
            let applied = resolution.modules.contains { $0.rankKey != nil }
            guard !resolution.modules.isEmpty, ranks.count == 1 || !applied else { return [] }
            if !prefixed.isEmpty { causes.append(prefixed.count == 1 ? "1 key carries a wrapper prefix or internal suffix (GL001)" : "\(prefixed.count) keys carry a wrapper prefix or internal suffix (GL001)") }
            let misread = context.versionSensitiveKeys(.rank).subtracting(prefixed)
            if !misread.isEmpty {
                let names = lora.spec.rankPattern.map(\.key).filter(misread.contains)
                causes.append("\(names.map { "'\($0)'" }.joined(separator: ", ")) read differently by PEFT \(context.options.peftVersion) (GL008)")
            }
            let unmatched = resolution.unmatchedRankKeys.filter { !prefixed.contains($0) && !misread.contains($0) }
            if !unmatched.isEmpty { causes.append("\(unmatched.map { "'\($0)'" }.joined(separator: ", ")) match no adapted module (GL005)") }
            let problemKeys = Set(resolution.keyProblems.filter { $0.field == .rankPattern }.map(\.key))
            if !problemKeys.isEmpty { causes.append("\(problemKeys.sorted().map { "'\($0)'" }.joined(separator: ", ")) cannot be evaluated (GL008)") }
            let shadowed = lora.spec.rankPattern.map(\.key).filter { key in
                !prefixed.contains(key) && !problemKeys.contains(key) && !misread.contains(key) && !unmatched.contains(key) && !resolution.modules.contains { $0.rankKey == key }
            }
            if !shadowed.isEmpty { causes.append("\(shadowed.map { "'\($0)'" }.joined(separator: ", ")) always lose to an earlier key (GL006)") }
            let rank = ranks.first.map { LoraSettings.format($0) } ?? String(lora.spec.r)
            let message = "rank_pattern asks for per-module ranks, but all \(resolution.modules.count) adapted modules train at r=\(rank)" + (causes.isEmpty ? "" : ": " + causes.joined(separator: "; "))
            return [Finding(node: field.entry.key, keyPath: field.pointer, message: message)]
        }
        // Without an inventory only the certain case: every key is one PEFT never matches.
        let keys = lora.patternKeys(.rank).map(\.key)
        guard !keys.isEmpty, keys.allSatisfy(prefixed.contains) else { return [] }
        return [Finding(node: field.entry.key, keyPath: field.pointer,
                        message: "rank_pattern asks for per-module ranks, but every key carries a wrapper prefix or internal suffix (GL001), so PEFT matches none and every module trains at r=\(lora.spec.r)")]
    }
}
