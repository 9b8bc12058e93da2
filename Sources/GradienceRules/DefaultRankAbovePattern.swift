import GradienceTransformer
import GradiencePEFT
/// GL002: under `pattern-style: complete`, the default `r` is above a pattern value.
public enum DefaultRankAbovePattern: Rule {
    public static let metadata = RuleMetadata(
        code: "GL002", name: "default-rank-above-pattern", severity: .warning,
        summary: "`r` is above the smallest rank_pattern value (pattern-style: complete).",
        description: "Under `pattern-style: complete` the default `r` should be the smallest rank, so a module the pattern misses by accident gets the cheapest adapter, not a large one. Reports `r` when it is above the smallest `rank_pattern` value.",
        why: "Every adapted module no key matches — a typo, a prefixed key, a module added by a new architecture — silently trains at `r`. With `r` at the top of the range those mistakes are invisible in the parameter count and in the results; with `r` at the minimum they stand out.",
        fix: .safe("With an inventory: set `r` to the smallest pattern value and pin every adapted module that took the old default at the old `r`, so no module's rank changes — with the fewest entries that say it: a target's name (`v_proj`) when every module ending in it took the default and no key matches them, full names otherwise. Not applied while a GL001 key's rename is not safe (its modules are undecided), and display-only beside trained weights (`adapter_model.safetensors`) when it adds pattern entries."),
        examples: [
            .triggering("peft_type: LORA\nr: ↓16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n  v_proj: 16\n"),
            .clean("peft_type: LORA\nr: 4\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n  v_proj: 16\n"),
            .clean("peft_type: LORA\nr: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n", settings: ["pattern-style": "minimal"]),
            .fix("peft_type: LORA\nr: 16\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n",
                 "peft_type: LORA\nr: 4\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4\n  v_proj: 16\n",
                 model: "llama:2"),
        ],
        settings: ["pattern-style"])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard context.options.patternStyle == .complete, !lora.spec.rankPattern.isEmpty,
              !lora.notStaticallyKnown.contains("r") else { return [] }
        // Only values PEFT can use (GL010 reports the others): proposing `r: 0` would
        // make the fix loop cycle, the invalid `r` falling back to its default.
        let usable: [Double] = lora.spec.rankPattern.map(\.value).filter { $0 >= 1 && $0 == $0.rounded() && $0 < 1e15 }
        guard let smallest = usable.min(), Double(lora.spec.r) > smallest else { return [] }
        let minimum = Int(smallest)
        let anchor = lora.defaultAnchor(.rank)
        let name = lora.field("r")?.key ?? lora.fileKey(for: "r") ?? "r"
        var message = "\(name)=\(lora.spec.r) is above the smallest rank_pattern value \(minimum); with pattern-style complete the default should be the minimum, so a module the pattern misses does not silently get the larger rank"
        var fix: Fix?
        if let resolution = context.resolution {
            // Modules a GL001 key was meant for are left to GL001's fix.
            let onDefault = context.modulesOnDefaultRank(includingMisread: true)
            let leftToGL001 = Set(resolution.modules.filter { $0.rankKey == nil }.map(\.name)).subtracting(onDefault.map(\.name))
            if !onDefault.isEmpty { message += " (\(onDefault.count) adapted module\(onDefault.count == 1 ? "" : "s") take the default today: \(RuleContext.sample(onDefault.map(\.name))))" }
            let pins = context.pinEntries(onDefault, at: Double(lora.spec.r))
            var edits: [SemanticEdit] = []
            if let setR = context.setDefault(.rank, to: .int(minimum)) { edits.append(setR) }
            if !pins.isEmpty { edits += context.addToPattern(.rank, pins) }
            let pinned = onDefault.isEmpty ? "no module takes the old default"
                : "pin the \(onDefault.count) module\(onDefault.count == 1 ? "" : "s") on the old default at r=\(lora.spec.r) with \(pins.count) entr\(pins.count == 1 ? "y" : "ies") (\(RuleContext.sample(pins.map(\.key))))"
            // Checked, not assumed: before 0.14 an alpha key could win the pooled lookup over a pin.
            var edited = lora.spec
            edited.r = minimum
            edited.rankPattern += pins.map { PatternEntry(key: $0.key, value: Double(lora.spec.r)) }
            // A module whose full name is already a key (with a value PEFT cannot use) cannot
            // be pinned by adding it: no safe fix then (found by the fuzzer).
            let existingKeys = Set(lora.patternKeys(.rank).map(\.key))
            let pinnable = !pins.contains { existingKeys.contains($0.key) }
            if pinnable, !context.waitsOnUnsafeGL001Rename(.rank), context.resolvesLikeCurrent(edited, ignoring: leftToGL001) {
                fix = context.keepingFix("set \(name) to \(minimum); \(pinned)", edits, editsPattern: !pins.isEmpty)
            }
        }
        return [Finding(range: lora.field("r")?.value.range ?? anchor.range, keyPath: anchor.pointer, message: message, fix: fix)]
    }
}
