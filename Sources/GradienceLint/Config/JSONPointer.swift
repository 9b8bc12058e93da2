/// RFC 6901 JSON Pointers, the stable address of a node: unlike a line number it
/// survives reformatting, so baselines and `ignore-keys` use it.
public enum JSONPointer {
    public static func appending(_ base: String, _ token: String) -> String {
        // Almost no key holds `~` or `/`: skip the escaping (a pointer is built for every
        // pattern key, thousands per file in complete patterns).
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
            return base + "/" + token
        }
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

    public static func appending(_ base: String, _ index: Int) -> String {
        base + "/" + String(index)
    }
}
