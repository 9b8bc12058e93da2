@testable import GradienceLint
@testable import GradienceSyntax

/// A rule example prepared for linting: markers removed, their byte offsets kept.
struct MarkedText {
    let text: String
    let markerOffsets: [Int]

    init(_ marked: String) {
        var text = ""
        var offsets: [Int] = []
        for character in marked {
            if character == RuleExample.marker { offsets.append(text.utf8.count) } else { text.append(character) }
        }
        self.text = text
        self.markerOffsets = offsets
    }
}

/// Rewrites a parsed example in another style — YAML flow or JSON — keeping the markers
/// in front of the same nodes, so one example tests every style.
enum ExampleVariants {
    enum Style { case flow, json }

    static func render(_ root: Node, markers: Set<Int>, style: Style) -> String {
        var out = ""
        write(root, markers: markers, style: style, into: &out)
        return out + "\n"
    }

    private static func write(_ node: Node, markers: Set<Int>, style: Style, into out: inout String) {
        // A block collection starts where its first child does; the marker belongs to the child.
        let isBlockCollection = node.scalar == nil && node.collectionStyle == .block
        if markers.contains(node.range.start.offset), !isBlockCollection { out.append(RuleExample.marker) }
        switch node.resolved.kind {
        case .scalar(let scalar):
            out += scalarText(scalar, style: style)
        case .sequence(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                write(item, markers: markers, style: style, into: &out)
            }
            out += "]"
        case .mapping:
            out += "{"
            // Raw entries: duplicates must survive for the duplicate-key rule.
            for (index, entry) in (node.resolved.entries ?? []).enumerated() {
                if index > 0 { out += ", " }
                if markers.contains(entry.key.range.start.offset) { out.append(RuleExample.marker) }
                out += quoted(entry.keyText ?? "")
                out += ": "
                write(entry.value, markers: markers, style: style, into: &out)
            }
            out += "}"
        case .alias:
            out += "null"
        }
    }

    private static func scalarText(_ scalar: Scalar, style: Style) -> String {
        switch scalar.value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .bigInt(let text): return text
        case .float(let number):
            if number.isNaN { return style == .json ? "NaN" : ".nan" }
            if number.isInfinite { return style == .json ? (number < 0 ? "-Infinity" : "Infinity") : (number < 0 ? "-.inf" : ".inf") }
            return ScalarValue.float(number).pythonRepr
        case .string(let text), .timestamp(let text): return quoted(text)
        }
    }

    /// Double-quoted strings read the same in JSON and YAML.
    private static func quoted(_ text: String) -> String {
        var out = ""
        JSONValue.quote(text, into: &out)
        return out
    }
}
