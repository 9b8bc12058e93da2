import GradienceRules
import GradienceEngine
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
    /// False when some path named nothing readable (the run fails): a clean run then does
    /// not say "All checks passed" above the error.
    public var everyPathRead = true
    /// False under `--quiet`: the findings, without the summary line.
    public var withSummary = true

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

    /// The files with LoRA settings read without the base model's modules, and why: every
    /// report says so (silence must be earned: their target modules, layer indices and
    /// pattern keys were not checked).
    public var filesWithoutInventory: [InventoryGap] {
        files.compactMap { file in file.inventoryNote.map { InventoryGap(path: file.source.path, reason: $0) } }
    }

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
            closing(sink)
        case .concise:
            let report = HumanReport(color: color)
            for diagnostic in diagnostics { sink(report.renderConcise(diagnostic)) }
            closing(sink)
        case .json:
            sink(JSONReport.render(diagnostics, filesChecked: files.count, withoutInventory: filesWithoutInventory))
        case .sarif:
            let parsed = Dictionary(files.lazy.filter { !$0.diagnostics.isEmpty }.map { ($0.source.path, $0.parsed) },
                                    uniquingKeysWith: { first, _ in first })
            var sarif = SARIFReport(rules: rules, rootDirectory: rootDirectory)
            sarif.withoutInventory = filesWithoutInventory
            sink(sarif.render(diagnostics, files: parsed))
        case .github:
            sink(GitHubReport(rootDirectory: rootDirectory).render(diagnostics))
            // Plain log lines (not workflow commands): the run's verdict, as in human.
            closing(sink)
        }
    }

    /// The summary line and the files read without the base model (not under `--quiet`).
    private func closing(_ sink: (String) -> Void) {
        guard withSummary else { return }
        if let line = summaryLine() { sink(line + "\n") }
        if let line = InventoryGap.summaryLine(filesWithoutInventory) { sink(line + "\n") }
    }

    /// "Found 3 problems in 2 files (…); 7 files checked." — the files with problems, then
    /// all the files checked. Nil when nothing was checked and a path could not be read.
    public func summaryLine() -> String? {
        let count = files.count
        var line: String
        if diagnostics.isEmpty {
            if !everyPathRead && count == 0 { return nil }
            // Not "All checks passed" over checks that did not run (see InventoryGap).
            line = everyPathRead && filesWithoutInventory.isEmpty ? "All checks passed (\(Self.count(count, "file")))."
                : "No problems in the \(Self.count(count, "file")) checked."
        } else {
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            let infos = diagnostics.count - errors - warnings
            var withProblems = Set<String>()
            for diagnostic in diagnostics { withProblems.insert(diagnostic.path) }
            line = "Found \(Self.count(diagnostics.count, "problem")) in \(Self.count(withProblems.count, "file")) "
                + "(\(Self.count(errors, "error")), \(Self.count(warnings, "warning")), \(infos) info); \(Self.count(count, "file")) checked."
        }
        var silenced: [String] = []
        if suppressed > 0 { silenced.append("\(suppressed) suppressed") }
        if baselined > 0 { silenced.append("\(baselined) in the baseline") }
        if !silenced.isEmpty { line += " Not shown: " + silenced.joined(separator: ", ") + "." }
        return line
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
