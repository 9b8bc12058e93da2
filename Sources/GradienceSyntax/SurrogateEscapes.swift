/// JSON's surrogate-pair escapes (`"\ud83d\udfeb"`, one emoji): `json.dumps` writes every
/// character outside the BMP this way (PEFT's `save_pretrained` too), and `json.load` and
/// PyYAML accept them, but libyaml refuses each half ("found invalid Unicode character
/// escape code"). Each pair is rewritten to the equivalent `\UXXXXXXXX` escape, two
/// characters shorter, before libyaml reads the text; `Rewrite.originalIndex` maps
/// libyaml's marks back, so every position stays that of the original bytes.
enum SurrogateEscapes {
    /// What libyaml says for each half of a pair (`yaml_parser_scan_flow_scalar`).
    static let libyamlComplaint = "found invalid Unicode character escape code"
    struct Rewrite {
        let bytes: [UInt8]
        /// Character index (in the rewritten text) just after each shortened escape, with
        /// its 0-based line, ascending.
        let shifts: [(index: Int, line: Int)]

        /// The original character index and column of a libyaml mark in the rewritten text.
        func original(index: Int, line: Int, column: Int) -> (index: Int, column: Int) {
            // Escapes that end at or before the mark (binary search: the list is ascending).
            var low = 0, high = shifts.count
            while low < high {
                let middle = (low + high) / 2
                if shifts[middle].index <= index { low = middle + 1 } else { high = middle }
            }
            var sameLine = 0
            var position = low - 1
            while position >= 0, shifts[position].line == line { sameLine += 1; position -= 1 }
            return (index + 2 * low, column + 2 * sameLine)
        }
    }

    /// The text with every escaped surrogate pair shortened, or nil when it has none.
    /// Only escapes after an odd run of backslashes count (`\\ud83d` is a backslash and text).
    static func rewrite(_ bytes: [UInt8], bom: Bool) -> Rewrite? {
        var output: [UInt8] = []
        var shifts: [(index: Int, line: Int)] = []
        var characterIndex = 0
        var line = 0
        var index = bom ? 3 : 0
        if bom { output += bytes[0..<3] }
        var backslashes = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), backslashes % 2 == 0, let scalar = pair(bytes, at: index) {
                let escape = "\\U" + hex(scalar, width: 8)
                output += Array(escape.utf8)
                index += 12
                characterIndex += 10
                shifts.append((characterIndex, line))
                backslashes = 0
                continue
            }
            backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
            if byte == 0x0A { line += 1 }
            if byte & 0xC0 != 0x80 { characterIndex += 1 }
            output.append(byte)
            index += 1
        }
        return shifts.isEmpty ? nil : Rewrite(bytes: output, shifts: shifts)
    }

    /// The scalar a `\uD8xx\uDCxx` pair at `start` encodes.
    private static func pair(_ bytes: [UInt8], at start: Int) -> UInt32? {
        guard start + 12 <= bytes.count, bytes[start + 1] == UInt8(ascii: "u"), bytes[start + 6] == UInt8(ascii: "\\"),
              bytes[start + 7] == UInt8(ascii: "u"), let high = hexValue(bytes[start + 2..<start + 6]),
              let low = hexValue(bytes[start + 8..<start + 12]), (0xD800...0xDBFF).contains(high), (0xDC00...0xDFFF).contains(low) else {
            return nil
        }
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(nibble)
        }
        return value
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
