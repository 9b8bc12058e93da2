import Foundation
import Testing
@testable import GradienceLint

/// Every finding on `../shared/corpus/realworld/` (1,759 real configs from public
/// repositories), in two passes (default settings; PEFT 0.13.2, the last version that
/// raises for unknown fields), pinned to `fixtures/realworld-findings.json`, where each one
/// carries a verdict: a finding that appears or disappears fails here until the golden is
/// regenerated (`python3 scripts/realworld-golden.py`, which keeps existing verdicts) and
/// the change reviewed. A fresh clone has no corpus beside it: the test is then skipped,
/// saying so; CI has it.
@Suite struct RealWorldFindingsTests {
    static let corpus = Fixtures.sharedFolder.appendingPathComponent("corpus/realworld").path
    static let corpusIsPresent = FileManager.default.fileExists(atPath: corpus)

    struct Golden: Decodable {
        let passes: [Pass]

        struct Pass: Decodable {
            let name: String
            let arguments: [String]
            let files_checked: Int
            let findings: [Finding]
        }

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

    /// The options `gradience-lint check` derives from a pass's arguments (only
    /// `--peft-version` is used).
    static func options(_ arguments: [String]) throws -> LintOptions {
        var options = LintOptions()
        if let flag = arguments.firstIndex(of: "--peft-version") {
            options.peftVersion = try #require(PeftVersion(arguments[flag + 1]))
        }
        return options
    }

    @Test(.enabled(if: corpusIsPresent, "../shared/corpus/realworld is absent (a fresh clone has no shared corpus); CI runs this test"))
    func everyFindingOnTheCorpusIsInTheGolden() throws {
        let golden = try Self.golden()
        #expect(golden.passes.map(\.name) == ["default", "peft-0.13.2"])
        let files = FileDiscovery.files(in: [Self.corpus]).files
        let prefix = Self.corpus + "/"
        for pass in golden.passes {
            #expect(files.count == pass.files_checked)
            // As `gradience-lint check` runs: one linter, one inventory cache, no
            // .gradience-lint.yml above the corpus; paths relative to the corpus.
            let linter = Linter(options: try Self.options(pass.arguments))
            let actual = files.flatMap { file -> [String] in
                let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
                return linter.lint(SourceText(path: file, bytes: bytes)).diagnostics.map {
                    let path = String(file.dropFirst(prefix.count))
                    let message = $0.message.replacingOccurrences(of: prefix, with: "")
                    return "\($0.code) \($0.severity.rawValue) \(path):\($0.range.start.line):\($0.range.start.column) \($0.keyPath) \(message)"
                }
            }.sorted()
            let expected = pass.findings.map(\.pinned).sorted()
            let appeared = actual.filter { !expected.contains($0) }
            let disappeared = expected.filter { !actual.contains($0) }
            #expect(appeared.isEmpty, "pass \(pass.name): new findings (review them, then python3 scripts/realworld-golden.py):\n\(appeared.joined(separator: "\n"))")
            #expect(disappeared.isEmpty, "pass \(pass.name): findings gone (regenerate the golden if intended):\n\(disappeared.joined(separator: "\n"))")
        }
    }

    /// Target: zero false positives. Runs without the corpus too: the golden is in the repository.
    @Test func everyGoldenFindingIsReviewedAsATruePositive() throws {
        let golden = try Self.golden()
        for pass in golden.passes {
            #expect(!pass.findings.isEmpty)
            for finding in pass.findings {
                #expect(finding.verdict.hasPrefix("true positive"), "pass \(pass.name): \(finding.pinned): verdict \(finding.verdict)")
            }
        }
    }
}
