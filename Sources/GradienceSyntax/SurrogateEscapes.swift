/// JSON's surrogate-pair escapes (`"\ud83d\udfeb"`, one emoji): `json.dumps` writes every
/// character outside the BMP this way (PEFT's `save_pretrained` too), and `json.load` and
/// PyYAML accept them, but libyaml refuses each half ("found invalid Unicode character
/// escape code"). Each pair is rewritten to the equivalent `\UXXXXXXXX` escape, two
/// characters shorter, before libyaml reads the text; `TextRewrite.original` maps
/// libyaml's marks back, so every position stays that of the original bytes.
enum SurrogateEscapes {
    /// What libyaml says for each half of a pair (`yaml_parser_scan_flow_scalar`).
    static let libyamlComplaint = "found invalid Unicode character escape code"
    /// The text with every escaped surrogate pair shortened, or nil when it has none.
    static func rewrite(_ bytes: [UInt8], bom: Bool) -> TextRewrite? {
        TextRewrite.make(bytes, bom: bom, shortenSurrogatePairs: true)
    }

    /// The scalar a `\uD8xx\uDCxx` pair at `start` encodes.
    static func pair(_ bytes: [UInt8], at start: Int) -> UInt32? {
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

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
