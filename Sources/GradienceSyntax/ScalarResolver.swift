import Foundation

/// Resolves plain scalars the way Python will see them.
///
/// YAML follows PyYAML's `SafeLoader` (`resolver.py` implicit resolvers and
/// `constructor.py` `construct_yaml_*`): YAML 1.1 booleans (`yes`, `on`), octal `017`,
/// `1_000`, sexagesimal `1:30`, floats only with a dot (`1e3` stays a string),
/// `.inf`, `~`. JSON follows `json.loads` (`1e3` is a float; `NaN`/`Infinity` allowed).
/// Hand-written matchers, not regexes: this runs on every scalar of every file.
package enum ScalarResolver {
    static func resolve(_ text: String, style: ScalarStyle, tag: String?, json: Bool) -> ScalarValue? {
        if let tag, tag != "!" {
            return resolveTagged(text, tag: tag) ?? .string(text)
        }
        guard style == .plain else { return .string(text) }
        return json ? resolveJSON(text) : resolveYAML11(text)
    }

    // MARK: explicit tags

    private static func resolveTagged(_ text: String, tag: String) -> ScalarValue? {
        switch tag {
        case "tag:yaml.org,2002:str": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool": return boolValue(text).map(ScalarValue.bool)
        case "tag:yaml.org,2002:int": return intValue(Array(text.utf8))
        case "tag:yaml.org,2002:float": return floatValue(Array(text.utf8))
        default: return nil
        }
    }

    // MARK: YAML 1.1 (PyYAML SafeLoader)

    package static func resolveYAML11(_ text: String) -> ScalarValue {
        // Bytes are copied out only for numbers: most scalars are keys and names, and
        // decided by their first byte.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"):
            return text.utf8.count == 1 ? .null : .string(text)
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            return boolValue(text).map(ScalarValue.bool) ?? .string(text)
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            return boolValue(text).map(ScalarValue.bool) ?? .string(text)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let small = plainDecimal(text) { return .int(small) }
            let bytes = Array(text.utf8)
            if isYAMLFloat(bytes), let value = floatValue(bytes) { return value }
            if isYAMLInt(bytes), let value = intValue(bytes) { return value }
            if isTimestamp(bytes) { return .timestamp(text) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// `0` or `[1-9][0-9]*` of at most 18 digits (no sign, `_` or `:`): the int regex's
    /// commonest case (ranks, sizes, steps), worked out without copying the bytes. Other
    /// numbers take the general path.
    private static func plainDecimal(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard utf8.count <= 18, let first = utf8.first, first != UInt8(ascii: "0") || utf8.count == 1 else { return nil }
        var value = 0
        for byte in utf8 {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func boolValue(_ text: String) -> Bool? {
        // Every spelling has 2 to 5 bytes: longer words are strings without comparing.
        guard text.utf8.count <= 5 else { return nil }
        switch text {
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static let underscore = UInt8(ascii: "_")

    /// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
    /// | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
    static func isYAMLInt(_ bytes: [UInt8]) -> Bool {
        var body = bytes[...]
        if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { body = body.dropFirst() }
        guard let first = body.first else { return false }
        if first == UInt8(ascii: "0") {
            let rest = body.dropFirst()
            if rest.isEmpty { return true }
            if rest.first == UInt8(ascii: "b") {
                let digits = rest.dropFirst()
                return !digits.isEmpty && digits.allSatisfy { $0 == 0x30 || $0 == 0x31 || $0 == underscore }
            }
            if rest.first == UInt8(ascii: "x") {
                let digits = rest.dropFirst()
                return !digits.isEmpty && digits.allSatisfy { isDigit($0) || (0x61...0x66).contains($0 | 0x20) || $0 == underscore }
            }
            return rest.allSatisfy { ($0 >= 0x30 && $0 <= 0x37) || $0 == underscore }
        }
        guard isDigit(first) else { return false }
        let parts = body.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts[0].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        return parts.dropFirst().allSatisfy(isSexagesimalDigitGroup)
    }

    /// `[0-5]?[0-9]`
    private static func isSexagesimalDigitGroup(_ group: ArraySlice<UInt8>) -> Bool {
        switch group.count {
        case 1: return isDigit(group.first!)
        case 2: return (0x30...0x35).contains(group.first!) && isDigit(group.last!)
        default: return false
        }
    }

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
    /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
    static func isYAMLFloat(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        if [".nan", ".NaN", ".NAN"].contains(text) { return true }
        var body = bytes[...]
        var signed = false
        if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            body = body.dropFirst()
            signed = true
        }
        let unsigned = String(decoding: body, as: UTF8.self)
        if [".inf", ".Inf", ".INF"].contains(unsigned) { return true }
        guard let dot = body.firstIndex(of: UInt8(ascii: ".")) else { return false }
        let whole = body[body.startIndex..<dot]
        var fraction = body[body.index(after: dot)...]
        if whole.isEmpty {
            // `\.[0-9_]+(exp)?` takes no sign.
            if signed { return false }
        } else {
            guard isDigit(whole.first!) else { return false }
            let groups = whole.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard groups[0].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
            if groups.count > 1 {
                // Sexagesimal floats take no exponent.
                return groups.dropFirst().allSatisfy(isSexagesimalDigitGroup)
                    && fraction.allSatisfy { isDigit($0) || $0 == underscore }
            }
        }
        if let e = fraction.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            let exponent = fraction[fraction.index(after: e)...]
            fraction = fraction[fraction.startIndex..<e]
            guard let sign = exponent.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { return false }
            let digits = exponent.dropFirst()
            guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return false }
        }
        guard fraction.allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        return whole.isEmpty ? !fraction.isEmpty : true
    }

    /// `construct_yaml_int`: strip `_`, sign, then base 2 / 16 / 8 (leading 0) / 60 / 10.
    private static func intValue(_ bytes: [UInt8]) -> ScalarValue? {
        var text = String(decoding: bytes.filter { $0 != underscore }, as: UTF8.self)
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        let magnitude: Int?
        if text == "0" {
            magnitude = 0
        } else if text.hasPrefix("0b") {
            magnitude = Int(text.dropFirst(2), radix: 2)
        } else if text.hasPrefix("0x") {
            magnitude = Int(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0") {
            magnitude = Int(text.dropFirst(), radix: 8)
        } else if text.containsText(":") {
            var total = 0
            for part in text.split(separator: ":") {
                guard let digit = Int(part) else { return nil }
                let (product, overflow1) = total.multipliedReportingOverflow(by: 60)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                if overflow1 || overflow2 { return .bigInt((negative ? "-" : "") + text) }
                total = sum
            }
            magnitude = total
        } else {
            magnitude = Int(text)
        }
        guard let magnitude else {
            // Only overflow can fail here: the syntax was checked before.
            return .bigInt((negative ? "-" : "") + text)
        }
        return .int(negative ? -magnitude : magnitude)
    }

    /// `construct_yaml_float`: strip `_`, lower-case, then inf / nan / base 60 / `float()`.
    private static func floatValue(_ bytes: [UInt8]) -> ScalarValue? {
        var text = String(decoding: bytes.filter { $0 != underscore }, as: UTF8.self).lowercased()
        var sign = 1.0
        if text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        if text == ".inf" { return .float(sign * .infinity) }
        if text == ".nan" { return .float(.nan) }
        if text.containsText(":") {
            var total = 0.0
            for part in text.split(separator: ":") {
                guard let digit = Double(part) else { return nil }
                total = total * 60 + digit
            }
            return .float(sign * total)
        }
        // Python's float() accepts "1." and ".5"; Double() needs a digit on both sides.
        if text.hasSuffix(".") { text += "0" }
        if text.hasPrefix(".") { text = "0" + text }
        text = text.replacingOccurrences(of: ".e", with: ".0e")
        guard let value = Double(text) else { return nil }
        return .float(sign * value)
    }

    private static let timestampPattern = try! NSRegularExpression(pattern:
        #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#)

    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        // Cheap guard first: every timestamp starts with four digits and a dash.
        guard bytes.count >= 8, bytes[0..<4].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-") else { return false }
        let text = String(decoding: bytes, as: UTF8.self)
        return timestampPattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    // MARK: JSON (json.loads)

    /// The value of an unquoted JSON token, or nil when `json.loads` would reject it.
    static func resolveJSON(_ text: String) -> ScalarValue? {
        switch text {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "NaN": return .float(.nan)
        case "Infinity": return .float(.infinity)
        case "-Infinity": return .float(-.infinity)
        default: break
        }
        let bytes = Array(text.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while index < bytes.count, isDigit(bytes[index]) { index += 1 } }
        var isFloat = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isFloat = true
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > start else { return nil }
        }
        guard index == bytes.count else { return nil }
        if isFloat { return Double(text).map(ScalarValue.float) }
        return Int(text).map(ScalarValue.int) ?? .bigInt(text)
    }
}
