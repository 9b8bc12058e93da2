import Foundation
import Testing
@testable import GradienceLint

/// Issue 4's "done when": `check --format json` on a config with seeded bugs reports
/// exactly the expected codes at the expected lines. The expectation is written in the
/// fixture itself — each seeded line ends in a comment naming its code — so the file
/// and the test cannot drift apart.
@Suite struct SeededConfigTests {
    static let path = "fixtures/seeded/llama-2-7b-sft.yaml"

    /// `# GL002: …` comments → "GL002 line 8".
    static func expectedFromComments() throws -> [String] {
        let text = try String(contentsOf: Fixtures.url(path), encoding: .utf8)
        var expected: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let hash = line.range(of: "# GL") else { continue }
            let code = line[line.index(hash.lowerBound, offsetBy: 2)...].prefix(5)
            expected.append("\(code) line \(index + 1)")
        }
        return expected
    }

    @Test func reportsExactlyTheSeededCodesAtTheirLines() throws {
        let (diagnostics, files) = try Golden.lintFolderWithSettings("fixtures/seeded")
        #expect(files == 1)  // the config; its settings file is not walked as a config
        let expected = try Self.expectedFromComments()
        #expect(expected.count == 12)
        let reported = diagnostics.map { "\($0.code) line \($0.range.start.line)" }
        #expect(reported.sorted() == expected.sorted())
        // Each code once: every seeded bug is reported at its root, without cascades.
        #expect(Set(diagnostics.map(\.code)).count == diagnostics.count)
        Golden.check(JSONReport.render(diagnostics, filesChecked: files), against: "fixtures/expected/seeded.json")
    }
}
