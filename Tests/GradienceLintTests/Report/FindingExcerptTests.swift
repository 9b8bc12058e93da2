import Foundation
import Testing
@testable import GradienceLint

/// `check` keeps each file's findings with their excerpts and lets the file go
/// (`FileResult.forReport`); every report must read the same from the excerpts as from
/// the live files.
@Suite struct FindingExcerptTests {
    static func results(_ folder: String) -> [Linter.FileResult] {
        var options = LintOptions()
        options.model.architecture = "llama"
        options.model.numLayers = 2
        let root = Fixtures.packageRoot.path + "/"
        let paths = FileDiscovery.files(in: [root + folder]).files.map { String($0.dropFirst(root.count)) }
        let linter = Linter(options: options)
        return paths.map { linter.lint(Fixtures.source($0)) }
    }

    static func report(_ results: [Linter.FileResult]) -> RunReport {
        RunReport(diagnostics: results.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered), files: results,
                  rules: RunReport.rulesThatRan([LintOptions()]), rootDirectory: "/checkout")
    }

    static let folders = ["fixtures/report", "fixtures/examples", "fixtures/fix", "fixtures/formats", "fixtures/mixed"]
        + ["GL001", "GL002", "GL003", "GL004", "GL005", "GL006", "GL007", "GL008", "GL009", "GL010", "GL011", "GL012",
           "GL013", "GL014", "GL017", "GL018"].map { "fixtures/" + $0 }

    @Test(arguments: folders)
    func reportsReadTheSameFromExcerpts(_ folder: String) {
        let live = Self.results(folder)
        let kept = live.map { $0.forReport(fixReplacements: true) }
        #expect(kept.allSatisfy { $0.source.bytes.isEmpty && $0.parsed.documents.isEmpty && $0.analyses.isEmpty })
        #expect(kept.flatMap(\.diagnostics).allSatisfy { $0.excerpt != nil && ($0.fix?.edits.isEmpty ?? true) })
        for format in ReportFormat.allCases {
            #expect(Self.report(kept).render(format) == Self.report(live).render(format), "\(folder) \(format)")
        }
        #expect(Self.report(kept).summaryLine() == Self.report(live).summaryLine())
    }

    @Test func withoutFixReplacementsSARIFHasNoFixes() {
        let kept = Self.results("fixtures/report").map { $0.forReport(fixReplacements: false) }
        #expect(kept.flatMap(\.diagnostics).contains { $0.fix != nil })
        #expect(!Self.report(kept).render(.sarif).contains("\"fixes\""))
    }

    @Test func humanSnippetsComeFromTheExcerpt() throws {
        let kept = Self.results("fixtures/report").map { $0.forReport(fixReplacements: false) }
        let diagnostic = try #require(kept.flatMap(\.diagnostics).first)
        let line = try #require(diagnostic.excerpt?.line)
        #expect(HumanReport(color: false).render(diagnostic, source: nil).contains("| \(line.text.replacingOccurrences(of: "\t", with: " "))\n"))
    }
}
