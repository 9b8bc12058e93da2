/// A short, escaped piece of a file that is not the config being linted (a modules file,
/// a model's `config.json`), for messages: a settings file may point such a path at
/// `/proc/self/environ`, and the report must never print the CI job's environment
/// (issue 28). At most `maxCharacters` characters, control and format characters and
/// anything past ASCII spelled as escapes, so nothing reaches a terminal raw.
enum ShortExcerpt {
    static let maxCharacters = 40

    static func quote(_ text: some StringProtocol) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maxCharacters {
                result += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x20...0x7E where scalar != "\\": result.unicodeScalars.append(scalar)
            case 0x5C: result += "\\\\"
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x00...0xFF: result += "\\x" + hex(scalar.value, width: 2)
            default: result += "\\u{" + hex(scalar.value, width: 4) + "}"
            }
        }
        return result
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
