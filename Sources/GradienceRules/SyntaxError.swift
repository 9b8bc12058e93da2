import GradienceSyntax
/// GL000: the file is not valid YAML/JSON (or is binary, or nests too deeply).
///
/// Not a `check` like the others: the engine reports it when parsing fails, since no
/// other rule can run on a file Python itself would refuse to load.
public enum SyntaxError: Rule {
    public static let metadata = RuleMetadata(
        code: "GL000", name: "syntax-error", severity: .error,
        summary: "The file cannot be parsed as YAML or JSON.",
        description: "Reports the first syntax error in a file, where libyaml found it, in plain words. Also binary files, invalid UTF-8, JSON that only YAML accepts, and nesting deeper than 512 levels.",
        why: "PyYAML and `json.load` refuse the whole file, so the training run or `PeftModel.from_pretrained` fails before it starts — or, in a pre-commit hook, a half-merged config slips through unchecked.",
        fix: .none("Fix the syntax by hand; no rule runs on the file until it parses."),
        examples: [
            .triggering("lora:\n  r: 8\n  lora_alpha: 16\n ↓bad: indent\n"),
            .clean("lora:\n  r: 8\n  lora_alpha: 16\n"),
        ],
        readsFileAlone: true)

    public static func check(_ context: RuleContext) -> [Finding] { [] }

    package static func finding(for problem: SyntaxProblem) -> Finding {
        Finding(range: problem.range, keyPath: "", message: problem.message)
    }
}
