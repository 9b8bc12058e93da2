import GradienceSyntax
import GradienceRules
extension Linter {
    /// The result for a file over `max-file-size`, which was never read: one GL000 at
    /// its start, so it shows in every report and fails the run like a file that does not
    /// parse (the linter cannot show it is LoRA-free).
    public func oversized(path: String, size: Int?, limit: Int) -> FileResult {
        let source = SourceText(path: path, bytes: [])
        let start = Mark(offset: 0, line: 1, column: 1)
        let problem = SyntaxProblem(
            message: "the file is \(size.map { "\($0) bytes, " } ?? "")over the max-file-size limit of \(ByteSize.describe(limit)); "
                + "not read (raise the limit in \(Settings.fileName) or with --max-file-size)",
            range: SourceRange(start: start, end: start))
        let parsed = ParsedFile(source: source, documents: [], problem: problem, aliasCount: 0)
        var result = FileResult(source: source, parsed: parsed, diagnostics: [], skipped: [], hasLoraSettings: false)
        if options.isEnabled(SyntaxError.metadata.code) {
            let metadata = SyntaxError.metadata
            result.diagnostics.append(Diagnostic(
                code: metadata.code, name: metadata.name, severity: options.severityOverrides[metadata.code] ?? metadata.severity,
                path: path, range: problem.range, keyPath: "", message: problem.message))
        }
        return result
    }
}
