import GradienceSyntax
/// Decides when a new YAML string must be quoted, and writes the quotes.
///
/// A string is written plain only when PyYAML (YAML 1.1) reads it back as that same
/// string AND no other common loader would read it as something else: anything that
/// looks like a number (`1e3`, `0o17`, `0x1F`, `.5`) is quoted even where PyYAML would
/// keep it a string, because YAML 1.2 loaders and humans read it as a number.
/// Regex keys such as `.*\.q_proj` or `model.layers.0.self_attn.q_proj` stay plain in
/// block context; in flow context `,[]{}` force quotes too.
enum YAMLScalarQuoting {
    static func needsQuotes(_ text: String, inFlow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
        if first == " " || last == " " || first == "\t" || last == "\t" { return true }
        if case .string(let read) = ScalarResolver.resolveYAML11(text), read == text {} else { return true }
        if looksNumeric(text) { return true }
        if "[]{},#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        // `-`, `?` and `:` start a plain scalar only when followed by a non-space.
        if first == "-" || first == "?" || first == ":" {
            let second = text.unicodeScalars.dropFirst().first
            if second == nil || second == " " { return true }
        }
        if text.hasPrefix("---") || text.hasPrefix("...") { return true }
        if text == "<<" || text == "=" { return true }
        if text.contains(": ") || text.contains(" #") || last == ":" { return true }
        if inFlow && text.unicodeScalars.contains(where: { ",[]{}:".unicodeScalars.contains($0) }) { return true }
        return text.unicodeScalars.contains { !isPlainPrintable($0) }
    }

    /// Numbers for any loader: YAML 1.2 core, JSON, Python's `float()`.
    static func looksNumeric(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let body = lowered.hasPrefix("-") || lowered.hasPrefix("+") ? String(lowered.dropFirst()) : lowered
        if [".inf", ".nan", "inf", "nan", "infinity"].contains(body) { return true }
        if body.hasPrefix("0o") || body.hasPrefix("0x") || body.hasPrefix("0b") {
            return body.count > 2 && body.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" }
        }
        let cleaned = body.replacingOccurrences(of: "_", with: "")
        guard let first = cleaned.first, first.isNumber || first == "." else { return false }
        return Double(cleaned) != nil
    }

    /// Characters a plain scalar may hold as they are (no tabs, breaks or controls).
    private static func isPlainPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0x7E: return true
        case 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return scalar.value != 0xFEFF
        default: return false
        }
    }

    static func singleQuoted(_ text: String) -> String? {
        // Single quotes cannot escape anything but `'`; breaks would fold.
        guard text.unicodeScalars.allSatisfy({ isPlainPrintable($0) || $0 == "\t" }) else { return nil }
        return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isPlainPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
