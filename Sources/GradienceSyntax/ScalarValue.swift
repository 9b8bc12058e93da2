/// What a scalar means to the Python program that reads the file.
///
/// PEFT users load YAML with PyYAML (`yaml.safe_load`, YAML 1.1 rules) and JSON with
/// `json.load`. The two disagree (`yes`, `017`, `1e3`), and a rule must see what Python
/// would see, so resolution follows the file's loader.
public enum ScalarValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// An integer too large for `Int`; Python keeps it exactly.
    case bigInt(String)
    case float(Double)
    case string(String)
    /// A YAML 1.1 timestamp (PyYAML gives a `date`/`datetime`).
    case timestamp(String)

    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .timestamp: return "timestamp"
        }
    }

    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// Numeric value of an int or float (bools are not numbers here, unlike Python).
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .float(let value): return value
        case .bigInt(let text): return Double(text)
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as Python's `repr` would show it, for messages.
    public var pythonRepr: String {
        switch self {
        case .null: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .bigInt(let text): return text
        case .float(let value):
            if value.isNaN { return "nan" }
            if value.isInfinite { return value < 0 ? "-inf" : "inf" }
            return value == value.rounded() && abs(value) < 1e16 ? String(format: "%.1f", value) : String(value)
        case .string(let text): return "'\(text)'"
        case .timestamp(let text): return text
        }
    }
}
