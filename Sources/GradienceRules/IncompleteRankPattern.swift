import GradiencePEFT
/// GL003: under `pattern-style: complete`, adapted modules no rank_pattern key covers.
public enum IncompleteRankPattern: Rule {
    public static let metadata = RuleMetadata(
        code: "GL003", name: "incomplete-rank-pattern", severity: .warning,
        summary: "Adapted modules that no rank_pattern key covers (pattern-style: complete).",
        description: "Under `pattern-style: complete` every adapted module should be listed in `rank_pattern`. With an inventory, reports the modules that fall back to `r` (count and first few). Without one, reports `target_modules` entries that no key can reach.",
        why: "A pattern that lists only some target modules leaves the rest on the default `r`, and nothing in the config says so. A \"per-layer\" schedule over q/k/v quietly trains o_proj and the MLP at whatever `r` happens to be.",
        fix: .safe("With an inventory: add `rank_pattern` entries at the current `r` for the uncovered modules (no module's rank changes), as few as say it: a target's name (`v_proj`) when every module ending in it is uncovered and no key matches them, full names otherwise. Not applied while a GL001 key's rename is not safe, and display-only beside trained weights (`adapter_model.safetensors`)."),
        examples: [
            .triggering("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\n↓rank_pattern:\n  q_proj: 8\n", note: "Without an inventory: nothing can reach `v_proj`."),
            .triggering("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\n↓rank_pattern:\n  model.layers.0.self_attn.q_proj: 8\n  model.layers.0.self_attn.v_proj: 8\n", model: "llama:2"),
            .clean("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  v_proj: 4\n"),
            .clean("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\n", note: "A uniform config is not incomplete."),
            .fix("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n",
                 "peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\n  v_proj: 4\n",
                 model: "llama:2"),
        ],
        settings: ["pattern-style"])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        // PEFT's MoE conversion writes `.*\.gate_up_proj` into a saved config: no schedule.
        guard context.options.patternStyle == .complete,
              lora.spec.rankPattern.contains(where: { !MoEConfigConversion.isAddedByConversion($0, r: lora.spec.r) }),
              let field = lora.field("rank_pattern") else { return [] }
        if context.resolution != nil {
            let uncovered = context.modulesOnDefaultRank()
            guard !uncovered.isEmpty else { return [] }
            let pins = context.pinEntries(uncovered, at: Double(lora.spec.r))
            var edited = lora.spec
            edited.rankPattern += pins.map { PatternEntry(key: $0.key, value: Double(lora.spec.r)) }
            var fix: Fix?
            if !context.waitsOnUnsafeGL001Rename(.rank), context.resolvesLikeCurrent(edited) {
                fix = context.keepingFix("list the \(uncovered.count) module\(uncovered.count == 1 ? "" : "s") at r=\(lora.spec.r) with \(pins.count) entr\(pins.count == 1 ? "y" : "ies") (\(RuleContext.sample(pins.map(\.key))))",
                                         context.addToPattern(.rank, pins), editsPattern: true)
            }
            return [Finding(node: field.entry.key, keyPath: field.pointer,
                            message: "\(uncovered.count) adapted module\(uncovered.count == 1 ? "" : "s") match no rank_pattern key and train at the default r=\(lora.spec.r): \(RuleContext.sample(uncovered.map(\.name)))",
                            fix: fix)]
        }
        // Without an inventory: a list target whose name no key can end in.
        guard case .list(let targets)? = lora.spec.targetModules else { return [] }
        // A GL001 key counts as its stripped form: GL001's rename makes it apply, so a
        // target it cannot reach either is reported now, not only once it is renamed.
        let keys = lora.patternKeys(.rank).map { PrefixedPatternKey.stripped($0.key)?.key ?? $0.key }
        if keys.contains(where: RuleContext.isRegexKey) { return [] }
        let unreachable = targets.filter { target in
            let last = target.split(separator: ".").last.map(String.init) ?? target
            return !keys.contains { key in
                let plain = RuleContext.plain(key)
                return (plain.split(separator: ".").last.map(String.init) ?? plain) == last
            }
        }
        guard !unreachable.isEmpty, !keys.isEmpty else { return [] }
        return [Finding(node: field.entry.key, keyPath: field.pointer,
                        message: "no rank_pattern key can match \(unreachable.map { "'\($0)'" }.joined(separator: ", ")) from target_modules, so those modules train at the default r=\(lora.spec.r)")]
    }
}
