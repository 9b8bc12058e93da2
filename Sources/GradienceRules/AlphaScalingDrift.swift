import Foundation
import GradiencePEFT
import GradienceConfig

/// GL007: per-module scaling differs because alpha_pattern does not follow rank_pattern.
public enum AlphaScalingDrift: Rule {
    public static let metadata = RuleMetadata(
        code: "GL007", name: "alpha-scaling-drift", severity: .warning,
        summary: "Resolved scaling (alpha/r) differs across adapted modules because alpha_pattern does not follow rank_pattern.",
        description: "Computes each adapted module's scaling as PEFT's `LoraLayer.update_layer` does — `alpha / r`, or `alpha / sqrt(r)` with `use_rslora` — and reports when the values differ. Without an inventory, compares each rank_pattern key with the alpha it gets. A mirrored `alpha_pattern` with `lora_alpha == r` (what mergekit writes) gives one scaling everywhere and is clean.",
        why: "A module given r=64 by `rank_pattern` but no `alpha_pattern` entry keeps the global `lora_alpha`, so its update is scaled by 16/64 = 0.25 while the r=8 modules get 2.0: an 8× difference in effective learning rate that nobody chose.",
        fix: .unsafe("Add `alpha_pattern` entries over the `rank_pattern` keys, in their order, giving every adapted module one scaling: the one most modules train at now, or the default's (`lora_alpha / r`) when some module has no rank key (`alpha = scaling · r_i`, or `· sqrt(r_i)` with rsLoRA). Entries equal to `lora_alpha` are left out when the resolver shows they are not needed. With an inventory the fix is offered only when the resolver shows every module ends at that scaling, as trained and after `save_pretrained` sorts the keys; the fix loop checks it again. Unsafe: it changes training."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓v_proj: 64\n"),
            .clean("peft_type: LORA\nr: 64\nlora_alpha: 64\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 8\nalpha_pattern:\n  q_proj: 8\n", note: "mergekit style: scaling 1.0 everywhere."),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 64\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  v_proj: 64\nalpha_pattern:\n  v_proj: 128\n", unsafe: true),
            .fix("peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 16\n  model.layers.0.self_attn.v_proj: 4\n  model.layers.1.self_attn.q_proj: 8\n  model.layers.1.self_attn.v_proj: 4\n",
                 "peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 16\n  model.layers.0.self_attn.v_proj: 4\n  model.layers.1.self_attn.q_proj: 8\n  model.layers.1.self_attn.v_proj: 4\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 32\n  model.layers.1.self_attn.q_proj: 16\n",
                 unsafe: true, model: "llama:2",
                 note: "A complete rank_pattern as GL001's fix leaves it once its `base_model.model.` keys apply: the file's own ranks give the q_proj modules scalings 0.5 and 1 where the rest have 2. GL001's rename is safe and says so; this finding is the file's, and its fix (unsafe: it sets alphas the file never stated) holds every module at 2."),
        ],
        oneFindingPerConfig: true)

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let spec = lora.spec
        guard !spec.rankPattern.isEmpty, spec.r > 0, spec.loraAlpha > 0 else { return [] }
        let defaultScaling = scaling(alpha: spec.loraAlpha, r: Double(spec.r), rslora: spec.useRslora)
        let formula = spec.useRslora ? "alpha/sqrt(r)" : "alpha/r"
        if let resolution = context.resolution {
            return checkResolved(context, resolution, defaultScaling: defaultScaling, formula: formula)
        }
        // Without an inventory: each rank key against the alpha it gets by the same key.
        let prefixed = context.prefixedKeys(.rank).union(context.keysReportedByGL008(.rank))
        var drifting: [PatternKey] = []
        for key in lora.patternKeys(.rank) where !prefixed.contains(key.key) {
            guard let rank = context.patternValue(.rank, key.key), rank > 0 else { continue }
            let alpha = context.patternValue(.alpha, key.key) ?? spec.loraAlpha
            if abs(scaling(alpha: alpha, r: rank, rslora: spec.useRslora) - defaultScaling) > 1e-9 { drifting.append(key) }
        }
        guard let first = drifting.first else { return [] }
        let examples = drifting.prefix(3).map { key -> String in
            let rank = context.patternValue(.rank, key.key) ?? Double(spec.r)
            let alpha = context.patternValue(.alpha, key.key) ?? spec.loraAlpha
            return "'\(key.key)' r=\(LoraSettings.format(rank)) → \(scalingText(scaling(alpha: alpha, r: rank, rslora: spec.useRslora)))"
        }.joined(separator: ", ")
        let message = "scaling (\(formula)) differs across modules: r=\(spec.r) with lora_alpha=\(LoraSettings.format(spec.loraAlpha)) gives \(scalingText(defaultScaling)), but \(examples); alpha_pattern does not follow rank_pattern"
        var fix: Fix?
        if spec.alphaPattern.isEmpty {
            let entries = drifting.compactMap { key in
                context.patternValue(.rank, key.key).map { (key: key.key, value: RuleContext.editNumber(alpha(for: defaultScaling, r: $0, rslora: spec.useRslora))) }
            }
            fix = Fix(applicability: .unsafe, description: "add alpha_pattern entries so every patterned module trains at scaling \(scalingText(defaultScaling))",
                      edits: context.addToPattern(.alpha, entries), intent: .givesScaling(defaultScaling))
        }
        return [Finding(node: first.entry.key, keyPath: first.pointer, message: message, fix: fix)]
    }

    /// With an inventory: the modules' own scalings, and a fix only when the resolver
    /// shows it gives every adapted module one scaling — the one most of them train at
    /// now (the default's when some module has no rank key: only `lora_alpha` reaches it).
    private static func checkResolved(_ context: RuleContext, _ resolution: Resolution, defaultScaling: Double, formula: String) -> [Finding] {
        let spec = context.lora.spec
        var counts: [Double: Int] = [:]
        for module in resolution.modules { counts[rounded(module.scaling), default: 0] += 1 }
        guard counts.count > 1 else { return [] }
        let someOnDefaultRank = resolution.modules.contains { $0.rankKey == nil }
        let most = counts.values.max()!
        let target = someOnDefaultRank || counts[rounded(defaultScaling)] == most
            ? defaultScaling : counts.filter { $0.value == most }.keys.min()!
        // Rank keys with modules off that scaling, each shown through one of its modules.
        var offTarget: [String: ModuleResolution] = [:]
        for module in resolution.modules where abs(module.scaling - target) > 1e-9 {
            if offTarget[module.rankKey ?? ""] == nil { offTarget[module.rankKey ?? ""] = module }
        }
        let drifting = context.lora.patternKeys(.rank).filter { offTarget[$0.key] != nil }
        let anchor = drifting.first.map { ($0.entry.key.range, $0.pointer) } ?? context.patternAnchor(.rank)
        let shown = counts.sorted { $0.key < $1.key }.map { "\($0.value) module\($0.value == 1 ? "" : "s") at \(scalingText($0.key))" }
        let examples = offTarget.values.sorted { $0.name < $1.name }.prefix(3).map { module in
            "'\(module.name)' r=\(LoraSettings.format(module.r)) alpha=\(LoraSettings.format(module.alpha)) → \(scalingText(module.scaling))"
        }.joined(separator: ", ")
        let targetText = target == defaultScaling
            ? "r=\(spec.r) with lora_alpha=\(LoraSettings.format(spec.loraAlpha)) gives \(scalingText(defaultScaling))"
            : "\(most) of \(resolution.modules.count) modules train at \(scalingText(target))"
        var message = "scaling (\(formula)) differs across modules (\(shown.joined(separator: ", "))): \(targetText), but \(examples); alpha_pattern does not follow rank_pattern"
        var fix: Fix?
        if spec.alphaPattern.isEmpty {
            if let entries = alphaEntries(context, resolution, giving: target) {
                fix = Fix(applicability: .unsafe, description: "add alpha_pattern entries so every adapted module trains at scaling \(scalingText(target))",
                          edits: context.addToPattern(.alpha, entries.map { (key: $0.key, value: RuleContext.editNumber($0.value)) }),
                          intent: .givesScaling(target))
            } else if resolution.keyProblems.isEmpty {
                message += " (no alpha_pattern over the rank_pattern keys gives every module one scaling: set the alphas by hand)"
            }
        }
        let (range, pointer) = anchor
        return [Finding(range: range, keyPath: pointer, message: message, fix: fix)]
    }

    /// Alpha entries, one per deciding rank key and in its order (so each module's alpha
    /// key is its rank key), leaving out those equal to `lora_alpha` when the resolver shows
    /// they are not needed; nil when no such set gives every module `target`, as trained
    /// and after `save_pretrained` sorts the keys.
    static func alphaEntries(_ context: RuleContext, _ resolution: Resolution, giving target: Double) -> [PatternEntry]? {
        guard let inventory = context.inventory, resolution.keyProblems.isEmpty else { return nil }
        let spec = context.lora.spec
        let deciding = Set(resolution.modules.compactMap(\.rankKey))
        let mirror = spec.rankPattern.filter { deciding.contains($0.key) && $0.value > 0 }
            .map { PatternEntry(key: $0.key, value: alpha(for: target, r: $0.value, rslora: spec.useRslora)) }
        let needed = mirror.filter { $0.value != spec.loraAlpha }
        for candidate in [needed, mirror] where !candidate.isEmpty {
            var edited = spec
            edited.alphaPattern = candidate
            let after = Resolver.resolve(spec: edited, inventory: inventory, version: context.options.peftVersion, memo: context.patternMemo)
            if after.keyProblems.isEmpty, after.modules.count == resolution.modules.count,
               after.modules.allSatisfy({ abs($0.scaling - target) <= 1e-9
                   && abs(scaling(alpha: $0.sortedAlpha, r: $0.sortedR, rslora: spec.useRslora) - target) <= 1e-9 }) {
                return candidate
            }
        }
        return nil
    }

    static func alpha(for scaling: Double, r: Double, rslora: Bool) -> Double {
        scaling * (rslora ? r.squareRoot() : r)
    }

    private static func rounded(_ scaling: Double) -> Double { (scaling * 1e9).rounded() / 1e9 }

    /// Scalings for reading, not for computing: four decimals (`2.6667`, `5.6569`, `0.25`).
    static func scalingText(_ value: Double) -> String {
        LoraSettings.format((value * 10_000).rounded() / 10_000)
    }

    static func scaling(alpha: Double, r: Double, rslora: Bool) -> Double {
        rslora ? alpha / r.squareRoot() : alpha / r
    }
}
