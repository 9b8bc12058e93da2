import Testing
@testable import GradienceLint

/// The two comment edits GL018's fix uses: remove a comment, replace its text.
@Suite struct CommentEditTests {
    /// The byte offset of the first `#`.
    func offset(of needle: Character, in text: String) -> Int {
        Array(text.utf8).firstIndex(of: needle.asciiValue!)!
    }

    @Test func removingATrailingCommentKeepsTheLineAndDropsTheSpaces() throws {
        let text = "r: 8  # gradience-lint: disable=GL013\nlora_alpha: 16\n"
        let result = try transformed(text) { _ in [.removeComment(at: offset(of: "#", in: text))] }
        #expect(result == "r: 8\nlora_alpha: 16\n")
    }

    @Test func removingAStandaloneCommentRemovesItsLine() throws {
        let text = "lora:\n  r: 8\n  # gradience-lint: disable=GL013\n  r: 4\n"
        let result = try transformed(text) { _ in [.removeComment(at: offset(of: "#", in: text))] }
        #expect(result == "lora:\n  r: 8\n  r: 4\n")
    }

    @Test func removingTheLastLineWithoutANewlineKeepsTheFileEndingAsItWas() throws {
        let text = "r: 8\r\n# gradience-lint: disable-file=GL014"
        let result = try transformed(text) { _ in [.removeComment(at: offset(of: "#", in: text))] }
        #expect(result == "r: 8")
    }

    @Test func removingTheFirstLineAfterABOMKeepsTheBOM() throws {
        let text = "\u{FEFF}# gradience-lint: disable-file=GL014\r\nr: 8\r\n"
        let result = try transformed(text) { _ in [.removeComment(at: offset(of: "#", in: text))] }
        #expect(result == "\u{FEFF}r: 8\r\n")
    }

    @Test func replacingACommentTouchesOnlyItsBytes() throws {
        let text = "r: 4  # gradience-lint: disable=GL013,GL009 -- why\nx: 1\n"
        let result = try transformed(text) { _ in
            [.replaceComment(at: offset(of: "#", in: text), with: "# gradience-lint: disable=GL013 -- why")]
        }
        #expect(result == "r: 4  # gradience-lint: disable=GL013 -- why\nx: 1\n")
    }

    @Test func anOffsetInsideAScalarIsRefused() {
        let text = "a: \"x # not a comment\"\n"
        let file = Parser.parse(SourceText(path: "c.yaml", bytes: Array(text.utf8)))
        let plan = Transformer.plan([.removeComment(at: offset(of: "#", in: text))], in: file)
        #expect(plan.textEdits.isEmpty)
        #expect(plan.rejected.map(\.reason) == ["no comment starts at byte 6"])
    }

    @Test func aReplacementMustStayAOneLineComment() {
        let text = "r: 4  # note\n"
        let file = Parser.parse(SourceText(path: "c.yaml", bytes: Array(text.utf8)))
        let plan = Transformer.plan([.replaceComment(at: 6, with: "# a\nb: 1")], in: file)
        #expect(plan.rejected.map(\.reason) == ["a comment starts with '#' and stays on one line"])
    }
}
