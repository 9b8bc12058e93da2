import Foundation
import Testing
@testable import GradienceLint

/// Every finding on `../shared/corpus/realworld/` (1,759 real configs from public
/// repositories), pinned to `fixtures/realworld-findings.json`, where each one carries a
/// verdict: a finding that appears or disappears fails here until the golden is
/// regenerated (`python3 scripts/realworld-golden.py`, which keeps existing verdicts) and
/// the change reviewed. A fresh clone has no corpus beside it: the test is then skipped,
/// saying so; CI has it.
@Suite struct RealWorldFindingsTests {
    static let corpus = Fixtures.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/realworld").path
    static let corpusIsPresent = FileManager.default.fileExists(atPath: corpus)

    struct Golden: Decodable {
        let files_checked: Int
        let findings: [Finding]

        struct Finding: Decodable {
            let code, severity, path, key_path, message, verdict: String
            let line, column: Int

            var pinned: String { "\(code) \(severity) \(path):\(line):\(column) \(key_path) \(message)" }
        }
    }

    static func golden() throws -> Golden {
        let data = try Data(contentsOf: Fixtures.url("fixtures/realworld-findings.json"))
        return try JSONDecoder().decode(Golden.self, from: data)
    }

    @Test(.enabled(if: corpusIsPresent, "../shared/corpus/realworld is absent (a fresh clone has no shared corpus); CI runs this test"))
    func everyFindingOnTheCorpusIsInTheGolden() throws {
        let golden = try Self.golden()
        let files = FileDiscovery.files(in: [Self.corpus]).files
        #expect(files.count == golden.files_checked)
        // As `gradience-lint check` runs: one linter, one inventory cache, default settings
        // (no .gradience-lint.yml lies above the corpus); paths relative to the corpus.
        let linter = Linter(options: LintOptions())
        let prefix = Self.corpus + "/"
        let actual = files.flatMap { file -> [String] in
            let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
            return linter.lint(SourceText(path: file, bytes: bytes)).diagnostics.map {
                let path = String(file.dropFirst(prefix.count))
                let message = $0.message.replacingOccurrences(of: prefix, with: "")
                return "\($0.code) \($0.severity.rawValue) \(path):\($0.range.start.line):\($0.range.start.column) \($0.keyPath) \(message)"
            }
        }.sorted()
        let expected = golden.findings.map(\.pinned).sorted()
        let appeared = actual.filter { !expected.contains($0) }
        let disappeared = expected.filter { !actual.contains($0) }
        #expect(appeared.isEmpty, "new findings (review them, then python3 scripts/realworld-golden.py):\n\(appeared.joined(separator: "\n"))")
        #expect(disappeared.isEmpty, "findings gone (regenerate the golden if intended):\n\(disappeared.joined(separator: "\n"))")
    }

    /// Target: zero false positives. Runs without the corpus too: the golden is in the repository.
    @Test func everyGoldenFindingIsReviewedAsATruePositive() throws {
        let golden = try Self.golden()
        #expect(!golden.findings.isEmpty)
        for finding in golden.findings {
            #expect(finding.verdict.hasPrefix("true positive"), "\(finding.pinned): verdict \(finding.verdict)")
        }
    }
}
