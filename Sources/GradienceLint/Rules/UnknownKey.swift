/// GL014: a key the format does not define, usually a typo that is silently ignored.
public enum UnknownKey: Rule {
    public static let metadata = RuleMetadata(
        code: "GL014", name: "unknown-key", severity: .warning,
        summary: "A key the detected format does not define; it is ignored or dropped.",
        description: "In a section that holds only LoRA settings (an `adapter_config.json`, a `lora:`/`peft:` mapping) every key should be one the format defines; in flat files (axolotl, TRL, LLaMA-Factory) a key a typo away from a LoRA key is reported. Suggests the nearest known key.",
        why: "PEFT ≥ 0.14 drops unknown `LoraConfig` keys with a warning nobody reads (older versions raise `TypeError`); trainers ignore unknown YAML keys outright. A `lora_alhpa: 32` trains at the default alpha, and a `rank_patern` trains every module at `r`.",
        fix: .unsafe("Rename the key to the suggested one (unsafe: it changes training, which is the point)."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\n↓lora_alhpa: 32\ntarget_modules: [q_proj]\n"),
            .triggering("adapter: lora\nlora_r: 8\n↓lora_alpah: 32\nlora_target_modules: [q_proj]\n"),
            .clean("adapter: lora\nlora_r: 8\nlora_alpha: 16\nlora_mlp_kernel: true\nlora_target_modules: [q_proj]\n"),
            .fix("peft_type: LORA\nr: 4\nrank_patern:\n  q_proj: 4\n  v_proj: 8\ntarget_modules: [q_proj, v_proj]\nlora_alpha: 4\nalpha_pattern:\n  v_proj: 8\n",
                 "peft_type: LORA\nr: 4\nrank_pattern:\n  q_proj: 4\n  v_proj: 8\ntarget_modules: [q_proj, v_proj]\nlora_alpha: 4\nalpha_pattern:\n  v_proj: 8\n", unsafe: true),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        let vocabulary = Array(Set(lora.format.vocabulary.values)).sorted()
        var findings: [Finding] = []
        let present = Set(lora.section.effectiveEntries.compactMap(\.keyText))
        for entry in lora.section.effectiveEntries {
            guard let key = entry.keyText else { continue }
            let pointer = JSONPointer.appending(lora.sectionPointer, key)
            let suggestion: String?
            if let known = lora.sectionVocabulary {
                if known.contains(key) { continue }
                suggestion = Suggestion.closest(to: key, among: Array(known).sorted())
                guard suggestion != nil || lora.format == .peft || lora.format == .peftSection else { continue }
            } else {
                // Flat files mix LoRA keys with every other training setting: only a key a
                // typo away from a LoRA key is suspicious.
                guard !vocabulary.contains(key), let near = Suggestion.closest(to: key, among: vocabulary),
                      Suggestion.editDistance(key, near) <= 2, !present.contains(near) else { continue }
                suggestion = near
            }
            var message = "unknown key '\(key)' for \(lora.format.rawValue)"
            var fix: Fix?
            if let suggestion {
                message += "; did you mean '\(suggestion)'?"
                if !present.contains(suggestion) {
                    fix = Fix(applicability: .unsafe, description: "rename '\(key)' to '\(suggestion)'", edits: [.renameKey(entry: entry, to: suggestion)])
                }
            }
            message += lora.format == .peft ? " PEFT drops unknown keys on load, so it has no effect." : " It is ignored, so it has no effect."
            findings.append(Finding(node: entry.key, keyPath: pointer, message: message, fix: fix))
        }
        return findings
    }
}
