import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceSyntax

/// Issue 28: valid JSON whose key runs more than 1,024 characters before its `:` (or puts
/// the `:` on a later line) parses as `json.load` reads it, with the original file's
/// positions, although libyaml refuses such a key as an implicit key (`JSONExplicitKeys`).
/// YAML keeps libyaml's (and PyYAML's) refusal, with a message that says why.
@Suite struct JSONLongKeyTests {
    private static let longKey = String(repeating: "a", count: 1100)

    private func parse(_ text: String, path: String = "adapter_config.json") -> ParsedFile {
        Parser.parse(SourceText(path: path, bytes: Array(text.utf8)))
    }

    private func position(_ mark: Mark?) -> [Int] {
        mark.map { [$0.offset, $0.line, $0.column] } ?? []
    }

    @Test func aKeyOf1100CharactersParsesWithTheFilesOwnPositions() throws {
        let file = parse("{\n  \"r\": 8,\n  \"rank_pattern\": {\"\(Self.longKey)\": 4, \"q_proj\": 16}\n}\n")
        #expect(file.problem == nil)
        let pattern = try #require(file.documents.first?.value(forKey: "rank_pattern"))
        let entries = try #require(pattern.entries)
        #expect(entries.map(\.keyText) == [Self.longKey, "q_proj"])
        #expect(entries[0].key.scalar?.style == .doubleQuoted)
        #expect(position(entries[0].key.range.start) == [31, 3, 20])
        #expect(position(entries[0].key.range.end) == [1133, 3, 1122])
        #expect(entries[0].value.scalar?.value == .int(4))
        #expect(position(entries[0].value.range.start) == [1135, 3, 1124])
        #expect(position(entries[0].value.range.end) == [1136, 3, 1125])
        #expect(position(entries[1].key.range.start) == [1138, 3, 1127])
        #expect(position(entries[1].value.range.start) == [1148, 3, 1137])
        #expect(position(pattern.range.start) == [30, 3, 19])
        #expect(position(pattern.range.end) == [1151, 3, 1140])
    }

    @Test func aBOMAndCRLFKeepTheirPositions() throws {
        let file = parse("\u{FEFF}{\r\n  \"\(Self.longKey)\": 4, \"b\": [1, 2]\r\n}\r\n")
        #expect(file.problem == nil)
        let entries = try #require(file.documents.first?.entries)
        #expect(position(entries[0].key.range.start) == [8, 2, 3])
        #expect(position(entries[0].value.range.start) == [1112, 2, 1107])
        #expect(position(entries[1].key.range.start) == [1115, 2, 1110])
        #expect(position(entries[1].value.range.start) == [1120, 2, 1115])
        #expect(entries[1].value.items?.count == 2)
    }

    /// libyaml's rule: a key is refused once its `:` is more than 1,024 characters after the
    /// key's first character (its opening quote): a 1,022-character key is the longest it takes.
    @Test func theLimitIsLibyamlsToTheCharacter() {
        for (length, explicit) in [(1022, false), (1023, true)] {
            let text = "{\"\(String(repeating: "é", count: length))\": 1}"
            #expect(JSONExplicitKeys.offsets(in: Array(text.utf8), bom: false) == (explicit ? [1] : []))
            let file = parse(text)
            #expect(file.problem == nil)
            #expect(file.documents.first?.entries?.first?.keyText?.count == length)
            #expect(file.documents.first?.entries?.first?.value.range.start.column == length + 6)
        }
        // Blanks before the `:` count too.
        for (blanks, explicit) in [(1021, false), (1022, true)] {
            let text = "{\"a\"\(String(repeating: " ", count: blanks)): 1}"
            #expect(JSONExplicitKeys.offsets(in: Array(text.utf8), bom: false) == (explicit ? [1] : []))
            #expect(parse(text).problem == nil)
        }
    }

    @Test func escapesAndSurrogatePairsInALongKey() throws {
        let escaped = String(repeating: #"\ud83d\ude00"#, count: 90) + #"\"q\\\u00e9"#
        let file = parse("{\"\(escaped)\": \"\\ud83d\\ude80\", \"z\": 1}\n")
        #expect(file.problem == nil)
        let entries = try #require(file.documents.first?.entries)
        #expect(entries[0].keyText == String(repeating: "\u{1F600}", count: 90) + "\"q\\é")
        #expect(position(entries[0].key.range.start) == [1, 1, 2])
        #expect(position(entries[0].key.range.end) == [1094, 1, 1095])
        #expect(entries[0].value.scalar?.text == "\u{1F680}")
        #expect(position(entries[0].value.range.start) == [1096, 1, 1097])
        #expect(position(entries[0].value.range.end) == [1110, 1, 1111])
        #expect(position(entries[1].key.range.start) == [1112, 1, 1113])
        #expect(position(entries[1].value.range.start) == [1117, 1, 1118])
    }

    /// Long keys in objects inside arrays inside objects, and a short key whose `:` is on
    /// the next line (libyaml's other limit on implicit keys; `json.load` takes it).
    @Test func longKeysInNestedObjectsAndArrays() throws {
        let (k1, k2, k3) = (String(repeating: "b", count: 1100), String(repeating: "c", count: 1100), String(repeating: "d", count: 1100))
        let file = parse("{\n  \"a\": [\n    {\"\(k1)\": {\"\(k2)\": [1, {\"\(k3)\": 2}]}},\n    3\n  ],\n  \"b\"\n    : 5\n}\n")
        #expect(file.problem == nil)
        let root = try #require(file.documents.first)
        let outer = try #require(root.value(forKey: "a")?.items)
        let first = try #require(outer[0].entries?.first)
        let second = try #require(first.value.entries?.first)
        let third = try #require(second.value.items?[1].entries?.first)
        #expect([first.keyText, second.keyText, third.keyText] == [k1, k2, k3])
        #expect(position(first.key.range.start) == [16, 3, 6])
        #expect(position(second.key.range.start) == [1121, 3, 1111])
        #expect(position(third.key.range.start) == [2230, 3, 2220])
        #expect(position(third.value.range.start) == [3334, 3, 3324])
        #expect(position(outer[1].range.start) == [3345, 4, 5])
        let b = try #require(root.entry(forKey: "b"))
        #expect(position(b.key.range.start) == [3354, 6, 3])
        #expect(position(b.value.range.start) == [3364, 7, 7])
    }

    /// 300 keys of 1,100 characters on one line: each mark is mapped by a binary search,
    /// and the columns stay exact to the last one.
    @Test func manyLongKeysOnOneLine() throws {
        let keys = (0..<300).map { "k\($0)" + Self.longKey }
        let text = "{" + keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ") + "}"
        #expect(JSONExplicitKeys.offsets(in: Array(text.utf8), bom: false).count == 300)
        let file = parse(text)
        #expect(file.problem == nil)
        let entries = try #require(file.documents.first?.entries)
        #expect(entries.map(\.keyText) == keys)
        #expect(position(entries[299].key.range.start) == [332568, 1, 332569])
        #expect(position(entries[299].value.range.start) == [333676, 1, 333677])
        #expect(entries[299].value.scalar?.value == .int(299))
    }

    /// Random documents mixing short and long keys (escapes, surrogate pairs, raw emoji,
    /// line breaks before the `:`), nested in objects and arrays: each parses to what
    /// Foundation's JSON parser reads, and every node's span is exactly its JSON text.
    @Test func randomDocumentsWithLongKeysParseAsJSONReadsThem() throws {
        var generator = RandomJSON(random: TransformerPropertyTests.Generator(state: 28))
        var rewritten = 0
        for _ in 0..<40 {
            let text = generator.document()
            let bytes = Array(text.utf8)
            if !JSONExplicitKeys.offsets(in: bytes, bom: false).isEmpty { rewritten += 1 }
            let file = parse(text)
            try #require(file.problem == nil, "\(file.problem!.message) at \(file.problem!.range.start)")
            let expected = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            try expectSame(file.documents[0], expected, file.source)
        }
        #expect(rewritten > 20)
    }

    private func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    }

    private func expectSame(_ node: Node, _ expected: Any, _ source: SourceText) throws {
        let bytes = source.bytes
        // Lines and columns are those of the span's offsets, counted in the file itself.
        #expect(node.range.start == source.mark(atOffset: node.range.start.offset))
        #expect(node.range.end == source.mark(atOffset: node.range.end.offset))
        // The node's own bytes, read as JSON, are the value: the span is exact.
        let span = Data(bytes[node.range.bytes])
        let fromSpan = try JSONSerialization.jsonObject(with: span, options: [.fragmentsAllowed])
        #expect(try canonical(fromSpan) == canonical(expected), "span at \(node.range.start.line):\(node.range.start.column)")
        switch node.kind {
        case .mapping(let entries):
            let object = try #require(expected as? [String: Any])
            #expect(entries.count == object.count)
            for entry in entries {
                let key = try #require(entry.keyText)
                let keySpan = try JSONSerialization.jsonObject(with: Data(bytes[entry.key.range.bytes]), options: [.fragmentsAllowed])
                #expect(keySpan as? String == key)
                #expect(entry.key.range.start == source.mark(atOffset: entry.key.range.start.offset))
                try expectSame(entry.value, try #require(object[key]), source)
            }
        case .sequence(let items):
            let array = try #require(expected as? [Any])
            #expect(items.count == array.count)
            for (item, value) in zip(items, array) { try expectSame(item, value, source) }
        case .scalar(let scalar):
            if let string = expected as? String { #expect(scalar.text == string) }
        case .alias:
            Issue.record("JSON has no aliases")
        }
    }

    /// A syntax error after a long key is where it is in the file: the same message as
    /// after a one-character key, 1,099 characters further on.
    @Test func errorsAfterALongKeyKeepTheirPositions() throws {
        let cases: [(suffix: String, message: String, column: Int)] = [
            (#": 1, "b": 2,}"#, "a trailing comma before '}'", 1115),
            (#": 1 "b": 2}"#, #"'1 "b"' is not a JSON value (strings need double quotes)"#, 1106),
            (#": 1, "b": 2 ]"#, "expected ',' or '}' (a missing comma or an unclosed '{'?) (while parsing a flow mapping at line 1, column 1)", 1116),
            (#": 1, "b": tru}"#, "'tru' is not a JSON value (strings need double quotes)", 1114),
            (": 1, \"b\": \"x\u{07}\"}", "control characters are not allowed", 1116),
        ]
        for (suffix, message, column) in cases {
            let short = try #require(parse("{\"a\"\(suffix)\n").problem)
            let long = try #require(parse("{\"\(Self.longKey)\"\(suffix)\n").problem)
            #expect(long.message.hasPrefix(message))
            #expect(long.message == short.message)
            #expect(long.range.start.line == 1)
            #expect(long.range.start.column == column)
            #expect(long.range.start.column == short.range.start.column + 1099)
            #expect(long.range.start.offset == short.range.start.offset + 1099)
            #expect(long.range.end.offset - long.range.start.offset == short.range.end.offset - short.range.start.offset)
        }
    }

    /// The rewrite never touches a text it does not read as JSON: there the file's own
    /// error stands, as before.
    @Test func textThatIsNotLexicallyJSONIsNotRewritten() throws {
        let text = "{\"\(Self.longKey)\": 1, \"b\": &anchor 2}"
        #expect(JSONExplicitKeys.offsets(in: Array(text.utf8), bom: false) == [])
        let problem = try #require(parse(text).problem)
        #expect(problem.range.start.column == 1104)
        // An object key only: a long string in an array, or a value, is no key.
        #expect(JSONExplicitKeys.offsets(in: Array("[\"\(Self.longKey)\", {\"k\": \"\(Self.longKey)\"}]".utf8), bom: false) == [])
    }

    /// YAML keeps libyaml's refusal (PyYAML's scanner refuses such a key the same way), and
    /// the message now says why.
    @Test func aLongYAMLKeyStaysAnErrorThatSaysWhy() throws {
        let problem = try #require(parse("peft_type: LORA\nrank_pattern:\n  \(Self.longKey): 4\n", path: "train.yaml").problem)
        #expect(problem.message == "a ':' where a value cannot start a mapping (quote the value, or fix the indentation); if the text before this ':' is a key, it is longer than the 1,024 characters YAML allows a key without '?', and PyYAML refuses it too: shorten it, or make it an explicit key: '? <key>' with ': <value>' on the next line (in a flow mapping, '? <key>: <value>')")
        #expect(position(problem.range.start) == [1132, 3, 1103])
        // Written as an explicit key, it parses.
        let explicit = parse("peft_type: LORA\nrank_pattern:\n  ? \(Self.longKey)\n  : 4\n", path: "train.yaml")
        #expect(explicit.problem == nil)
        #expect(explicit.documents.first?.value(forKey: "rank_pattern")?.entries?.first?.keyText == Self.longKey)
        // A short key with a stray ':' far into its line gets no such note.
        let other = try #require(parse("a: b: c\n", path: "train.yaml").problem)
        #expect(!other.message.contains("1,024"))
    }

    /// GL001's prefix strip on a 1,138-character key, through the CLI: exactly the prefix
    /// goes, every other byte of the file stays.
    @Test func theGL001FixRewritesOnlyThePrefixOfALongKey() throws {
        let regex = "model.layers.(" + (0..<300).map(String.init).joined(separator: "|") + ").self_attn.q_proj"
        let config = { (key: String) in
            "{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"lora_alpha\": 16,\n  \"target_modules\": [\"q_proj\", \"v_proj\"],\n  \"rank_pattern\": {\n    \"\(key)\": 4\n  }\n}\n"
        }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-long-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("adapter_config.json")
        try Data(config("base_model.model." + regex).utf8).write(to: file)

        let check = try CLI.run(["check", file.path])
        #expect(!check.stdout.contains("GL000"))
        #expect(check.stdout.contains("adapter_config.json:7:5: GL001 [*] [error] rank_pattern key 'base_model.model.model.layers.(0|1|2|"))

        let fixed = try CLI.run(["check", "--fix", file.path])
        #expect(fixed.status == 1)  // GL002 and GL007 (the file's own scalings) remain
        #expect(fixed.stderr.contains("(GL001×1)"))
        #expect(try Data(contentsOf: file) == Data(config(regex).utf8))
    }
}

/// The property tests' SplitMix64, seeded, so a failing document can be replayed.
extension TransformerPropertyTests.Generator: RandomNumberGenerator {}

/// JSON text with keys that libyaml would refuse as implicit keys (over 1,024 characters,
/// or a line break before the `:`) among ordinary ones.
private struct RandomJSON {
    var random: TransformerPropertyTests.Generator

    mutating func document() -> String { object(depth: 0, indent: "") + "\n" }

    private mutating func object(depth: Int, indent: String) -> String {
        let inner = indent + "  "
        let entries = (0..<Int.random(in: 1...4, using: &random)).map { index in
            inner + string(long: Bool.random(using: &random), tag: "k\(depth)_\(index)_") + separator() + ": " + value(depth: depth + 1, indent: inner)
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n" + indent + "}"
    }

    private mutating func value(depth: Int, indent: String) -> String {
        switch Int.random(in: 0..<(depth < 4 ? 6 : 3), using: &random) {
        case 0: return String(Int.random(in: -1000...1000, using: &random))
        case 1: return string(long: Int.random(in: 0..<4, using: &random) == 0, tag: "v")
        case 2: return ["true", "false", "null"][Int.random(in: 0..<3, using: &random)]
        case 3, 4: return object(depth: depth, indent: indent)
        default:
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth: depth + 1, indent: indent + "  ") }
            return "[" + items.joined(separator: ", ") + "]"
        }
    }

    /// Blanks between a key and its `:`: none, a space, a line break, or a long run.
    private mutating func separator() -> String {
        ["", "", " ", "\n    ", "\r\n\t", String(repeating: " ", count: 1030)][Int.random(in: 0..<6, using: &random)]
    }

    private mutating func string(long: Bool, tag: String) -> String {
        let pieces = ["a", "Z", "é", "\u{1F600}", #"\n"#, #"\""#, #"\\"#, #"\u00e9"#, #"\ud83d\ude00"#, "/", " ", "."]
        var text = tag
        let count = long ? Int.random(in: 1000...1400, using: &random) : Int.random(in: 0...8, using: &random)
        for _ in 0..<count { text += pieces[Int.random(in: 0..<pieces.count, using: &random)] }
        return "\"" + text + "\""
    }
}
