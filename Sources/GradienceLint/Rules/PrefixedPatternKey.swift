/// GL001: a pattern key copied from `PeftModel.named_modules()` or a checkpoint.
public enum PrefixedPatternKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL001", name: "prefixed-pattern-key", severity: .error,
        summary: "A rank_pattern/alpha_pattern key carries a wrapper prefix or a PEFT-internal suffix, so PEFT never matches it.",
        description: "Reports pattern keys that start with `base_model.model.` or `base_model.` (names from `PeftModel.named_modules()` or `adapter_model.safetensors`) or end with a PEFT-internal suffix such as `.lora_A.weight`, `.lora_A`, `.lora_B`, `.default`, `.base_layer`, `.weight` or `.lora_embedding_A`.",
        why: "PEFT's `get_pattern_key` matches keys with `re.match(rf\"(.*\\.)?({key})$\", name)` against module names relative to the base model (`model.layers.0.self_attn.q_proj`). A wrapper prefix or a parameter suffix can never match such a name, PEFT says nothing, and the module silently trains at the default `r`/`lora_alpha` — the \"per-layer\" adapter is really uniform.",
        fix: .safe("Strip the prefix/suffix, unless the stripped key already exists in the same pattern (then which value was meant is a human decision). Beside trained weights (`adapter_model.safetensors`) the fix is display-only: those weights were trained with the key ignored, and renaming it would make them fail to load."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  ↓base_model.model.model.layers.0.self_attn.q_proj: 4\n"),
            .triggering("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nalpha_pattern:\n  ↓model.layers.3.self_attn.v_proj.lora_A.weight: 32\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4\n  base_model_head: 4\n"),
            .fix("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 4  # from named_modules()\n",
                 "peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  model.layers.0.self_attn.q_proj: 4  # from named_modules()\n"),
        ])

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
            let keys = context.lora.patternKeys(kind)
            let existing = Set(keys.map(\.key))
            for patternKey in keys {
                guard let (clean, removed) = stripped(patternKey.key) else { continue }
                let what = removed.map { "'\($0)'" }.joined(separator: " and ")
                var message = "\(kind.field) key '\(patternKey.key)' carries \(what); PEFT matches keys against base-model module names, so this key never matches and \(context.howMeantModulesTrain(kind, meant: clean))"
                var fix: Fix?
                let value = context.patternValue(kind, patternKey.key)
                // A key that decides those modules now with another value would then share
                // them with the renamed key: an order-dependent pair (GL006), not a fix.
                let rivals = context.howMeantModulesAreDecided(kind, meant: clean).compactMap { decided in
                    decided.key.flatMap { $0 != patternKey.key && decided.value != value ? "'\($0)' (\(kind.valueName)=\(LoraSettings.format(decided.value)))" : nil }
                }
                let rivalList = Array(NSOrderedSet(array: rivals)) as! [String]
                if existing.contains(clean) {
                    message += " (the stripped key '\(clean)' is already in \(kind.field); decide which value is meant)"
                } else if !rivalList.isEmpty {
                    message += "; renaming it to '\(clean)' would make it overlap \(rivalList.joined(separator: ", ")), which PEFT resolves by key order (GL006): narrow the other key or reorder by hand"
                    fix = Fix(applicability: .displayOnly, description: "rename the key to '\(clean)' and make \(rivalList.joined(separator: ", ")) stop matching its modules",
                              edits: [.renameKey(entry: patternKey.entry, to: clean)], intent: .makesKeyApply(kind, clean))
                } else if context.adapterWeights != nil {
                    // The weights beside this config were trained with the key ignored (at the
                    // default rank): renaming it now would make the adapter fail to load with a
                    // size mismatch. Shown, never applied; retrain or fix the training config.
                    fix = Fix(applicability: .displayOnly, description: "rename the key to '\(clean)' in the training config and retrain; renaming it here breaks loading of the trained weights",
                              edits: [.renameKey(entry: patternKey.entry, to: clean)], intent: .makesKeyApply(kind, clean))
                } else {
                    fix = Fix(applicability: .safe, description: "rename the key to '\(clean)'",
                              edits: [.renameKey(entry: patternKey.entry, to: clean)], intent: .makesKeyApply(kind, clean))
                }
                findings.append(Finding(node: patternKey.entry.key, keyPath: patternKey.pointer, message: message, fix: fix))
            }
        }
        return findings
    }
}

import Foundation
