import GradienceSyntax
/// Writes `EditValue`s as text in the file's style: JSON, YAML flow or YAML block.
struct ValueRenderer {
    let style: FileStyle

    /// How a flow collection lays out its children: on one line, or one per line with
    /// the children one indentation step deeper than `indent` (the opening line's indent).
    enum FlowLayout {
        case singleLine
        case multiLine(indent: String)
    }

    // MARK: scalars

    func scalar(_ value: EditValue, inFlow: Bool, keeping previous: ScalarStyle? = nil) -> String {
        switch value {
        case .int(let number): return String(number)
        case .float(let number): return style.isJSON ? PythonFloatFormat.json(number) : PythonFloatFormat.yaml(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .string(let text): return string(text, inFlow: inFlow, keeping: previous)
        case .strings, .mapping: return flow(value, layout: .singleLine)
        }
    }

    /// A string as a key or value. A replaced quoted scalar keeps its quotes; a new one
    /// is quoted only when it must be, with the file's preferred quote.
    func string(_ text: String, inFlow: Bool, keeping previous: ScalarStyle? = nil) -> String {
        if style.isJSON { return JSONStringEscaping.quoted(text) }
        switch previous {
        case .singleQuoted?: return YAMLScalarQuoting.singleQuoted(text) ?? YAMLScalarQuoting.doubleQuoted(text)
        case .doubleQuoted?: return YAMLScalarQuoting.doubleQuoted(text)
        default:
            guard YAMLScalarQuoting.needsQuotes(text, inFlow: inFlow) else { return text }
            if style.preferredQuote == .doubleQuoted { return YAMLScalarQuoting.doubleQuoted(text) }
            return YAMLScalarQuoting.singleQuoted(text) ?? YAMLScalarQuoting.doubleQuoted(text)
        }
    }

    // MARK: flow (JSON, and YAML `{}` / `[]`)

    func flowEntry(key: String, value: EditValue, layout: FlowLayout) -> String {
        string(key, inFlow: true) + ": " + flowValue(value, layout: layout)
    }

    /// A value inside a flow collection; `layout` carries the indentation of its line.
    func flowValue(_ value: EditValue, layout: FlowLayout) -> String {
        value.isCollection ? flow(value, layout: layout) : scalar(value, inFlow: true)
    }

    /// A collection in flow style; empty ones are `{}` / `[]` as `json.dumps` writes them.
    func flow(_ value: EditValue, layout: FlowLayout) -> String {
        let children: [String]
        let open: String, close: String
        let childLayout: FlowLayout
        switch layout {
        case .singleLine: childLayout = .singleLine
        case .multiLine(let indent): childLayout = .multiLine(indent: indent + style.indentUnit)
        }
        switch value {
        case .strings(let items):
            (open, close) = ("[", "]")
            children = items.map { string($0, inFlow: true) }
        case .mapping(let entries):
            (open, close) = ("{", "}")
            children = entries.map { flowEntry(key: $0.key, value: $0.value, layout: childLayout) }
        default:
            return scalar(value, inFlow: true)
        }
        if children.isEmpty { return open + close }
        switch layout {
        case .singleLine:
            return open + children.joined(separator: ", ") + close
        case .multiLine(let indent):
            let inner = indent + style.indentUnit
            let body = children.map { inner + $0 }.joined(separator: "," + style.lineBreak)
            return open + style.lineBreak + body + style.lineBreak + indent + close
        }
    }

    // MARK: YAML block

    /// The lines of `key: value` with the key at `indent` (no line breaks included).
    func blockEntry(key: String, value: EditValue, indent: String) -> [String] {
        let head = indent + string(key, inFlow: false) + ":"
        if !value.isCollection || value.isEmptyCollection {
            return [head + " " + scalar(value, inFlow: false)]
        }
        return [head] + blockBody(value, keyIndent: indent)
    }

    /// The nested lines of a collection whose key sits at `keyIndent`; `childIndent`
    /// overrides where its entries or dashes go (to copy a block being replaced).
    func blockBody(_ value: EditValue, keyIndent: String, childIndent: String? = nil) -> [String] {
        switch value {
        case .mapping(let entries):
            let indent = childIndent ?? keyIndent + style.indentUnit
            return entries.flatMap { blockEntry(key: $0.key, value: $0.value, indent: indent) }
        case .strings(let items):
            let dashIndent = childIndent ?? keyIndent + style.sequenceIndent
            return items.map { dashIndent + "- " + string($0, inFlow: false) }
        default:
            return []
        }
    }
}
