import Testing
@testable import GradienceLint

private func parse(_ text: String, json: Bool = false) -> ParsedFile {
    Parser.parse(SourceText(path: json ? "t.json" : "t.yaml", bytes: Array(text.utf8)))
}

private func parse(bytes: [UInt8], json: Bool = false) -> ParsedFile {
    Parser.parse(SourceText(path: json ? "t.json" : "t.yaml", bytes: bytes))
}

/// The value node for `key` in the first document's root mapping.
private func value(_ file: ParsedFile, _ key: String) -> Node {
    file.documents[0].value(forKey: key)!
}

@Suite struct SpanTests {
    @Test func multiByteTextBeforeANodeGivesByteOffsetsAndCharacterColumns() {
        // é is 2 bytes, 🎉 is 4 bytes, 中文 is 3 bytes each.
        let file = parse("é: 1\n🎉中文: 22\n")
        #expect(file.problem == nil)
        let one = value(file, "é")
        #expect(one.range.start == Mark(offset: 4, line: 1, column: 4))
        #expect(one.range.end == Mark(offset: 5, line: 1, column: 5))
        let twentyTwo = value(file, "🎉中文")
        // Line 2 starts at byte 6; "🎉中文: " is 4+3+3+2 = 12 bytes, 5 characters.
        #expect(twentyTwo.range.start == Mark(offset: 18, line: 2, column: 6))
        #expect(twentyTwo.range.end == Mark(offset: 20, line: 2, column: 8))
        #expect(file.source.text(twentyTwo.range.bytes) == "22")
    }

    @Test func crlfLineEndingsCountAsOneLineBreak() {
        let file = parse("a: 1\r\nb: 2\r\n")
        let two = value(file, "b")
        #expect(two.range.start == Mark(offset: 9, line: 2, column: 4))
        #expect(file.source.text(two.range.bytes) == "2")
        #expect(file.source.lineStarts == [0, 6, 12])
    }

    @Test func byteOrderMarkShiftsOffsetsButNotColumns() {
        let file = parse(bytes: [0xEF, 0xBB, 0xBF] + Array("r: 8\nx: é".utf8))
        #expect(file.problem == nil)
        let eight = value(file, "r")
        #expect(eight.range.start == Mark(offset: 6, line: 1, column: 4))
        let accented = value(file, "x")
        #expect(accented.range.start == Mark(offset: 11, line: 2, column: 4))
        #expect(file.source.text(accented.range.bytes) == "é")
        #expect(file.source.mark(atOffset: 6) == eight.range.start)
    }

    @Test func quotedScalarRangesIncludeTheQuotes() {
        let file = parse(#"{"r": 8, "k": "x"}"#, json: true)
        let x = value(file, "k")
        #expect(file.source.text(x.range.bytes) == #""x""#)
        #expect(x.scalar?.style == .doubleQuoted)
        #expect(x.scalar?.text == "x")
    }

    @Test func stylesAndTagsAreKept() {
        let file = parse("a: 'q'\nb: \"d\"\nc: |\n  lit\nd: >\n  fold\ne: !!str 8\nf: [1, 2]\ng: {x: 1}\nh:\n  - 1\n")
        #expect(value(file, "a").scalar?.style == .singleQuoted)
        #expect(value(file, "b").scalar?.style == .doubleQuoted)
        #expect(value(file, "c").scalar?.style == .literal)
        #expect(value(file, "d").scalar?.style == .folded)
        #expect(value(file, "e").tag == "tag:yaml.org,2002:str")
        #expect(value(file, "e").scalar?.value == .string("8"))
        #expect(value(file, "f").collectionStyle == .flow)
        #expect(value(file, "g").collectionStyle == .flow)
        #expect(value(file, "h").collectionStyle == .block)
    }

    @Test func blockCollectionsEndAtTheirLastChild() {
        let text = "lora:\n  r: 8\n  alpha: 16\n# trailing\nnext: 1\n"
        let file = parse(text)
        let lora = value(file, "lora")
        #expect(file.source.text(lora.range.bytes) == "r: 8\n  alpha: 16")
    }

    @Test func mappingsKeepDuplicateEntriesInOrderAndPythonSeesTheLast() {
        let file = parse("r: 8\nalpha: 16\nr: 4\n")
        let entries = file.documents[0].entries!
        #expect(entries.map { $0.keyText } == ["r", "alpha", "r"])
        #expect(file.documents[0].value(forKey: "r")?.scalar?.value == .int(4))
        // Python's dict keeps the first position with the last value.
        #expect(file.documents[0].effectiveEntries.map { $0.keyText } == ["r", "alpha"])
    }

    @Test func mergeKeysFollowPyYAMLOrderAndPrecedence() {
        let text = """
        base: &base {r: 8, lora_alpha: 16}
        extra: &extra {r: 2, dropout: 0.1}
        lora:
          <<: [*base, *extra]
          target: q
          r: 4
        """
        let lora = parse(text).documents[0].value(forKey: "lora")!
        let entries = lora.effectiveEntries
        // flatten_mapping: later sources first, earlier override; explicit keys last and win.
        #expect(entries.map { $0.keyText } == ["r", "dropout", "lora_alpha", "target"])
        #expect(lora.value(forKey: "r")?.scalar?.value == .int(4))
        #expect(lora.value(forKey: "lora_alpha")?.scalar?.value == .int(16))
    }
}
