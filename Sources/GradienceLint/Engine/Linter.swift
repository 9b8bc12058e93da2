/// Lints one file: parse, find the LoRA settings, run the enabled rules.
public struct Linter {
    public let options: LintOptions

    public init(options: LintOptions) {
        self.options = options
    }

    public struct FileResult {
        public let source: SourceText
        public let parsed: ParsedFile
        public var diagnostics: [Diagnostic]
        /// Why LoRA rules did not run on a recognised config (for `--verbose`).
        public var skipped: [String]
        /// Whether any document holds LoRA settings.
        public var hasLoraSettings: Bool
    }

    public func lint(_ source: SourceText) -> FileResult {
        let parsed = Parser.parse(source)
        var result = FileResult(source: source, parsed: parsed, diagnostics: [], skipped: [], hasLoraSettings: false)
        if let problem = parsed.problem {
            // A file that does not parse cannot be shown to be LoRA-free: always report it.
            if options.isEnabled(SyntaxError.metadata.code) {
                result.diagnostics.append(diagnostic(SyntaxError.self, SyntaxError.finding(for: problem), source))
            }
            return result
        }
        for document in parsed.documents {
            switch ConfigExtractor.extract(from: document) {
            case .none:
                continue
            case .skipped(let reason):
                result.skipped.append(reason)
            case .lora(let settings):
                result.hasLoraSettings = true
                let context = RuleContext(source: source, document: document, lora: settings, options: options)
                for rule in RuleRegistry.all where options.isEnabled(rule.metadata.code) {
                    for finding in rule.check(context) {
                        result.diagnostics.append(diagnostic(rule, finding, source))
                    }
                }
            }
        }
        result.diagnostics.sort(by: Diagnostic.ordered)
        return result
    }

    private func diagnostic(_ rule: any Rule.Type, _ finding: Finding, _ source: SourceText) -> Diagnostic {
        let metadata = rule.metadata
        let severity = options.severityOverrides[metadata.code] ?? finding.severity ?? metadata.severity
        return Diagnostic(code: metadata.code, name: metadata.name, severity: severity, path: source.path,
                          range: finding.range, keyPath: finding.keyPath, message: finding.message, fix: finding.fix,
                          related: finding.related)
    }
}
