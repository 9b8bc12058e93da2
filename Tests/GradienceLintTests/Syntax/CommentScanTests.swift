import Testing
@testable import GradienceLint

/// Comments recovered from bytes, with the tree telling which `#` sits inside a scalar.
@Suite struct CommentScanTests {
    func comments(_ text: String, path: String = "c.yaml") -> [(line: Int, column: Int, text: String, ownLine: Bool)] {
        let file = Parser.parse(SourceText(path: path, bytes: Array(text.utf8)))
        return Comments.scan(file).map { ($0.range.start.line, $0.range.start.column, $0.text, $0.isOwnLine) }
    }

    @Test func trailingAndOwnLineComments() {
        let found = comments("# top\nr: 8  # eight\n  # indented\nlist:\n  - a # item\n")
        #expect(found.map(\.line) == [1, 2, 3, 5])
        #expect(found.map(\.column) == [1, 7, 3, 7])
        #expect(found.map(\.text) == [" top", " eight", " indented", " item"])
        #expect(found.map(\.ownLine) == [true, false, true, false])
    }

    @Test func hashInsideQuotedScalarsIsNotAComment() {
        let text = """
        a: "x # not"
        'b # not': 'y # not'  # yes
        c: "multi
          line # not"
        d: [ "e # not", f ]  # flow yes

        """
        #expect(comments(text).map { "\($0.line):\($0.column)\($0.text)" } == ["2:23 yes", "5:22 flow yes"])
    }

    @Test func hashWithoutSpaceBeforeItIsPartOfAPlainScalar() {
        #expect(comments("url: http://host/page#frag\nkey#x: 1\nc: a\t# tab before\n").map(\.text) == [" tab before"])
    }

    @Test func blockScalarLinesHoldNoCommentsButTheHeaderMay() {
        let text = "note: |  # header\n  # content, not a comment\n  more\nfolded: >-\n  # also content\nr: 8 # after\n"
        #expect(comments(text).map { "\($0.line)\($0.text)" } == ["1 header", "6 after"])
    }

    @Test func multiByteTextBeforeACommentCountsScalarsInColumns() {
        let found = comments("clé: \"é # no\"  # ok\n")
        #expect(found.map(\.column) == [16])
    }

    @Test func bomAndCRLF() {
        let text = "\u{FEFF}# first\r\nr: 8 # second\r\n"
        let found = comments(text)
        #expect(found.map(\.text) == [" first", " second"])
        #expect(found.map(\.column) == [1, 6])
        #expect(found.map(\.ownLine) == [true, false])
    }

    @Test func jsonAndBrokenFilesGiveNone() {
        #expect(comments("{\"a\": 1}\n", path: "x.json").isEmpty)
        #expect(comments("a: [1\n# c\n").isEmpty)
    }

    @Test func commentsInsideFlowCollectionsAcrossLines() {
        #expect(comments("targets: [q_proj,  # first\n  v_proj]\n").map(\.text) == [" first"])
    }
}
