/// GL001: a pattern key copied from `PeftModel.named_modules()` or a checkpoint.
public enum PrefixedPatternKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL001", name: "prefixed-pattern-key", severity: .error,
        summary: "A rank_pattern/alpha_pattern key carries a wrapper prefix or a PEFT-internal suffix, so PEFT never matches it.",
        description: "Reports pattern keys that start with `base_model.model.` or `base_model.` (names from `PeftModel.named_modules()` or `adapter_model.safetensors`) or end with a PEFT-internal suffix such as `.lora_A.weight`, `.lora_A`, `.lora_B`, `.default`, `.base_layer`, `.weight` or `.lora_embedding_A`.",
        why: "PEFT's `get_pattern_key` matches keys with `re.match(rf\"(.*\\.)?({key})$\", name)` against module names relative to the base model (`model.layers.0.self_attn.q_proj`). A wrapper prefix or a parameter suffix can never match such a name, PEFT says nothing, and the module silently trains at the default `r`/`lora_alpha` — the \"per-layer\" adapter is really uniform.",
        fix: .safe("Strip the prefix/suffix. The renames of a file are planned as one set and judged on the final state, rank and alpha keys together, so a complete pattern copied from `named_modules()` is fixed in one step. When the stripped key is already in the pattern with the same value, the copy is removed; with another value, or when two keys strip to the same name, which value was meant is a human decision: that key is not fixed (the message names both keys) and the others still are. Display-only when another key with a different value decides the meant modules now (the rename would make the two overlap, GL006), and beside trained weights (`adapter_model.safetensors`): those were trained with the key ignored, and renaming it would make them fail to load. When the file's own values, once they apply, give modules different scalings (a rank_pattern without a matching alpha_pattern), GL007 reports that afterwards, with its own unsafe fix; the rename's description says so."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓base_model.model.model.layers.0.self_attn.q_proj: 4\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nalpha_pattern:\n  ↓model.layers.3.self_attn.v_proj.lora_A.weight: 32\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 16\n  ↓base_model.model.q_proj: 4\n",
                        note: "Not fixed: the stripped key is already there with another value, and which one was meant is a human decision."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4\n  base_model_head: 4\n"),
            .fix("peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:  # from PeftModel.named_modules()\n  base_model.model.model.layers.0.self_attn.q_proj: 16\n  base_model.model.model.layers.0.self_attn.v_proj: 4\n  base_model.model.model.layers.1.self_attn.q_proj: 8\n  base_model.model.model.layers.1.self_attn.v_proj: 4\nalpha_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 32\n  base_model.model.model.layers.0.self_attn.v_proj: 8\n  base_model.model.model.layers.1.self_attn.q_proj: 16\n  base_model.model.model.layers.1.self_attn.v_proj: 8\n",
                 "peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:  # from PeftModel.named_modules()\n  model.layers.0.self_attn.q_proj: 16\n  model.layers.0.self_attn.v_proj: 4\n  model.layers.1.self_attn.q_proj: 8\n  model.layers.1.self_attn.v_proj: 4\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 32\n  model.layers.0.self_attn.v_proj: 8\n  model.layers.1.self_attn.q_proj: 16\n  model.layers.1.self_attn.v_proj: 8\n",
                 model: "llama:2",
                 note: "The seed case: a complete rank_pattern with a mirrored alpha_pattern, every key copied from `named_modules()`. All eight keys are renamed in one step and every module trains at the rank and alpha the file states (scaling 2 everywhere)."),
            .fix("peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 16\n  base_model.model.model.layers.0.self_attn.v_proj: 4\n  base_model.model.model.layers.1.self_attn.q_proj: 8\n  base_model.model.model.layers.1.self_attn.v_proj: 4\n",
                 "peft_type: LORA\nr: 4\nlora_alpha: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 16\n  model.layers.0.self_attn.v_proj: 4\n  model.layers.1.self_attn.q_proj: 8\n  model.layers.1.self_attn.v_proj: 4\n",
                 model: "llama:2",
                 note: "A complete rank_pattern alone: once its keys apply, the q_proj modules train at scalings 0.5 and 1 where the v_proj ones keep 2 (lora_alpha 8 over each rank). That is the file's own configuration: GL007 reports it afterwards, with an unsafe fix that adds a matching alpha_pattern."),
            .fix("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4  # from named_modules()\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 8\n",
                 "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4  # from named_modules()\nalpha_pattern:\n  model.layers.0.self_attn.q_proj: 8\n"),
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
        let intended = IntendedPatterns(context.lora)
        for kind in PatternKind.allCases {
            var safe: Set<String> = []
            for patternKey in context.lora.patternKeys(kind) {
                guard let (clean, removed) = stripped(patternKey.key) else { continue }
                let what = removed.map { "'\($0)'" }.joined(separator: " and ")
                let planned = plannedFix(context, patternKey, renamedTo: clean, intended: intended)
                if planned.fix?.applicability == .safe { safe.insert(patternKey.key) }
                let message = "\(kind.field) key '\(patternKey.key)' carries \(what); PEFT matches keys against base-model module names, so this key never matches and \(context.howMeantModulesTrain(kind, meant: clean))" + planned.note
                findings.append(Finding(node: patternKey.entry.key, keyPath: patternKey.pointer, message: message, fix: planned.fix))
            }
            // The rules that count on these renames ask next: planned once per key, not twice.
            _ = context.patternMemo.value(\.safelyRenamedKeys, kind) { safe }
        }
        return findings
    }

    /// The keys whose rename is a safe fix: rules that count on GL001's fix (the modules
    /// those keys meant are GL001's business) count only on these.
    static func safelyRenamedKeys(_ context: RuleContext, _ kind: PatternKind) -> Set<String> {
        context.patternMemo.value(\.safelyRenamedKeys, kind) {
            let intended = IntendedPatterns(context.lora)
            return Set(context.lora.patternKeys(kind).filter { patternKey in
                guard let (clean, _) = stripped(patternKey.key) else { return false }
                let fix = plannedFix(context, patternKey, renamedTo: clean, intended: intended).fix
                return fix?.applicability == .safe
            }.map(\.key))
        }
    }

    /// Both patterns as the file evidently means them, every GL001 key stripped: which
    /// prefixed keys strip to each name, and each name's value. The renames of a pattern
    /// are planned against this, the final state, never one key at a time (issue 23).
    struct IntendedPatterns {
        /// Stripped name → the keys as written that strip to it, in file order.
        var sources: [PatternKind: [String: [String]]] = [:]
        /// Name (stripped, or as written when it carries nothing) → value, first key wins.
        var values: [PatternKind: [String: Double]] = [:]
        /// The keys as written, whatever their value (a lookup per key, not a scan).
        var written: [PatternKind: Set<String>] = [:]

        init(_ lora: LoraSettings) {
            for kind in PatternKind.allCases {
                var sources: [String: [String]] = [:]
                var values: [String: Double] = [:]
                for entry in kind == .rank ? lora.spec.rankPattern : lora.spec.alphaPattern {
                    let name = stripped(entry.key)?.key
                    if let name { sources[name, default: []].append(entry.key) }
                    if values[name ?? entry.key] == nil { values[name ?? entry.key] = entry.value }
                }
                self.sources[kind] = sources
                self.values[kind] = values
                written[kind] = Set(lora.patternKeys(kind).map(\.key))
            }
        }
    }

    /// The fix for one key, and what the message must add about it. The rename is safe
    /// when it makes the key apply as written and nothing else: it may not collide with
    /// another key, nor overlap a key that decides its modules now with another value
    /// (GL006), nor break the load of trained weights. Scalings that differ once the
    /// file's own values apply are the file's (GL007 reports them), not the fix's.
    private static func plannedFix(_ context: RuleContext, _ patternKey: PatternKey, renamedTo clean: String,
                                   intended: IntendedPatterns) -> (fix: Fix?, note: String) {
        let kind = patternKey.kind
        let rename = SemanticEdit.renameKey(entry: patternKey.entry, to: clean)
        let value = context.patternValue(kind, patternKey.key)
        let valueText = { (value: Double?) in value.map { "\(kind.valueName)=\(LoraSettings.format($0))" } ?? "a value PEFT cannot read" }
        if intended.written[kind]?.contains(clean) == true {
            let other = context.patternValue(kind, clean)
            if let value, other == value {
                // The stripped key already says the same: this copy only hides it.
                return (Fix(applicability: .safe, description: "remove the key: '\(clean)' already gives its modules \(valueText(value))",
                            edits: [.removeEntry(mapping: patternKey.field.value, entry: patternKey.entry)]), "")
            }
            return (nil, " (not fixed: the stripped key '\(clean)' is already in \(kind.field) with \(valueText(other)), where '\(patternKey.key)' says \(valueText(value)); decide which value is meant)")
        }
        let twins = (intended.sources[kind]?[clean] ?? []).filter { $0 != patternKey.key }
        if !twins.isEmpty {
            let named = twins.map { "'\($0)' (\(valueText(context.patternValue(kind, $0))))" }.joined(separator: ", ")
            return (nil, " (not fixed: \(named) also strips to '\(clean)'; decide which value is meant)")
        }
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
        return (Fix(applicability: .safe, description: "rename the key to '\(clean)'" + scalingNote(context, clean, intended),
                    edits: [rename], intent: .makesKeyApply(kind, clean)), "")
    }

    /// What the description warns of when the file's own values, once they apply, give
    /// the meant module another scaling than `r`/`lora_alpha` do: GL007 reports it then.
    private static func scalingNote(_ context: RuleContext, _ clean: String, _ intended: IntendedPatterns) -> String {
        let spec = context.lora.spec
        guard spec.r > 0, spec.loraAlpha > 0 else { return "" }
        let r = intended.values[.rank]?[clean] ?? Double(spec.r)
        let alpha = intended.values[.alpha]?[clean] ?? spec.loraAlpha
        guard r > 0 else { return "" }
        let meant = AlphaScalingDrift.scaling(alpha: alpha, r: r, rslora: spec.useRslora)
        let usual = AlphaScalingDrift.scaling(alpha: spec.loraAlpha, r: Double(spec.r), rslora: spec.useRslora)
        guard abs(meant - usual) > 1e-9 else { return "" }
        return "; with the file's r=\(LoraSettings.format(r)) and alpha=\(LoraSettings.format(alpha)) its module then trains at scaling \(AlphaScalingDrift.scalingText(meant)), not the \(AlphaScalingDrift.scalingText(usual)) of r/lora_alpha: GL007 reports that difference, which is the file's own"
    }
}

import Foundation
import GradienceTransformer
import GradiencePEFT
import GradienceConfig
