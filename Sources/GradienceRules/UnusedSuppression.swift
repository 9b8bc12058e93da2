/// GL018: a `# gradience-lint: disable=…` comment that silences nothing.
///
/// Not a `check` like the others: the engine's suppression stage (`Engine/Suppressions.swift`)
/// reports it after every other rule ran, since only then is it known what a comment
/// silenced.
public enum UnusedSuppression: Rule {
    public static let metadata = RuleMetadata(
        code: "GL018", name: "unused-suppression", severity: .warning,
        summary: "A gradience-lint suppression comment silences nothing, or names an unknown rule.",
        description: "Reports `# gradience-lint: disable=…` and `disable-file=…` comments with a code that reported nothing where the comment applies, codes that name no rule, unknown directive words and suppressions that name no code. A code whose rule did not run (`select`, `ignore`) is never called unused, nor — in a file whose LoRA settings had no module inventory — a code whose rule might fire once an inventory is known (rules that read the file alone, such as GL013 and GL014, are judged there too). `per-file-ignores` and `ignore-keys` entries are not judged: pre-commit checks only the changed files.",
        why: "A suppression outlives the finding it was written for: the config gets fixed, the comment stays, and the next real problem on that line is hidden without anyone deciding so. A misspelt code (`GL0013`) or directive (`disabel`) suppresses nothing while looking as if it did.",
        fix: .safe("Remove the comment, or, when some of its codes are still needed, drop only the unused ones (the reason after ` -- ` stays). Unknown directive words and empty code lists are left for a human."),
        examples: [
            .triggering("peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [q_proj, v_proj]\nlora_dropout: 0.05  ↓# gradience-lint: disable=GL013\n",
                        model: "llama:2"),
            .triggering("lora:\n  r: 16\n  lora_alpha: 32\n  ↓# gradience-lint: disable=GL013,GL009 -- the later r is the one we train with\n  r: 4\n",
                        model: "llama:2", note: "GL013 is needed; GL009 reported nothing on the `r: 4` line."),
            .triggering("lora:\n  r: 16\n  lora_alpha: 32\n  r: 4  ↓# gradience-lint: disable=GL0013\n",
                        note: "A misspelt code suppresses nothing (and GL013 still fires)."),
            .clean("lora:\n  r: 16\n  lora_alpha: 32\n  r: 4  # gradience-lint: disable=GL013 -- the later r is the one we train with\n",
                   model: "llama:2"),
            .triggering("base_model: some-org/unknown-model\nadapter: lora\nlora_r: 16  ↓# gradience-lint: disable=GL013\nlora_alpha: 32\n",
                        note: "No inventory, but GL013 reads the file alone: no inventory could make it fire on that line."),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\nrank_pattern:\n  q_proj: 4  # gradience-lint: disable=GL005 -- vision tower, not in our modules file\n",
                   note: "Without an inventory GL005 runs reduced, so the suppression is not called unused."),
        ])

    public static func check(_ context: RuleContext) -> [Finding] { [] }
}
