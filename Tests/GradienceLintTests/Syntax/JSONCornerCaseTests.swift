import Testing
@testable import GradienceLint

@Suite struct JSONCornerCaseTests {
    private func parse(_ text: String) -> ParsedFile {
        Parser.parse(SourceText(path: "adapter_config.json", bytes: Array(text.utf8)))
    }

    @Test func acceptsWhatJsonLoadsAccepts() {
        let file = parse("{\"a\":1,\t\"b\": \"\\u00e9\", \"c:d\": [1e3, -0]}")
        #expect(file.problem == nil)
        #expect(file.documents[0].value(forKey: "b")?.scalar?.text == "é")
        #expect(file.documents[0].value(forKey: "c:d")?.items?.count == 2)
    }

    @Test func aStrayCommaIsASyntaxErrorWithItsPosition() {
        let file = parse("{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,,\n  \"lora_alpha\": 16\n}\n")
        let problem = try! #require(file.problem)
        #expect(problem.range.start.line == 3)
        #expect(problem.range.start.column == 10)
        #expect(problem.message.contains("expected a value"))
    }

    /// json.loads pairs UTF-16 surrogate escapes up (json.dumps writes every non-BMP
    /// character so, PEFT's save_pretrained too): they parse, with the file's own positions.
    @Test func surrogatePairEscapesParseAsJSONLoadsDoes() {
        let file = parse(#"{"emoji": "\ud83d\ude00"}"#)
        #expect(file.problem == nil)
        let value = file.documents.first?.value(forKey: "emoji")
        #expect(value?.scalar?.text == "\u{1F600}")
        #expect(value?.range.start.column == 11)
        #expect(value?.range.end.column == 25)
        #expect(value?.range.end.offset == 24)
    }

    @Test func yamlOnlySyntaxInAJSONFileIsAnError() {
        #expect(parse("{'a': 1}").problem?.message.contains("double quotes") == true)
        #expect(parse("{\"a\": yes}").problem?.message.contains("not a JSON value") == true)
        #expect(parse("a: 1").problem?.message.contains("block-style") == true)
    }

    @Test func unclosedObjectReportsTheEnd() {
        let file = parse("{\"r\": 8")
        #expect(file.problem != nil)
    }
}
