import GradienceSyntax
/// Strings written the way `json.dumps` writes them by default (`ensure_ascii=True`,
/// which is how PEFT saves `adapter_config.json`): non-ASCII as `\uXXXX`.
enum JSONStringEscaping {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: out += "\\u" + YAMLScalarQuoting.hex(UInt32(unit), width: 4).lowercased()
            }
        }
        return out + "\""
    }
}
