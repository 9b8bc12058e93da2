import Foundation
import Testing

/// The README's terminal examples are the real output of the shipped files in
/// `fixtures/readme/`: a block that opens with `$ gradience-lint …` must print exactly the
/// rest of the block there. `scripts/readme-examples` rewrites the blocks after a change.
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
        #expect(Self.examples(in: Self.readme).count >= 2)
    }

    @Test(arguments: examples(in: readme))
    func exampleIsTheRealOutput(_ example: Example) throws {
        let run = try CLI.run(example.arguments, in: Fixtures.url("fixtures/readme"))
        #expect(run.stdout == example.output, "rerun scripts/readme-examples")
    }
}
