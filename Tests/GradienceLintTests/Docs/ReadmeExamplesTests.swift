import Foundation
import Testing
@testable import GradienceLint

/// The README's terminal examples are the real output of the shipped files, run from the
/// repository root as a reader would: a block that opens with `$ gradience-lint …` must
/// print exactly the rest of the block. `scripts/readme-examples` rewrites the blocks.
@Suite struct ReadmeExamplesTests {
    struct Example: CustomStringConvertible {
        let arguments: [String]
        let output: String
        var description: String { "gradience-lint " + arguments.joined(separator: " ") }
    }

    /// Fenced blocks whose first line is `$ gradience-lint ARGS` (arguments hold no spaces);
    /// the same pattern as scripts/readme-examples.
    static func examples(in readme: String) -> [Example] {
        let block = try! NSRegularExpression(pattern: "```\\n\\$ gradience-lint ([^\\n]*)\\n(.*?)```\\n",
                                             options: [.dotMatchesLineSeparators])
        let text = readme as NSString
        return block.matches(in: readme, range: NSRange(location: 0, length: text.length)).map { match in
            Example(arguments: text.substring(with: match.range(at: 1)).split(separator: " ").map(String.init),
                    output: text.substring(with: match.range(at: 2)))
        }
    }

    static let readme = (try? String(contentsOf: Fixtures.url("README.md"), encoding: .utf8)) ?? ""

    @Test func theReadmeHasExamples() {
        #expect(Self.examples(in: Self.readme).count >= 3)
    }

    /// The README's rules table is the generated one (`gradience-lint rules --write-docs rules`).
    @Test func theRulesTableIsCurrent() {
        #expect(Self.readme.contains("<!-- rules:begin"))
        #expect(RuleDocs.readme(Self.readme) == Self.readme, "run: swift run gradience-lint rules --write-docs rules")
    }

    /// The two commands a fresh clone runs (.ci/run) stand in the README verbatim.
    @Test func theFromSourceCommandsAreVerbatim() {
        #expect(Self.readme.contains("""
            ```sh
            swift run gradience-lint fixtures/examples/adapter_config.json   # lint a shipped example (exits 1: it has bugs)
            swift test                                                      # run the test suite
            ```
            """))
    }

    @Test(arguments: examples(in: readme))
    func exampleIsTheRealOutput(_ example: Example) throws {
        let run = try CLI.run(example.arguments, in: Fixtures.packageRoot)
        #expect(run.stdout == example.output, "rerun scripts/readme-examples")
    }
}
