import Testing
@testable import GradienceLint

@Suite struct HostileInputTests {
    @Test func aliasBombIsNotExpanded() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 9).joined(separator: ", "))]\n"
        }
        let file = Parser.parse(SourceText(path: "bomb.yaml", bytes: Array(text.utf8)))
        #expect(file.problem == nil)
        #expect(file.aliasCount == 81)
        let top = file.documents[0].value(forKey: "a9")!
        #expect(top.items?.count == 9)
        #expect(top.items?[0].isAlias == true)
    }

    @Test func mergeKeyBombStaysLinear() {
        var text = "m0: &m0 {k0: 1}\n"
        for level in 1...40 {
            text += "m\(level): &m\(level) {<<: [*m\(level - 1), *m\(level - 1), *m\(level - 1)], k\(level): 1}\n"
        }
        let file = Parser.parse(SourceText(path: "merge.yaml", bytes: Array(text.utf8)))
        let top = file.documents[0].value(forKey: "m40")!
        #expect(top.effectiveEntries.count == 41)
    }

    @Test func deepNestingIsADiagnosticNotAStackOverflow() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let file = Parser.parse(SourceText(path: "deep.yaml", bytes: Array(text.utf8)))
        let problem = try! #require(file.problem)
        #expect(problem.message == "nesting deeper than 512 levels")
        #expect(problem.range.start.column == 513)
    }

    @Test func binaryAndInvalidUTF8AreDiagnostics() {
        let nul = Parser.parse(SourceText(path: "x.json", bytes: [0x7B, 0x00, 0x7D]))
        #expect(nul.problem?.message.contains("NUL") == true)
        #expect(nul.problem?.range.start.column == 2)
        let bad = Parser.parse(SourceText(path: "x.yaml", bytes: Array("a: ".utf8) + [0xC3, 0x28]))
        #expect(bad.problem?.message.contains("UTF-8") == true)
        #expect(bad.problem?.range.start == Mark(offset: 3, line: 1, column: 4))
    }

    @Test func emptyFileAndLoneBOMHaveNoDocuments() {
        #expect(Parser.parse(SourceText(path: "e.yaml", bytes: [])).documents.isEmpty)
        let bom = Parser.parse(SourceText(path: "e.yaml", bytes: [0xEF, 0xBB, 0xBF]))
        #expect(bom.problem == nil)
        #expect(bom.documents.isEmpty)
    }
}
