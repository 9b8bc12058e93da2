/// RFC 6901 JSON Pointers, the stable address of a node: unlike a line number it
/// survives reformatting, so baselines and `ignore-keys` use it.
public enum JSONPointer {
    public static func appending(_ base: String, _ token: String) -> String {
        // Almost no key holds `~` or `/`: skip the escaping (a pointer is built for every
        // pattern key, thousands per file in complete patterns).
        guard needsEscaping(token) else { return base + "/" + token }
        var escaped = ""
        escaped.reserveCapacity(token.utf8.count + 4)
        for character in token.unicodeScalars {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return base + "/" + escaped
    }

    private static func needsEscaping(_ token: String) -> Bool {
        func isSpecial(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") }
        // Over the contiguous bytes when the string has them (native strings do): the
        // UTF8View iterator cost about 25 instructions a byte.
        return token.utf8.withContiguousStorageIfAvailable { $0.contains(where: isSpecial) } ?? token.utf8.contains(where: isSpecial)
    }

    public static func appending(_ base: String, _ index: Int) -> String {
        base + "/" + String(index)
    }
}
