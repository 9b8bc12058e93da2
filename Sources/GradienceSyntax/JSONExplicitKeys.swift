/// JSON object keys that libyaml will not read as keys, although `json.load` does.
///
/// libyaml (like PyYAML's scanner, `stale_possible_simple_keys`, and the YAML spec) takes
/// a key without `?` (an implicit or "simple" key) only when its `:` follows on the same
/// line and at most 1,024 characters after the key's first character. In a flow mapping a
/// longer key is silently no key, and the `:` is then a syntax error. `json.load` (what
/// PEFT and the trainers read a JSON config with) has no such limit: a key of any length,
/// or whitespace with a line break before its `:`, is valid JSON.
///
/// Design: libyaml reads a copy in which each such key is made explicit (`{? "key": 1}`
/// is the same mapping in YAML, with the same events and the same key text) and every
/// mark is mapped back to the original bytes (`TextRewrite`). The alternatives were worse:
/// a JSON parser of our own would be a second parser whose every difference from the
/// libyaml path (messages, positions, the JSON checks in `Parser`) is a new behaviour for
/// all JSON files; re-serializing the document would lose the bytes the Transformer
/// edits. The copy is only made for a JSON file libyaml refused and that has such a key,
/// so no other file's result can change; both passes are linear in the text.
///
/// YAML files keep libyaml's behaviour: PyYAML refuses a long implicit key too, so a YAML
/// file with one fails for PEFT's tools as well (the syntax message says why).
enum JSONExplicitKeys {
    /// libyaml's `yaml_parser_stale_simple_keys`: a key is stale once the scanner is more
    /// than this many characters past its first character.
    static let implicitKeyLimit = 1024

    /// The offsets of the opening quotes of the object keys libyaml would not take as
    /// keys, ascending; empty when there are none, and when the text is not lexically
    /// JSON (a rewrite must never touch what it does not understand: there the file's
    /// own error stands). `#` comments, which libyaml skips, are skipped too.
    static func offsets(in bytes: [UInt8], bom: Bool) -> [Int] {
        var offsets: [Int] = []
        // One flag per open bracket (true for an object): an explicit stack, so depth costs no recursion.
        var inObject: [Bool] = []
        var expectingKey = false
        var index = bom ? 3 : 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "#"):
                // A comment only where libyaml sees one: at a line start or after a blank.
                guard index == (bom ? 3 : 0) || isWhitespace(bytes[index - 1]) else { return [] }
                while index < count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                inObject.append(byte == UInt8(ascii: "{"))
                expectingKey = byte == UInt8(ascii: "{")
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                // A mismatched bracket is libyaml's to report, where it is: the strings around it are still strings.
                _ = inObject.popLast()
                expectingKey = false
                index += 1
            case UInt8(ascii: ","):
                expectingKey = inObject.last == true
                index += 1
            case UInt8(ascii: ":"):
                expectingKey = false
                index += 1
            case UInt8(ascii: "\""):
                guard let end = stringEnd(bytes, openingQuote: index) else { return [] }
                if expectingKey, inObject.last == true, needsExplicitKey(bytes, openingQuote: index, closingQuote: end) {
                    offsets.append(index)
                }
                expectingKey = false
                index = end + 1
            default:
                // Numbers, true, false, null; anything else is not JSON.
                guard isLiteralByte(byte) else { return [] }
                while index < count, isLiteralByte(bytes[index]) { index += 1 }
                expectingKey = false
            }
        }
        return offsets
    }

    /// The offset of the quote that closes the string opened at `openingQuote`; nil for an
    /// unclosed string or a raw control character in it (not JSON; libyaml would fold a
    /// raw line break where `json.load` refuses it).
    private static func stringEnd(_ bytes: [UInt8], openingQuote: Int) -> Int? {
        var index = openingQuote + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""): return index
            case UInt8(ascii: "\\"): index += 2
            case 0..<0x20: return nil
            default: index += 1
            }
        }
        return nil
    }

    /// Whether the key ending at `closingQuote` is followed (after JSON whitespace) by its
    /// `:` more than `implicitKeyLimit` characters after its opening quote, or on another
    /// line as libyaml counts lines (a line break before the `:`, or a raw NEL, LS or PS in
    /// the key, which `json.load` keeps as text).
    private static func needsExplicitKey(_ bytes: [UInt8], openingQuote: Int, closingQuote: Int) -> Bool {
        var colon = closingQuote + 1
        var lineBreak = false
        while colon < bytes.count, isWhitespace(bytes[colon]) {
            lineBreak = lineBreak || bytes[colon] == 0x0A || bytes[colon] == 0x0D
            colon += 1
        }
        guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { return false }
        if lineBreak { return true }
        var characters = 0
        for index in openingQuote..<colon {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 { characters += 1 }
            if byte == 0xC2, bytes[index + 1] == 0x85 { return true }
            if byte == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { return true }
        }
        return characters > implicitKeyLimit
    }

    /// JSON's whitespace: space, tab, LF, CR.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isLiteralByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }
}
