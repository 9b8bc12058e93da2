/// Floats written the way Python writes them, so the value read back is the same double.
///
/// `json.dumps` writes `repr(float)`: the shortest digits that round-trip, fixed notation
/// for decimal exponents -4...15, else `1e-05` / `1.5e+16`. PyYAML only reads a plain
/// scalar as a float when it has a dot (and a signed exponent), so YAML gets `1.0e-05`,
/// exactly what PyYAML's own representer writes; `1e-05` would load as a string.
enum PythonFloatFormat {
    static func json(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return repr(value)
    }

    static func yaml(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        let text = repr(value)
        guard !text.contains("."), let e = text.firstIndex(of: "e") else { return text }
        return text[..<e] + ".0" + text[e...]
    }

    /// Python's `repr(float)` for finite values.
    static func repr(_ value: Double) -> String {
        let (negative, digits, pointPosition) = shortestDigits(value)
        let sign = negative ? "-" : ""
        // Python: scientific when the decimal point sits more than 4 places left of the
        // first digit or more than 16 places right of it.
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if digits.count <= pointPosition {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        let magnitude = String(abs(exponent))
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// The shortest round-trip digits (Swift's `description` computes them) and where the
    /// decimal point goes: value = 0.d1d2… × 10^pointPosition.
    private static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        if value == 0 { return (value.sign == .minus, "0", 1) }
        var text = value.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = integer + fraction
        var pointPosition = integer.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (value < 0, digits, pointPosition)
    }
}
