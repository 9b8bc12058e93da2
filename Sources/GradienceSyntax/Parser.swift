import CYAML

/// Why a file could not be read as YAML/JSON, with where.
public struct SyntaxProblem: Error, Sendable {
    public let message: String
    public let range: SourceRange

    package init(message: String, range: SourceRange) {
        self.message = message
        self.range = range
    }
}

/// The parsed documents of one file, or the first syntax problem in it.
///
/// PyYAML and `json.load` refuse a file with any syntax error, so a file either parses
/// whole or yields one problem; rules run only on files that parse.
public struct ParsedFile {
    public let source: SourceText
    public let documents: [Node]
    public let problem: SyntaxProblem?
    /// Aliases seen, for the limits report; they are never expanded.
    public let aliasCount: Int

    package init(source: SourceText, documents: [Node], problem: SyntaxProblem?, aliasCount: Int) {
        self.source = source
        self.documents = documents
        self.problem = problem
        self.aliasCount = aliasCount
    }
}

public struct ParserLimits: Sendable {
    /// Deeper nesting is a syntax diagnostic; nothing real comes close.
    public var maxDepth = 512
    /// Entries copied when merge keys (`<<`) are expanded, over the whole file. A chain
    /// of n mappings each merging the previous costs n²/2; real configs copy hundreds.
    public var maxMergedEntries = 1_000_000
    public init() {}
}

/// Builds the node tree from libyaml's event API with an explicit stack (no recursion),
/// mapping libyaml's character indexes to byte offsets as it goes.
public enum Parser {
    public static func parse(_ source: SourceText, limits: ParserLimits = ParserLimits()) -> ParsedFile {
        if let problem = precheck(source) {
            return ParsedFile(source: source, documents: [], problem: problem, aliasCount: 0)
        }
        let parsed = source.bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(source: source, limits: limits)
            builder.run(buffer)
            return (builder, ParsedFile(source: source, documents: builder.documents, problem: builder.problem, aliasCount: builder.aliasCount))
        }
        // Surrogate-pair escapes and over-long JSON keys only cost a second pass in files
        // libyaml refused: a file it reads as it is never sees a rewrite.
        guard let firstProblem = parsed.0.problem, let rewrite = rewriteForLibyaml(source, refusedWith: firstProblem) else { return parsed.1 }
        return source.bytes.withUnsafeBufferPointer { original in
            rewrite.bytes.withUnsafeBufferPointer { rewritten in
                var builder = TreeBuilder(source: source, limits: limits)
                builder.rewrite = rewrite
                builder.run(rewritten, positionsIn: original)
                return ParsedFile(source: source, documents: builder.documents, problem: builder.problem, aliasCount: builder.aliasCount)
            }
        }
    }

    /// The copy libyaml reads on a second pass, if any: a JSON file's keys that are too long
    /// (or whose `:` is on a later line) for libyaml made explicit (`JSONExplicitKeys`),
    /// with its surrogate pairs shortened on the way; otherwise the surrogate pairs alone,
    /// when libyaml refused one.
    static func rewriteForLibyaml(_ source: SourceText, refusedWith problem: SyntaxProblem) -> TextRewrite? {
        let keys = source.isJSON ? JSONExplicitKeys.offsets(in: source.bytes, bom: source.hasBOM) : []
        if !keys.isEmpty {
            return TextRewrite.make(source.bytes, bom: source.hasBOM, shortenSurrogatePairs: true, explicitKeyOffsets: keys)
        }
        guard problem.message.hasPrefix(SurrogateEscapes.libyamlComplaint) else { return nil }
        return SurrogateEscapes.rewrite(source.bytes, bom: source.hasBOM)
    }

    /// Binary files and invalid UTF-8 are refused before libyaml sees them, with the
    /// position of the first offending byte.
    static func precheck(_ source: SourceText) -> SyntaxProblem? {
        let bytes = source.bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return problem(in: source, at: 0, "the file is UTF-16; only UTF-8 is supported")
        }
        if let lfs = gitLFSPointer(bytes) { return problem(in: source, at: 0, lfs) }
        if let nul = bytes.firstIndex(of: 0) {
            return problem(in: source, at: nul, "the file contains NUL bytes; it looks binary, not YAML or JSON")
        }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return problem(in: source, at: index, "invalid UTF-8 byte 0x\(String(byte, radix: 16, uppercase: true))")
            }
            guard index + length <= count else { return problem(in: source, at: index, "truncated UTF-8 sequence at the end of the file") }
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return problem(in: source, at: index, "invalid UTF-8 sequence")
            }
            let second = bytes[index + 1]
            if (byte == 0xE0 && second < 0xA0) || (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) {
                return problem(in: source, at: index, "overlong or out-of-range UTF-8 sequence")
            }
            if byte == 0xED && second >= 0xA0 {
                return problem(in: source, at: index, "UTF-8 encodes a UTF-16 surrogate")
            }
            index += length
        }
        for start in source.lineStarts where isConflictMarker(bytes, at: start) {
            return problem(in: source, at: start, "an unresolved merge conflict marker; resolve the conflict first")
        }
        return nil
    }

    /// A Git LFS pointer checked out in place of the config (`git lfs pull` never ran): a
    /// few lines starting `version https://git-lfs.github.com/spec/v1` (git-lfs
    /// `docs/spec.md`), as the safetensors check reports for weights.
    static func gitLFSPointer(_ bytes: [UInt8]) -> String? {
        let prefix = Array("version https://git-lfs.github.com/spec/v1".utf8)
        guard bytes.count < 1024, bytes.starts(with: prefix) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let size = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix("size ") }.flatMap { Int($0.dropFirst(5)) }
        let what = size.map { "the \($0)-byte file it stands for" } ?? "the file it stands for"
        return "a Git LFS pointer, not YAML or JSON: \(what) was never fetched (run `git lfs pull`), and no tool can read its settings from the pointer"
    }

    /// `<<<<<<< `, `=======` or `>>>>>>> ` at the start of a line: git's conflict markers.
    private static func isConflictMarker(_ bytes: [UInt8], at start: Int) -> Bool {
        guard start + 7 <= bytes.count, let first = bytes[start..<start + 7].first,
              first == UInt8(ascii: "<") || first == UInt8(ascii: "=") || first == UInt8(ascii: ">"),
              bytes[start..<start + 7].allSatisfy({ $0 == first }) else { return false }
        let next = start + 7 < bytes.count ? bytes[start + 7] : 0x0A
        return next == 0x20 || next == 0x0A || next == 0x0D
    }

    static func problem(in source: SourceText, at offset: Int, _ message: String) -> SyntaxProblem {
        let mark = source.mark(atOffset: offset)
        let end = source.mark(atOffset: min(offset + 1, source.bytes.count))
        return SyntaxProblem(message: message, range: SourceRange(start: mark, end: end))
    }
}

/// Maps libyaml marks (whose `index` counts characters after any BOM) to byte offsets
/// by walking a cursor; events arrive almost in order, so the walk is linear overall.
struct CharacterCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var characterIndex = 0
    var byteOffset: Int

    init(bytes: UnsafeBufferPointer<UInt8>, bom: Bool) {
        self.bytes = bytes
        self.byteOffset = bom ? 3 : 0
        self.base = byteOffset
    }

    let base: Int

    mutating func byteOffset(ofCharacter target: Int) -> Int {
        while characterIndex < target, byteOffset < bytes.count {
            byteOffset += 1
            while byteOffset < bytes.count, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset += 1 }
            characterIndex += 1
        }
        while characterIndex > target, byteOffset > base {
            byteOffset -= 1
            while byteOffset > base, bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
            characterIndex -= 1
        }
        return byteOffset
    }
}

private struct TreeBuilder {
    let source: SourceText
    let limits: ParserLimits
    var documents: [Node] = []
    var problem: SyntaxProblem?
    var aliasCount = 0
    /// Entries copied so far expanding merge keys (see `ParserLimits.maxMergedEntries`).
    private var mergedEntries = 0

    /// An open collection; mapping keys and values alternate in `items`.
    private struct Frame {
        let isSequence: Bool
        let start: Mark
        let tag: String?
        let anchor: String?
        let style: CollectionStyle
        var items: [Node] = []
        /// The tallest child's height, aliases counted as their targets' (see `add`).
        var childHeight = 0
    }

    private var stack: [Frame] = []
    /// Anchored nodes with their heights through aliases.
    private var anchors: [String: (node: Node, height: Int)] = [:]
    private var cursor: CharacterCursor?
    /// Set when libyaml reads a rewritten copy of the text (`TextRewrite`): marks are mapped back.
    var rewrite: TextRewrite?

    init(source: SourceText, limits: ParserLimits) {
        self.source = source
        self.limits = limits
    }

    /// Parses `buffer`; positions are computed in `original` (the same text before any
    /// rewrite) so that they always name the file's own bytes.
    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>, positionsIn original: UnsafeBufferPointer<UInt8>? = nil) {
        cursor = CharacterCursor(bytes: original ?? buffer, bom: source.hasBOM)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            problem = Parser.problem(in: source, at: 0, "libyaml could not allocate a parser")
            return
        }
        defer { yaml_parser_delete(&parser) }
        // No explicit encoding: libyaml skips a UTF-8 BOM only when it detects the encoding
        // itself (UTF-16 was refused in the precheck).
        yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
        var event = yaml_event_t()
        while problem == nil {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                recordLibyamlError(parser)
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(event)
            yaml_event_delete(&event)
            if done { break }
        }
    }

    private mutating func recordLibyamlError(_ parser: yaml_parser_t) {
        let text = parser.problem.map { String(cString: $0) } ?? "unknown error"
        // The reader's errors (a control character) carry a byte offset, not a mark.
        if parser.error == YAML_READER_ERROR {
            let offset = max(0, min(rewrite?.originalByteOffset(Int(parser.problem_offset)) ?? Int(parser.problem_offset), source.bytes.count))
            let value = Int(parser.problem_value)
            let hex = String(value, radix: 16, uppercase: true)
            let what = value >= 0 ? " (\(TerminalEscaping.escapeSequence(UInt32(value))), U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex))" : ""
            problem = Parser.problem(in: source, at: offset, plainWords(text) + what)
            return
        }
        var message = plainWords(text)
        if let context = parser.context.map({ String(cString: $0) }),
           parser.context_mark.line != parser.problem_mark.line || parser.context_mark.column != parser.problem_mark.column {
            let contextMark = parser.context_mark
            let column = rewrite?.original(index: Int(contextMark.index), line: Int(contextMark.line), column: Int(contextMark.column)).column
                ?? Int(contextMark.column)
            message += " (\(plainWords(context)) at line \(contextMark.line + 1), column \(column + 1))"
        }
        let mark = self.mark(parser.problem_mark)
        message += longImplicitKeyNote(at: mark)
        // The span covers the character at the mark: all its bytes (the file is valid
        // UTF-8 by now), not just the first, or it would end inside `é`.
        var end = min(mark.offset + 1, source.bytes.count)
        while end < source.bytes.count, source.bytes[end] & 0xC0 == 0x80 { end += 1 }
        problem = SyntaxProblem(message: message, range: SourceRange(start: mark, end: max(source.mark(atOffset: end), mark)))
    }

    /// Why a YAML file's ':' can be refused far into its line: a key without `?` may run
    /// at most 1,024 characters before its ':' (libyaml's and PyYAML's
    /// `stale_possible_simple_keys`, after the YAML spec), so PEFT's tools refuse the file
    /// too. JSON files never get here with such a key (`JSONExplicitKeys`).
    private func longImplicitKeyNote(at mark: Mark) -> String {
        guard !source.isJSON, mark.offset < source.bytes.count, source.bytes[mark.offset] == UInt8(ascii: ":"),
              mark.column - 1 > JSONExplicitKeys.implicitKeyLimit else { return "" }
        return "; if the text before this ':' is a key, it is longer than the 1,024 characters YAML allows a key without '?', and PyYAML refuses it too: shorten it, or make it an explicit key: '? <key>' with ': <value>' on the next line (in a flow mapping, '? <key>: <value>')"
    }

    /// libyaml's wording, made readable for people who do not know YAML's grammar terms.
    private func plainWords(_ text: String) -> String {
        switch text {
        case "did not find expected key": return "expected a key here (check the indentation and any stray character)"
        case "mapping values are not allowed in this context": return "a ':' where a value cannot start a mapping (quote the value, or fix the indentation)"
        case "did not find expected node content": return "expected a value here (a stray comma, or a missing value?)"
        case "found character that cannot start any token": return "a character that cannot start a YAML token (a tab used for indentation?)"
        case "did not find expected ',' or '}'": return "expected ',' or '}' (a missing comma or an unclosed '{'?)"
        case "did not find expected ',' or ']'": return "expected ',' or ']' (a missing comma or an unclosed '['?)"
        case "found unexpected end of stream": return "the file ends in the middle of a value (an unclosed quote or bracket?)"
        default: return text
        }
    }

    private mutating func mark(_ mark: yaml_mark_t) -> Mark {
        var index = Int(mark.index), column = Int(mark.column)
        if let rewrite { (index, column) = rewrite.original(index: index, line: Int(mark.line), column: column) }
        let offset = cursor!.byteOffset(ofCharacter: index)
        // At the end of a file without a final line break libyaml puts its mark on a line
        // of its own (line + 1, column 1); editors put it after the last character.
        if offset >= source.bytes.count { return source.mark(atOffset: offset) }
        return Mark(offset: offset, line: Int(mark.line) + 1, column: column + 1)
    }

    private mutating func range(_ start: yaml_mark_t, _ end: yaml_mark_t) -> SourceRange {
        SourceRange(start: mark(start), end: mark(end))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private mutating func handle(_ event: yaml_event_t) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors = [:]
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let style: ScalarStyle
            switch data.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let tag = Self.string(data.tag)
            let nodeRange = range(event.start_mark, event.end_mark)
            if source.isJSON, let complaint = jsonComplaint(text: text, style: style, tag: tag) {
                problem = SyntaxProblem(message: complaint, range: nodeRange)
                return
            }
            let value = ScalarResolver.resolve(text, style: style, tag: tag, json: source.isJSON) ?? .string(text)
            let node = Node(kind: .scalar(Scalar(text: text, style: style, value: value)), range: nodeRange,
                            tag: tag, anchor: Self.string(data.anchor))
            add(node, height: 0)
        case YAML_ALIAS_EVENT:
            aliasCount += 1
            let name = Self.string(event.data.alias.anchor) ?? ""
            let node = Node(kind: .alias(anchor: name, target: anchors[name]?.node), range: range(event.start_mark, event.end_mark),
                            tag: nil, anchor: nil)
            if source.isJSON {
                problem = SyntaxProblem(message: "JSON has no aliases ('*\(name)')", range: node.range)
                return
            }
            // libyaml's parser leaves this to a composer; PyYAML's raises "found undefined alias".
            guard anchors[name] != nil else {
                problem = SyntaxProblem(message: "the alias '*\(name)' refers to no anchor '&\(name)' before it (PyYAML: found undefined alias)",
                                        range: node.range)
                return
            }
            add(node, height: anchors[name]?.height ?? 0)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < limits.maxDepth else {
                problem = SyntaxProblem(message: "nesting deeper than \(limits.maxDepth) levels", range: range(event.start_mark, event.end_mark))
                return
            }
            let isSequence = event.type == YAML_SEQUENCE_START_EVENT
            let flow = isSequence ? event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                                  : event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
            let style: CollectionStyle = flow ? .flow : .block
            if source.isJSON, !flow {
                problem = SyntaxProblem(message: "block-style YAML in a JSON file", range: range(event.start_mark, event.end_mark))
                return
            }
            let tag = Self.string(isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag)
            let anchor = Self.string(isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
            stack.append(Frame(isSequence: isSequence, start: mark(event.start_mark), tag: tag, anchor: anchor, style: style))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            if source.isJSON, frame.style == .flow, let comma = trailingComma(before: mark(event.start_mark)) {
                let closer = frame.isSequence ? "]" : "}"
                problem = SyntaxProblem(message: "a trailing comma before '\(closer)': JSON allows none (json.load raises \"Expecting \(frame.isSequence ? "value" : "property name enclosed in double quotes")\"), so PEFT cannot load the file",
                                        range: SourceRange(start: source.mark(atOffset: comma), end: source.mark(atOffset: comma + 1)))
                return
            }
            // A block collection's end mark sits at the next token; end it at its last child.
            let end = frame.style == .block ? (frame.items.last?.range.end ?? frame.start) : mark(event.end_mark)
            let kind: Node.Kind
            if frame.isSequence {
                kind = .sequence(frame.items)
            } else {
                var entries: [MappingEntry] = []
                entries.reserveCapacity(frame.items.count / 2)
                var index = 0
                while index + 1 < frame.items.count {
                    entries.append(MappingEntry(key: frame.items[index], value: frame.items[index + 1]))
                    index += 2
                }
                kind = .mapping(entries)
            }
            let node = Node(kind: kind, range: SourceRange(start: frame.start, end: end), tag: frame.tag, anchor: frame.anchor,
                            collectionStyle: frame.style)
            if !frame.isSequence, !expandMerges(node) { return }
            // Nesting through aliases (`c2: &c2 [*c1]`, `c3: &c3 [*c2]`, …) is bounded like
            // nesting in the text: anything that follows aliases recurses that deep, and a
            // long chain of nodes holding each other would overflow the stack when freed.
            let height = frame.childHeight + 1
            guard height <= limits.maxDepth else {
                problem = SyntaxProblem(message: "nesting deeper than \(limits.maxDepth) levels through aliases",
                                        range: SourceRange(start: node.range.start, end: node.range.start))
                return
            }
            add(node, height: height)
        default:
            break
        }
    }

    /// Expands a mapping's merge keys now, bottom-up, within `maxMergedEntries`. Its
    /// sources (earlier anchors, inner mappings) were expanded when they ended, so
    /// `Node.effectiveEntries` never recurses later, and the work is known before it is
    /// done: the sizes of the sources' expansions. False (with `problem` set) past the limit.
    private mutating func expandMerges(_ node: Node) -> Bool {
        guard let entries = node.entries, entries.contains(where: { $0.key.scalar?.isMergeKey == true }) else { return true }
        var work = 0
        for entry in entries {
            guard entry.key.scalar?.isMergeKey == true else { work += 1; continue }
            for source in entry.value.items ?? [entry.value] { work += source.resolved.effectiveEntries.count }
        }
        mergedEntries += work
        guard mergedEntries <= limits.maxMergedEntries else {
            problem = SyntaxProblem(message: "merge keys (<<) expand to more than \(limits.maxMergedEntries) entries in this file; not expanded",
                                    range: SourceRange(start: node.range.start, end: node.range.start))
            return false
        }
        _ = node.effectiveEntries
        return true
    }

    /// The offset of a `,` that is the last token before a flow collection's closing
    /// bracket at `closer`: libyaml accepts `[1, 2,]` and `{"a": 1,}`, `json.load` does not.
    /// Only blanks can sit between them (JSON has no comments).
    private func trailingComma(before closer: Mark) -> Int? {
        var offset = closer.offset - 1
        let bytes = source.bytes
        while offset >= 0, bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D || bytes[offset] == 0x09 {
            offset -= 1
        }
        return offset >= 0 && bytes[offset] == UInt8(ascii: ",") ? offset : nil
    }

    /// JSON that libyaml accepts but `json.load` refuses.
    private func jsonComplaint(text: String, style: ScalarStyle, tag: String?) -> String? {
        if tag != nil { return "JSON has no tags" }
        switch style {
        case .doubleQuoted: return nil
        case .singleQuoted: return "JSON strings take double quotes, not single quotes"
        case .literal, .folded: return "block scalars are YAML, not JSON"
        case .plain:
            return ScalarResolver.resolveJSON(text) == nil ? "'\(text)' is not a JSON value (strings need double quotes)" : nil
        }
    }

    private mutating func add(_ node: Node, height: Int) {
        if let anchor = node.anchor { anchors[anchor] = (node, height) }
        if !stack.isEmpty { stack[stack.count - 1].childHeight = max(stack[stack.count - 1].childHeight, height) }
        if stack.isEmpty {
            documents.append(node)
        } else {
            stack[stack.count - 1].items.append(node)
        }
    }
}
