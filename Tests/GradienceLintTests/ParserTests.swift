import Testing
@testable import GradienceLint

@Test func parsesSomething() {
    let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("a: 1".utf8)))
    #expect(file.problem == nil)
}

/// libyaml counts a BOM as one character; spans must still point at the right bytes.
@Test func spansAfterABOMPointAtTheirBytes() throws {
    let source = SourceText(path: "a.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nbé: 'x'\n".utf8))
    let file = Parser.parse(source)
    #expect(file.problem == nil)
    let root = try #require(file.documents.first)
    let entries = try #require(root.entries)
    #expect(source.text(entries[0].key.range.bytes) == "a")
    #expect(entries[0].key.range.start.column == 1)
    #expect(source.text(entries[0].value.range.bytes) == "1")
    #expect(source.text(entries[1].key.range.bytes) == "bé")
    #expect(source.text(entries[1].value.range.bytes) == "'x'")
    #expect(entries[1].value.range.start.column == 5)
}
