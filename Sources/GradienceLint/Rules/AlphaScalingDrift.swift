import Foundation

/// GL007: per-module scaling differs because alpha_pattern does not follow rank_pattern.
public enum AlphaScalingDrift: Rule {
    public static let metadata = RuleMetadata(
        code: "GL007", name: "alpha-scaling-drift", severity: .warning,
        summary: "Resolved scaling (alpha/r) differs across adapted modules because alpha_pattern does not follow rank_pattern.",
        description: "Computes each adapted module's scaling as PEFT's `LoraLayer.update_layer` does — `alpha / r`, or `alpha / sqrt(r)` with `use_rslora` — and reports when the values differ. Without an inventory, compares each rank_pattern key with the alpha it gets. A mirrored `alpha_pattern` with `lora_alpha == r` (what mergekit writes) gives one scaling everywhere and is clean.",
        why: "A module given r=64 by `rank_pattern` but no `alpha_pattern` entry keeps the global `lora_alpha`, so its update is scaled by 16/64 = 0.25 while the r=8 modules get 2.0: an 8× difference in effective learning rate that nobody chose.",
        fix: .unsafe("Add `alpha_pattern` entries, one per `rank_pattern` key, giving each patterned module the default scaling (`alpha = lora_alpha · r_i / r`, or `· sqrt(r_i / r)` with rsLoRA). Unsafe: it changes training."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓v_proj: 64\n"),
            .clean("peft_type: LORA\nr: 64\nlora_alpha: 64\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\nalpha_pattern:\n  q_proj: 8\n", note: "mergekit style: scaling 1.0 everywhere."),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 64\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 64\nalpha_pattern:\n  v_proj: 128\n", unsafe: true),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let spec = lora.spec
        guard !spec.rankPattern.isEmpty, spec.r > 0, spec.loraAlpha > 0 else { return [] }
        let defaultScaling = scaling(alpha: spec.loraAlpha, r: Double(spec.r), rslora: spec.useRslora)
        let prefixed = context.prefixedKeys(.rank).union(context.keysReportedByGL008(.rank))
        // Rank keys whose modules end up off the default scaling.
        var drifting: [PatternKey] = []
        var detail = ""
        if let resolution = context.resolution {
            var counts: [Double: Int] = [:]
            for module in resolution.modules { counts[(module.scaling * 1e9).rounded() / 1e9, default: 0] += 1 }
            guard counts.count > 1 else { return [] }
            let keys = Set(resolution.modules.filter { abs($0.scaling - defaultScaling) > 1e-9 }.compactMap(\.rankKey))
            drifting = lora.patternKeys(.rank).filter { keys.contains($0.key) }
            let shown = counts.sorted { $0.key < $1.key }.map { "\($0.value) module\($0.value == 1 ? "" : "s") at \(scalingText($0.key))" }
            detail = " (\(shown.joined(separator: ", ")))"
        } else {
            for key in lora.patternKeys(.rank) where !prefixed.contains(key.key) {
                guard let rank = context.patternValue(.rank, key.key), rank > 0 else { continue }
                let alpha = context.patternValue(.alpha, key.key) ?? spec.loraAlpha
                if abs(scaling(alpha: alpha, r: rank, rslora: spec.useRslora) - defaultScaling) > 1e-9 { drifting.append(key) }
            }
        }
        guard let first = drifting.first else { return [] }
        let formula = spec.useRslora ? "alpha/sqrt(r)" : "alpha/r"
        let examples = drifting.prefix(3).map { key -> String in
            let rank = context.patternValue(.rank, key.key) ?? Double(spec.r)
            let alpha = context.patternValue(.alpha, key.key) ?? spec.loraAlpha
            return "'\(key.key)' r=\(LoraSettings.format(rank)) → \(scalingText(scaling(alpha: alpha, r: rank, rslora: spec.useRslora)))"
        }.joined(separator: ", ")
        let message = "scaling (\(formula)) differs across modules\(detail): r=\(spec.r) with lora_alpha=\(LoraSettings.format(spec.loraAlpha)) gives \(scalingText(defaultScaling)), but \(examples); alpha_pattern does not follow rank_pattern"
        var fix: Fix?
        let alphaKeys = Set(spec.alphaPattern.map(\.key))
        if drifting.allSatisfy({ !alphaKeys.contains($0.key) }) && spec.alphaPattern.isEmpty {
            let entries = drifting.map { key -> (key: String, value: EditValue) in
                let rank = context.patternValue(.rank, key.key) ?? Double(spec.r)
                let ratio = rank / Double(spec.r)
                let alpha = spec.loraAlpha * (spec.useRslora ? ratio.squareRoot() : ratio)
                return (key: key.key, value: RuleContext.editNumber(alpha))
            }
            fix = Fix(applicability: .unsafe, description: "add alpha_pattern entries so every patterned module keeps scaling \(scalingText(defaultScaling))",
                      edits: context.addToPattern(.alpha, entries))
        }
        return [Finding(node: first.entry.key, keyPath: first.pointer, message: message, fix: fix)]
    }

    /// Scalings for reading, not for computing: four decimals (`2.6667`, `5.6569`, `0.25`).
    static func scalingText(_ value: Double) -> String {
        LoraSettings.format((value * 10_000).rounded() / 10_000)
    }

    static func scaling(alpha: Double, r: Double, rslora: Bool) -> Double {
        rslora ? alpha / r.squareRoot() : alpha / r
    }
}
