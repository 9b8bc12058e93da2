import GradienceSyntax
/// Edits inside flow collections: all of JSON, and YAML's `{a: 1}` / `[q_proj, v_proj]`.
/// New children copy the collection's layout: one per line at the existing children's
/// indentation, or all on one line.
extension EditPlanner {
    /// How a flow collection lays out its children, judged from the children themselves.
    func flowLayout(of collection: Node, children: [Node]) -> ValueRenderer.FlowLayout {
        let opening = collection.range.start.offset
        for child in children where !geometry.sameLine(opening, child.range.start.offset) {
            guard geometry.startsItsLine(child.range.start.offset) else { return .singleLine }
            return .multiLine(indent: String(decoding: geometry.indentation(ofLineAt: child.range.start.offset), as: UTF8.self))
        }
        return .singleLine
    }

    func children(of collection: Node) -> [Node] {
        collection.entries?.map(\.key) ?? collection.items ?? []
    }

    /// A value inside a flow collection. A new collection is laid out like its parent:
    /// in indented JSON `{}` becomes an indented multi-line object, on one line it stays on one line.
    func flowReplace(_ node: Node, in parent: Node, with value: EditValue) -> TextEdit {
        let text: String
        if value.isCollection {
            var layout = flowLayout(of: parent, children: children(of: parent))
            if case .multiLine = layout {
                layout = .multiLine(indent: String(decoding: geometry.indentation(ofLineAt: node.range.start.offset), as: UTF8.self))
            }
            text = renderer.flow(sortedIfJSON(value), layout: layout)
        } else {
            text = renderer.scalar(value, inFlow: true, keeping: keptQuote(of: node, for: value))
        }
        return TextEdit(range: node.range.bytes, replacement: text)
    }

    /// The quotes of a replaced string, kept when the new value is a string too.
    func keptQuote(of node: Node, for value: EditValue) -> ScalarStyle? {
        guard case .string = value, let style = node.scalar?.style, style.isQuoted, !node.isAlias else { return nil }
        return style
    }

    func sortedIfJSON(_ value: EditValue) -> EditValue {
        if case .mapping(let entries) = value { return .mapping(inFileOrder(entries)) }
        return value
    }

    /// New entries at the end, or, in key-sorted JSON, each before the first larger key.
    func flowAppend(_ entries: [(key: String, value: EditValue)], to mapping: Node, _ existing: [MappingEntry]) -> [TextEdit] {
        let layout = flowLayout(of: mapping, children: existing.map(\.key))
        let keys = existing.map { $0.keyText ?? "" }
        let sorted = style.isJSON && style.sortsJSONKeys && FileStyle.isSorted(keys)
        var groups: [Int: [String]] = [:]  // existing index to insert before (count = at the end)
        for entry in entries {
            let position = sorted ? (keys.firstIndex { FileStyle.precedes(entry.key, $0) } ?? keys.count) : keys.count
            groups[position, default: []].append(renderer.flowEntry(key: entry.key, value: entry.value, layout: layout))
        }
        return groups.keys.sorted().map { position in
            let rendered = groups[position]!
            if position == existing.count {
                let end = existing[existing.count - 1].value.range.end.offset
                switch layout {
                case .singleLine:
                    return TextEdit(range: end..<end, replacement: rendered.map { ", " + $0 }.joined())
                case .multiLine(let indent):
                    return TextEdit(range: end..<end, replacement: rendered.map { "," + lineBreak + indent + $0 }.joined())
                }
            }
            let before = existing[position].key.range.start.offset
            if case .multiLine(let indent) = layout, geometry.startsItsLine(before) {
                let lineStart = geometry.lineStart(of: before)
                return TextEdit(range: lineStart..<lineStart, replacement: rendered.map { indent + $0 + "," + lineBreak }.joined())
            }
            return TextEdit(range: before..<before, replacement: rendered.map { $0 + ", " }.joined())
        }
    }

    /// Removes a child with one neighbouring comma: the one after it, or for the last
    /// child the one before it. The only child leaves `{}` / `[]`.
    func flowRemoveChild(at position: Int, spans: [Range<Int>], of collection: Node) -> TextEdit {
        if spans.count == 1 {
            return TextEdit(range: collection.range.bytes, replacement: collection.entries != nil ? "{}" : "[]")
        }
        if position < spans.count - 1 {
            return TextEdit(range: spans[position].lowerBound..<spans[position + 1].lowerBound, replacement: [])
        }
        return TextEdit(range: spans[position - 1].upperBound..<spans[position].upperBound, replacement: [])
    }
}
