/// One run's findings, ready for any renderer: the CLI renders the same run to stdout
/// and to every `--output-format` file, so annotations and SARIF always agree.
public struct RunReport {
    /// What remains to report, in `Diagnostic.ordered` order.
    public var diagnostics: [Diagnostic]
    public var files: [Linter.FileResult]
    /// The rules that ran (SARIF lists them all, with or without findings).
    public var rules: [RuleMetadata]
    /// The run's working folder: report paths are relative to it.
    public var rootDirectory: String
    /// Findings the baseline accepted (they are not in `diagnostics`).
    public var baselined: Int

    public init(diagnostics: [Diagnostic], files: [Linter.FileResult], rules: [RuleMetadata], rootDirectory: String, baselined: Int = 0) {
        self.diagnostics = diagnostics
        self.files = files
        self.rules = rules
        self.rootDirectory = rootDirectory
        self.baselined = baselined
    }

    /// The rules enabled by any of the run's option sets, in code order.
    public static func rulesThatRan(_ options: some Collection<LintOptions>) -> [RuleMetadata] {
        RuleRegistry.all.map { $0.metadata }.filter { metadata in options.contains { $0.isEnabled(metadata.code) } }
    }

    public var suppressed: Int { files.map(\.suppressed.count).reduce(0, +) }

    public func render(_ format: ReportFormat, color: Bool = false) -> String {
        var text = ""
        write(format, color: color) { text += $0 }
        return text
    }

    /// The same text handed to `sink` in pieces (one per finding for the human format),
    /// so a caller can stream a large report instead of holding it whole.
    public func write(_ format: ReportFormat, color: Bool = false, to sink: (String) -> Void) {
        switch format {
        case .human:
            let report = HumanReport(color: color)
            // Only files with findings are looked up (a zoo's clean files need no entry).
            let sources = Dictionary(files.lazy.filter { !$0.diagnostics.isEmpty }.map { ($0.source.path, $0.source) },
                                     uniquingKeysWith: { first, _ in first })
            for diagnostic in diagnostics { sink(report.render(diagnostic, source: sources[diagnostic.path]) + "\n") }
            sink(summaryLine() + "\n")
        case .json:
            sink(JSONReport.render(diagnostics, filesChecked: files.count))
        case .sarif:
            let parsed = Dictionary(files.lazy.filter { !$0.diagnostics.isEmpty }.map { ($0.source.path, $0.parsed) },
                                    uniquingKeysWith: { first, _ in first })
            sink(SARIFReport(rules: rules, rootDirectory: rootDirectory).render(diagnostics, files: parsed))
        case .github:
            sink(GitHubReport(rootDirectory: rootDirectory).render(diagnostics))
        }
    }

    public func summaryLine() -> String {
        let count = files.count
        let fileWord = count == 1 ? "file" : "files"
        var line: String
        if diagnostics.isEmpty {
            line = "All checks passed (\(count) \(fileWord))."
        } else {
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            let infos = diagnostics.count - errors - warnings
            line = "Found \(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s") in \(count) \(fileWord) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(infos) info)."
        }
        var silenced: [String] = []
        if suppressed > 0 { silenced.append("\(suppressed) suppressed") }
        if baselined > 0 { silenced.append("\(baselined) in the baseline") }
        if !silenced.isEmpty { line += " Not shown: " + silenced.joined(separator: ", ") + "." }
        return line
    }
}
