import GradienceSyntax
/// A pattern key with no regex syntax except `.` (a wildcard for one character other
/// than a newline) and `\.` (a literal dot), e.g. `model.layers.0.self_attn.q_proj`.
/// Such a key matches a candidate suffix exactly when the lengths agree and every
/// non-wildcard position holds the same character — which `PatternResolver` answers with
/// hash lookups instead of running a regex.
package struct LiteralKey {
    /// The key's characters, with `wildcard` at each unescaped `.`.
    let scalars: [UInt32]
    /// Positions of the wildcards, ascending.
    let wildcards: [Int]

    static let wildcard: UInt32 = 0xFFFF_FFFF

    /// Characters that make a key a real regex (conservatively: `]` and `}` are literal
    /// in Python when unpaired, but such keys simply take the regex path). A switch, not a
    /// set: this runs on every character of every pattern key.
    private static func isSpecial(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\\", "^", "$", "*", "+", "?", "{", "}", "[", "]", "|", "(", ")": return true
        default: return false
        }
    }

    /// Whether `LiteralKey(key)` would succeed, read off the bytes without building it
    /// (every special character is ASCII, so no multi-byte sequence can be one).
    package static func isLiteral(_ key: String) -> Bool {
        // Over contiguous bytes (native strings have them): the UTF8View iterator cost
        // about 25 instructions a byte.
        key.utf8.withContiguousStorageIfAvailable(isLiteral) ?? isLiteral(Array(key.utf8))
    }

    private static func isLiteral<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        var escaped = false
        for byte in bytes {
            if escaped {
                guard byte == UInt8(ascii: ".") else { return false }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte < 0x80, specialASCII[Int(byte)] {
                return false
            }
        }
        return !escaped
    }

    private static let specialASCII: [Bool] = (0..<128).map { isSpecial(Unicode.Scalar(UInt8($0))) }

    init?(_ key: String) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(key.utf8.count)
        var wildcards: [Int] = []
        var iterator = key.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            if c == "\\" {
                guard iterator.next() == "." else { return nil }
                scalars.append(UInt32(("." as Unicode.Scalar).value))
            } else if c == "." {
                wildcards.append(scalars.count)
                scalars.append(Self.wildcard)
            } else if Self.isSpecial(c) {
                return nil
            } else {
                scalars.append(c.value)
            }
        }
        self.scalars = scalars
        self.wildcards = wildcards
    }
}
