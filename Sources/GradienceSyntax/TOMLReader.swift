/// A TOML 1.0 reader for `pyproject.toml`, into the same `Node` tree the YAML parser
/// builds, so `Settings` reads `[tool.gradience-lint]` with the code (and the positioned
/// errors) it uses for `.gradience-lint.yml`. It reads the whole file — other tools'
/// tables too — because a file that is not valid TOML must be an error, not half-read.
///
/// Covered: comments; bare, quoted and dotted keys; `[table]` and `[[array of tables]]`
/// headers; basic and literal strings, one-line and multi-line, with every escape;
/// integers (decimal with `_`, `0x`, `0o`, `0b`); floats (`inf`, `nan`, exponents);
/// booleans; dates and times (kept as their text: no setting is a date); arrays over
/// several lines with comments and a trailing comma; inline tables. Errors (a key defined
/// twice, a table defined twice, extending an inline table, a bad escape, an unterminated
/// string, anything unexpected) carry the line and column where they are.
///
/// Hostile input (issue 28): bytes that are not UTF-8 anywhere, comments included, are an
/// error at the first bad byte; nesting (arrays, inline tables, dotted keys and table
/// headers together) deeper than `maxDepth` is an error where it goes too deep, so no
/// recursion here or in the `Node` tree built from it is ever deeper than that.
package struct TOMLReader {
    /// As the YAML parser's limit (`Parser.Limits.maxDepth`): nothing real comes close.
    static let maxDepth = 512

    package struct Problem: Error, Equatable {
        package let line: Int
        package let column: Int
        package let message: String
    }

    /// The document's root table as a mapping node.
    package static func read(_ bytes: [UInt8]) throws(Problem) -> Node {
        var reader = TOMLReader(bytes: bytes)
        try reader.document()
        return reader.root.node(range: SourceRange(start: Mark(offset: 0, line: 1, column: 1), end: reader.mark))
    }

    /// A table while it is being built; the tree becomes `Node`s at the end.
    private final class Table {
        var entries: [(key: Node, item: Item)] = []
        var index: [String: Int] = [:]
        /// `[a]` given as a header (again would be an error).
        var headerDefined = false
        /// Made by a dotted key (`a.b = 1`): a later `[a]` header is an error.
        var dottedDefined = false
        /// An inline table or an array's value: closed to later additions.
        var closed = false
        let start: Mark
        /// How many tables and arrays hold this one (the root is 0).
        let depth: Int

        init(start: Mark, depth: Int) {
            self.start = start
            self.depth = depth
        }

        func node(range: SourceRange) -> Node {
            let mapping = entries.map { entry -> MappingEntry in
                MappingEntry(key: entry.key, value: entry.item.node(closingAt: range.end))
            }
            return Node(kind: .mapping(mapping), range: range, tag: nil, anchor: nil, collectionStyle: closed ? .flow : .block)
        }
    }

    private enum Item {
        case value(Node)
        case table(Table)
        case tables([Table], start: Mark)

        func node(closingAt end: Mark) -> Node {
            switch self {
            case .value(let node): return node
            case .table(let table): return table.node(range: SourceRange(start: table.start, end: end))
            case .tables(let tables, let start):
                return Node(kind: .sequence(tables.map { $0.node(range: SourceRange(start: $0.start, end: end)) }),
                            range: SourceRange(start: start, end: end), tag: nil, anchor: nil)
            }
        }
    }

    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1
    private let root = Table(start: Mark(offset: 0, line: 1, column: 1), depth: 0)
    private var current: Table

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        current = root
    }

    private var mark: Mark { Mark(offset: offset, line: line, column: column) }
    private var peek: UInt8? { offset < bytes.count ? bytes[offset] : nil }
    private func peek(_ ahead: Int) -> UInt8? { offset + ahead < bytes.count ? bytes[offset + ahead] : nil }

    private mutating func advance() {
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1   // columns count code points, as the YAML parser's do
        }
    }

    private func fail(_ message: String, at position: Mark? = nil) -> Problem {
        let position = position ?? mark
        return Problem(line: position.line, column: position.column, message: message)
    }

    private func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "the end of the line" }
        return "'\(String(decoding: [byte], as: UTF8.self))'"
    }

    // MARK: lines

    private mutating func document() throws(Problem) {
        // A UTF-8 byte order mark is allowed at the start.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
        try requireUTF8()
        while true {
            skipSpaces()
            guard let byte = peek else { return }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            case UInt8(ascii: "["): try header()
            default: try keyValue(into: current, closing: nil)
            }
            try endOfLine()
        }
    }

    /// TOML is UTF-8 throughout (comments too): the first byte that is not, with its position.
    private mutating func requireUTF8() throws(Problem) {
        guard let bad = Self.firstInvalidUTF8(bytes) else { return }
        let start = offset
        while offset < bad { advance() }
        let problem = fail("the file is not valid UTF-8 here (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
        offset = start
        line = 1
        column = 1
        throw problem
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? { UTF8Bytes.firstInvalid(bytes[...]) }

    private func checkDepth(_ depth: Int, at position: Mark) throws(Problem) {
        guard depth <= Self.maxDepth else {
            throw fail("nesting deeper than \(Self.maxDepth) levels (arrays, inline tables and dotted keys together)", at: position)
        }
    }

    private mutating func skipSpaces() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    /// Spaces, an optional comment, then a newline or the end of the file.
    private mutating func endOfLine() throws(Problem) {
        skipSpaces()
        if peek == UInt8(ascii: "#") {
            while let byte = peek, byte != UInt8(ascii: "\n") {
                if byte < 0x20 && byte != UInt8(ascii: "\t") && !(byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                    throw fail("a control character is not allowed in a comment")
                }
                advance()
            }
        }
        if peek == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance() }
        guard let byte = peek else { return }
        guard byte == UInt8(ascii: "\n") else { throw fail("expected the end of the line, found \(describe(byte))") }
        advance()
    }

    /// Spaces, comments and newlines (inside arrays).
    private mutating func skipBlank() throws(Problem) {
        while true {
            skipSpaces()
            guard let byte = peek else { return }
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try endOfLine()
            } else {
                return
            }
        }
    }

    // MARK: headers and keys

    private mutating func header() throws(Problem) {
        let start = mark
        advance()
        let isArray = peek == UInt8(ascii: "[")
        if isArray { advance() }
        skipSpaces()
        let keys = try dottedKey()
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header, found \(describe(peek))") }
        advance()
        if isArray {
            guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            advance()
        }
        var table = root
        for key in keys.dropLast() { table = try descend(table, key, creating: .header) }
        let last = keys[keys.count - 1]
        let name = last.scalar!.text
        try checkDepth(table.depth + 1, at: last.range.start)
        if isArray {
            let element = Table(start: start, depth: table.depth + 1)
            if let existing = table.index[name] {
                guard case .tables(var list, let listStart) = table.entries[existing].item else {
                    throw fail("'\(name)' is already defined (line \(table.entries[existing].key.range.start.line)), not as an array of tables", at: last.range.start)
                }
                list.append(element)
                table.entries[existing].item = .tables(list, start: listStart)
            } else {
                try insert(last, .tables([element], start: start), into: table)
            }
            current = element
        } else if let existing = table.index[name] {
            guard case .table(let defined) = table.entries[existing].item, !defined.headerDefined, !defined.dottedDefined, !defined.closed else {
                throw fail("table '\(keys.map { $0.scalar!.text }.joined(separator: "."))' is defined twice (first at line \(table.entries[existing].key.range.start.line))", at: last.range.start)
            }
            defined.headerDefined = true
            current = defined
        } else {
            let defined = Table(start: start, depth: table.depth + 1)
            defined.headerDefined = true
            try insert(last, .table(defined), into: table)
            current = defined
        }
    }

    private enum Creation { case header, dotted }

    /// The table under `key` in `table`, made (implicitly) when missing; an array of
    /// tables gives its last element, as TOML says.
    private mutating func descend(_ table: Table, _ key: Node, creating creation: Creation) throws(Problem) -> Table {
        let name = key.scalar!.text
        guard let existing = table.index[name] else {
            try checkDepth(table.depth + 1, at: key.range.start)
            let made = Table(start: key.range.start, depth: table.depth + 1)
            made.dottedDefined = creation == .dotted
            try insert(key, .table(made), into: table)
            return made
        }
        switch table.entries[existing].item {
        case .table(let found) where !found.closed:
            // A dotted key may not add to a table a header defined (TOML 1.0).
            if creation == .dotted && found.headerDefined { break }
            return found
        case .tables(let list, _) where creation == .header:
            return list[list.count - 1]
        default:
            break
        }
        throw fail("'\(name)' is already defined (line \(table.entries[existing].key.range.start.line)) and cannot be extended here", at: key.range.start)
    }

    private mutating func insert(_ key: Node, _ item: Item, into table: Table) throws(Problem) {
        let name = key.scalar!.text
        if let existing = table.index[name] {
            throw fail("duplicate key '\(name)' (first at line \(table.entries[existing].key.range.start.line))", at: key.range.start)
        }
        table.index[name] = table.entries.count
        table.entries.append((key, item))
    }

    private mutating func dottedKey() throws(Problem) -> [Node] {
        var keys = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek == UInt8(ascii: ".") else { return keys }
            advance()
            skipSpaces()
            keys.append(try simpleKey())
        }
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private mutating func simpleKey() throws(Problem) -> Node {
        let start = mark
        switch peek {
        case UInt8(ascii: "\"")?, UInt8(ascii: "'")?:
            if peek(1) == peek, peek(2) == peek { throw fail("a key cannot be a multi-line string") }
            let (text, style) = try string()
            return scalarNode(text, style: style, value: .string(text), from: start)
        case let byte? where Self.isBareKeyByte(byte):
            while let byte = peek, Self.isBareKeyByte(byte) { advance() }
            let text = String(decoding: bytes[start.offset..<offset], as: UTF8.self)
            return scalarNode(text, style: .plain, value: .string(text), from: start)
        default:
            throw fail("expected a key, found \(describe(peek))")
        }
    }

    private func scalarNode(_ text: String, style: ScalarStyle, value: ScalarValue, from start: Mark) -> Node {
        Node(kind: .scalar(Scalar(text: text, style: style, value: value)), range: SourceRange(start: start, end: mark), tag: nil, anchor: nil)
    }

    /// `key = value` into `table`; `closing` is the inline table's `}` (nil on a line).
    private mutating func keyValue(into table: Table, closing: UInt8?) throws(Problem) {
        let keys = try dottedKey()
        skipSpaces()
        guard peek == UInt8(ascii: "=") else { throw fail("expected '=' after the key '\(keys.map { $0.scalar!.text }.joined(separator: "."))', found \(describe(peek))") }
        advance()
        skipSpaces()
        var target = table
        for key in keys.dropLast() { target = try descend(target, key, creating: .dotted) }
        let value = try self.value(depth: target.depth + 1)
        try insert(keys[keys.count - 1], value, into: target)
    }

    // MARK: values

    /// A value `depth` levels down (the root table is 0).
    private mutating func value(depth: Int) throws(Problem) -> Item {
        let start = mark
        switch peek {
        case UInt8(ascii: "\"")?, UInt8(ascii: "'")?:
            let (text, style) = try string()
            return .value(scalarNode(text, style: style, value: .string(text), from: start))
        case UInt8(ascii: "[")?:
            try checkDepth(depth, at: start)
            return .value(try array(depth: depth))
        case UInt8(ascii: "{")?:
            try checkDepth(depth, at: start)
            return .table(try inlineTable(depth: depth))
        case nil, UInt8(ascii: "\n")?, UInt8(ascii: "\r")?, UInt8(ascii: "#")?:
            throw fail("expected a value, found \(describe(peek))")
        default:
            return .value(try bareValue())
        }
    }

    private mutating func array(depth: Int) throws(Problem) -> Node {
        let start = mark
        advance()
        var items: [Node] = []
        while true {
            try skipBlank()
            if peek == UInt8(ascii: "]") { break }
            switch try value(depth: depth + 1) {
            case .value(let node): items.append(node)
            case .table(let table): items.append(table.node(range: SourceRange(start: table.start, end: mark)))
            case .tables: throw fail("unexpected array of tables")
            }
            try skipBlank()
            if peek == UInt8(ascii: ",") { advance(); continue }
            guard peek == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in the array, found \(describe(peek))") }
            break
        }
        advance()
        return Node(kind: .sequence(items), range: SourceRange(start: start, end: mark), tag: nil, anchor: nil, collectionStyle: .flow)
    }

    private mutating func inlineTable(depth: Int) throws(Problem) -> Table {
        let table = Table(start: mark, depth: depth)
        advance()
        skipSpaces()
        if peek == UInt8(ascii: "}") {
            advance()
            table.closed = true
            return table
        }
        while true {
            skipSpaces()
            try keyValue(into: table, closing: UInt8(ascii: "}"))
            skipSpaces()
            if peek == UInt8(ascii: ",") {
                advance()
                skipSpaces()
                if peek == UInt8(ascii: "}") { throw fail("a trailing comma is not allowed in an inline table") }
                continue
            }
            guard peek == UInt8(ascii: "}") else { throw fail("expected ',' or '}' in the inline table (which must fit on one line), found \(describe(peek))") }
            advance()
            break
        }
        // Closed, with every table inside it: nothing may add to an inline table later.
        func close(_ table: Table) {
            table.closed = true
            for entry in table.entries { if case .table(let inner) = entry.item { close(inner) } }
        }
        close(table)
        return table
    }

    /// An integer, float, boolean or date/time: one token up to a delimiter.
    private mutating func bareValue() throws(Problem) -> Node {
        let start = mark
        while let byte = peek, !Self.endsBareValue(byte) {
            advance()
            // A date and a time may be separated by one space: "1979-05-27 07:32:00".
            if peek == UInt8(ascii: " "), offset - start.offset == 10, bytes[start.offset + 4] == UInt8(ascii: "-"),
               let next = peek(1), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") { advance() }
        }
        let text = String(decoding: bytes[start.offset..<offset], as: UTF8.self)
        guard let value = Self.bareScalar(text) else { throw fail("'\(text)' is not a TOML value (strings need quotes)", at: start) }
        return scalarNode(text, style: .plain, value: value, from: start)
    }

    private static func endsBareValue(_ byte: UInt8) -> Bool {
        [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
         UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#")].contains(byte)
    }

    static func bareScalar(_ text: String) -> ScalarValue? {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return nil }
        // Dates and times: digits with '-' at 4 or ':' at 2.
        if bytes.count >= 8, (bytes[4] == UInt8(ascii: "-") || bytes[2] == UInt8(ascii: ":")),
           bytes.allSatisfy({ isDigit($0) || "-:.+TtZz ".utf8.contains($0) }) {
            return .timestamp(text)
        }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            let digits = text.dropFirst(2)
            guard wellPlacedUnderscores(Array(digits.utf8)), let value = Int(digits.replacingOccurrences(of: "_", with: ""), radix: radix) else { return nil }
            return .int(value)
        }
        var body = bytes[...]
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = body.dropFirst() }
        guard let lead = body.first, isDigit(lead), wellPlacedUnderscores(Array(body)) else { return nil }
        let plain = text.replacingOccurrences(of: "_", with: "")
        let isFloat = body.contains(UInt8(ascii: ".")) || body.contains(UInt8(ascii: "e")) || body.contains(UInt8(ascii: "E"))
        // No leading zeros ("07"), and a '.' needs digits on both sides.
        if lead == UInt8(ascii: "0"), body.count > 1, isDigit(body[body.index(after: body.startIndex)]) || body[body.index(after: body.startIndex)] == UInt8(ascii: "_") { return nil }
        if isFloat {
            if let dot = body.firstIndex(of: UInt8(ascii: ".")) {
                guard dot + 1 < body.endIndex, isDigit(body[dot + 1]) else { return nil }
            }
            guard body.allSatisfy({ isDigit($0) || "._eE+-".utf8.contains($0) }), let value = Double(plain) else { return nil }
            return .float(value)
        }
        guard body.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: "_") }) else { return nil }
        guard let value = Int(plain) else { return .bigInt(plain) }
        return .int(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `_` only between two digits.
    private static func wellPlacedUnderscores(_ bytes: [UInt8]) -> Bool {
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "_") {
            guard index > 0, index + 1 < bytes.count, bytes[index - 1] != UInt8(ascii: "_"),
                  bytes[index + 1] != UInt8(ascii: "_"), !".eE".utf8.contains(bytes[index - 1]), !".eE".utf8.contains(bytes[index + 1]) else { return false }
        }
        return true
    }

    // MARK: strings

    /// A basic or literal string, one-line or multi-line: its text and quoting.
    private mutating func string() throws(Problem) -> (String, ScalarStyle) {
        let quote = peek!
        let literal = quote == UInt8(ascii: "'")
        let start = mark
        let multiline = peek(1) == quote && peek(2) == quote
        advance()
        if multiline {
            advance(); advance()
            // A newline right after the opening quotes is not part of the string.
            if peek == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { advance() }
            if peek == UInt8(ascii: "\n") { advance() }
        } else if peek == quote {
            advance()
            return ("", literal ? .singleQuoted : .doubleQuoted)
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek else { throw fail("unterminated string (opened at line \(start.line), column \(start.column))") }
            if byte == quote {
                if !multiline { advance(); break }
                if peek(1) == quote, peek(2) == quote {
                    // Up to two quotes may end the content: """a""""" is a"" .
                    var extra = 0
                    while peek(3 + extra) == quote, extra < 2 { extra += 1 }
                    for _ in 0..<extra { text.append(quote); advance() }
                    advance(); advance(); advance()
                    break
                }
                text.append(byte); advance()
                continue
            }
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                guard multiline else { throw fail("a one-line string cannot span lines (opened at column \(start.column))") }
                if byte == UInt8(ascii: "\r") { advance() }
                text.append(UInt8(ascii: "\n")); advance()
                continue
            }
            if byte < 0x20 && byte != UInt8(ascii: "\t") || byte == 0x7F { throw fail("a control character must be escaped in a string") }
            if byte == UInt8(ascii: "\\") && !literal {
                try escape(into: &text, multiline: multiline)
                continue
            }
            text.append(byte); advance()
        }
        guard let decoded = String(validating: text, as: UTF8.self) else { throw fail("the string is not valid UTF-8", at: start) }
        return (decoded, literal ? .singleQuoted : .doubleQuoted)
    }

    private mutating func escape(into text: inout [UInt8], multiline: Bool) throws(Problem) {
        let at = mark
        advance()
        guard let byte = peek else { throw fail("unterminated string") }
        let simple: [UInt8: UInt8] = [UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A,
                                      UInt8(ascii: "f"): 0x0C, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22,
                                      UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "e"): 0x1B]
        if let replacement = simple[byte] {
            text.append(replacement); advance()
            return
        }
        if byte == UInt8(ascii: "u") || byte == UInt8(ascii: "U") {
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            advance()
            guard offset + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[offset..<offset + count], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw fail("\\\(byte == UInt8(ascii: "u") ? "u" : "U") needs \(count) hex digits naming a Unicode scalar value", at: at)
            }
            for _ in 0..<count { advance() }
            text.append(contentsOf: Array(String(Character(scalar)).utf8))
            return
        }
        // A line-ending backslash in a multi-line basic string trims the newline and the
        // whitespace after it.
        if multiline {
            var look = offset
            while look < bytes.count, bytes[look] == UInt8(ascii: " ") || bytes[look] == UInt8(ascii: "\t") { look += 1 }
            if look < bytes.count, bytes[look] == UInt8(ascii: "\n") || bytes[look] == UInt8(ascii: "\r") {
                while let next = peek, next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") { advance() }
                return
            }
        }
        throw fail("unknown escape '\\\(String(decoding: [byte], as: UTF8.self))' (use \\\\ for a backslash, or a 'literal string')", at: at)
    }
}
