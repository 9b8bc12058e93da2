/// GL001: a pattern key copied from `PeftModel.named_modules()` or a checkpoint.
public enum PrefixedPatternKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL001", name: "prefixed-pattern-key", severity: .error,
        summary: "A rank_pattern/alpha_pattern key carries a wrapper prefix or a PEFT-internal suffix, so PEFT never matches it.",
        description: "Reports pattern keys that start with `base_model.model.` or `base_model.` (names from `PeftModel.named_modules()` or `adapter_model.safetensors`) or end with a PEFT-internal suffix such as `.lora_A.weight`, `.lora_A`, `.lora_B`, `.default`, `.base_layer`, `.weight` or `.lora_embedding_A`.",
        why: "PEFT's `get_pattern_key` matches keys with `re.match(rf\"(.*\\.)?({key})$\", name)` against module names relative to the base model (`model.layers.0.self_attn.q_proj`). A wrapper prefix or a parameter suffix can never match such a name, PEFT says nothing, and the module silently trains at the default `r`/`lora_alpha` — the \"per-layer\" adapter is really uniform.",
        fix: .safe("Strip the prefix/suffix, unless the stripped key already exists in the same pattern (then which value was meant is a human decision). The rename never adds a problem: when another key with a different value decides the meant modules now, the rename would make the two overlap (GL006), so it is display-only; when the new rank would give those modules a scaling no other module has (GL007), the complete fix also adds an `alpha_pattern` entry holding their scaling, and is unsafe since it sets an alpha the config never stated. Beside trained weights (`adapter_model.safetensors`) the fix is display-only: those weights were trained with the key ignored, and renaming it would make them fail to load."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓base_model.model.model.layers.0.self_attn.q_proj: 4\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nalpha_pattern:\n  ↓model.layers.3.self_attn.v_proj.lora_A.weight: 32\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4\n  base_model_head: 4\n"),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4  # from named_modules()\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 8\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4  # from named_modules()\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 8\n",
                 note: "The alpha entry already holds the module's scaling (8/4 = 16/8), so the rename is safe."),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 8\n",
                 unsafe: true, note: "Renamed alone, the module would train at scaling 16/4 = 4 where every other has 2: the complete fix holds it with an alpha entry."),
        ],
        readsFileAlone: true)

    /// Longest first, so `base_model.model.` is stripped whole.
    static let prefixes = ["base_model.model.", "base_model."]
    /// Parameter and sub-module names PEFT adds under a targeted module.
    static let suffixes = [".lora_A.weight", ".lora_B.weight", ".lora_embedding_A", ".lora_embedding_B",
                           ".lora_magnitude_vector", ".lora_A", ".lora_B", ".base_layer", ".default", ".weight"]

    /// Each prefix and suffix with its escaped-dot form, built once: this runs on every
    /// pattern key, thousands per file in complete patterns.
    private static let prefixForms = prefixes.map { ($0, [$0, $0.replacingOccurrences(of: ".", with: "\\.")]) }
    private static let suffixForms = suffixes.map { ($0, [$0, $0.replacingOccurrences(of: ".", with: "\\.")]) }

    private static let possibleSuffixEnds = Set(suffixes.compactMap(\.utf8.last))

    /// The key with every wrapper prefix and internal suffix removed, and what was removed;
    /// nil when the key carries neither. Escaped dots (`base_model\.model\.`) count too.
    public static func stripped(_ key: String) -> (key: String, removed: [String])? {
        // Every prefix starts with `b` and every suffix ends with `t`, `A`, `B` or `r`
        // (in both dot forms), and no other scalar is canonically equivalent to those:
        // most keys are answered from their first and last byte.
        guard key.utf8.first == UInt8(ascii: "b") || key.utf8.last.map(possibleSuffixEnds.contains) == true else { return nil }
        var current = key
        var removed: [String] = []
        var changed = true
        while changed {
            changed = false
            for (prefix, forms) in prefixForms {
                for form in forms where current.hasPrefix(form) && current.count > form.count {
                    current.removeFirst(form.count)
                    removed.append(prefix)
                    changed = true
                }
            }
            for (suffix, forms) in suffixForms {
                for form in forms where current.hasSuffix(form) && current.count > form.count {
                    current.removeLast(form.count)
                    removed.append(suffix)
                    changed = true
                }
            }
        }
        return removed.isEmpty ? nil : (current, removed)
    }

    public static func check(_ context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for kind in PatternKind.allCases {
            for patternKey in context.lora.patternKeys(kind) {
                guard let (clean, removed) = stripped(patternKey.key) else { continue }
                let what = removed.map { "'\($0)'" }.joined(separator: " and ")
                let planned = plannedFix(context, patternKey, renamedTo: clean)
                let message = "\(kind.field) key '\(patternKey.key)' carries \(what); PEFT matches keys against base-model module names, so this key never matches and \(context.howMeantModulesTrain(kind, meant: clean))" + planned.note
                findings.append(Finding(node: patternKey.entry.key, keyPath: patternKey.pointer, message: message, fix: planned.fix))
            }
        }
        return findings
    }

    /// The keys whose rename is a safe fix: rules that count on GL001's fix (the modules
    /// those keys meant are GL001's business) count only on these.
    static func safelyRenamedKeys(_ context: RuleContext, _ kind: PatternKind) -> Set<String> {
        context.patternMemo.value(\.safelyRenamedKeys, kind) {
            Set(context.lora.patternKeys(kind).filter { patternKey in
                guard let (clean, _) = stripped(patternKey.key) else { return false }
                return plannedFix(context, patternKey, renamedTo: clean).fix?.applicability == .safe
            }.map(\.key))
        }
    }

    /// The fix for one key, and what the message must add about it. A rename that would
    /// add a problem the file did not have is never offered as safe (DESIGN.md §5).
    private static func plannedFix(_ context: RuleContext, _ patternKey: PatternKey, renamedTo clean: String) -> (fix: Fix?, note: String) {
        let kind = patternKey.kind
        let rename = SemanticEdit.renameKey(entry: patternKey.entry, to: clean)
        if context.lora.patternKeys(kind).contains(where: { $0.key == clean }) {
            return (nil, " (the stripped key '\(clean)' is already in \(kind.field); decide which value is meant)")
        }
        let value = context.patternValue(kind, patternKey.key)
        let rankNow = context.howMeantModulesAreDecided(kind, meant: clean)
        // A key that decides those modules now with another value would then share them
        // with the renamed key: an order-dependent pair (GL006), not a fix.
        let rivals = Array(NSOrderedSet(array: rankNow.compactMap { decided in
            decided.key.flatMap { decided.value != value ? "'\($0)' (\(kind.valueName)=\(LoraSettings.format(decided.value)))" : nil }
        })) as! [String]
        if !rivals.isEmpty {
            return (Fix(applicability: .displayOnly, description: "rename the key to '\(clean)' and make \(rivals.joined(separator: ", ")) stop matching its modules",
                        edits: [rename], intent: .makesKeyApply(kind, clean)),
                    "; renaming it to '\(clean)' would make it overlap \(rivals.joined(separator: ", ")), which PEFT resolves by key order (GL006): narrow the other key or reorder by hand")
        }
        if context.adapterWeights != nil {
            // The weights beside this config were trained with the key ignored (at the
            // default rank): renaming it now would make the adapter fail to load with a
            // size mismatch. Shown, never applied; retrain or fix the training config.
            return (Fix(applicability: .displayOnly, description: "rename the key to '\(clean)' in the training config and retrain; renaming it here breaks loading of the trained weights",
                        edits: [rename], intent: .makesKeyApply(kind, clean)), "")
        }
        if kind == .rank, let value, let drift = scalingDrift(context, meant: clean, newRank: value) {
            // Renamed alone, the key gives its modules a new scaling where every module had
            // one (a new GL007). The complete fix also keeps their scaling, by an alpha
            // entry: unsafe, since it sets an alpha the config never stated.
            let rslora = context.lora.spec.useRslora
            let note = "; renamed alone, its module\(drift.count == 1 ? "" : "s") would train at scaling \(AlphaScalingDrift.scalingText(drift.after)) where every module has \(AlphaScalingDrift.scalingText(drift.before)) (GL007)"
            guard drift.alphaFromDefault else {
                return (Fix(applicability: .displayOnly, description: "rename the key to '\(clean)' and give its modules an alpha for scaling \(AlphaScalingDrift.scalingText(drift.before)) by hand",
                            edits: [rename], intent: .makesKeyApply(kind, clean)), note)
            }
            let alpha = AlphaScalingDrift.alpha(for: drift.before, r: value, rslora: rslora)
            let edits = [rename] + context.addToPattern(.alpha, [(key: clean, value: RuleContext.editNumber(alpha))])
            return (Fix(applicability: .unsafe, description: "rename the key to '\(clean)' and add alpha_pattern '\(clean)': \(LoraSettings.format(alpha)) so it keeps scaling \(AlphaScalingDrift.scalingText(drift.before))",
                        edits: edits, intent: .givesScaling(drift.before)), note)
        }
        return (Fix(applicability: .safe, description: "rename the key to '\(clean)'", edits: [rename], intent: .makesKeyApply(kind, clean)), "")
    }

    /// The scaling the meant modules have now and would have after the rename, when the
    /// rename would break a scaling every module shares; nil otherwise. `alphaFromDefault`:
    /// no alpha_pattern key decides them, so one new alpha entry can hold their scaling.
    private static func scalingDrift(_ context: RuleContext, meant clean: String, newRank: Double)
        -> (before: Double, after: Double, count: Int, alphaFromDefault: Bool)? {
        let spec = context.lora.spec
        guard newRank > 0 else { return nil }
        let ranks = context.howMeantModulesAreDecided(.rank, meant: clean)
        let alphas = context.howMeantModulesAreDecided(.alpha, meant: clean)
        guard !ranks.isEmpty, ranks.count == alphas.count else { return nil }
        let shared: Double
        if let resolution = context.resolution {
            let scalings = Set(resolution.modules.map { ($0.scaling * 1e9).rounded() / 1e9 })
            guard scalings.count == 1, let only = resolution.modules.first?.scaling else { return nil }
            shared = only
        } else {
            // Without an inventory, GL007 compares each key with the default scaling.
            guard AlphaScalingDrift.check(context).isEmpty else { return nil }
            shared = AlphaScalingDrift.scaling(alpha: spec.loraAlpha, r: Double(spec.r), rslora: spec.useRslora)
        }
        let after = alphas.map { AlphaScalingDrift.scaling(alpha: $0.value, r: newRank, rslora: spec.useRslora) }
        guard let moved = after.first(where: { abs($0 - shared) > 1e-9 }) else { return nil }
        return (shared, moved, ranks.count, alphas.allSatisfy { $0.key == nil } && spec.alphaPattern.allSatisfy { $0.key != clean })
    }
}

import Foundation
