import GradienceSyntax
/// Turns one semantic edit into byte edits for one parsed file. The JSON/YAML-flow and
/// YAML-block specifics live in `EditPlanner+Flow.swift` and `EditPlanner+Block.swift`.
struct EditPlanner {
    /// Why an edit cannot be expressed as text (it is reported, never half-applied).
    struct Unsupported: Error {
        let reason: String
    }

    let file: ParsedFile
    let index: NodeIndex
    let geometry: LineGeometry
    let style: FileStyle
    let renderer: ValueRenderer

    init(file: ParsedFile) {
        self.file = file
        index = NodeIndex(documents: file.documents)
        geometry = LineGeometry(source: file.source)
        style = FileStyle(file: file, index: index, geometry: geometry)
        renderer = ValueRenderer(style: style)
    }

    var bytes: [UInt8] { file.source.bytes }
    var lineBreak: String { style.lineBreak }

    func textEdits(for edit: SemanticEdit) throws -> [TextEdit] {
        switch edit {
        case .renameKey(let entry, let name):
            return [try renameKey(entry, to: name)]
        case .setValue(let node, let value):
            return [try setValue(node, to: value)]
        case .appendEntries(let mapping, let entries):
            return try appendEntries(to: mapping, entries)
        case .createMapping(let parent, let key, let entries):
            return try appendEntries(to: parent, [(key: key, value: .mapping(entries))])
        case .removeEntry(let mapping, let entry):
            return [try removeEntry(entry, from: mapping)]
        case .removeSequenceItem(let sequence, let item):
            return [try removeItem(item, from: sequence)]
        case .removeComment(let offset):
            return [try removeComment(at: offset)]
        case .replaceComment(let offset, let text):
            return [try replaceComment(at: offset, with: text)]
        }
    }

    func place(of node: Node) throws -> NodeIndex.Place {
        guard let place = index.place(of: node) else { throw Unsupported(reason: "the node is not part of this file's tree") }
        return place
    }

    // MARK: the four edit shapes

    private func renameKey(_ entry: MappingEntry, to name: String) throws -> TextEdit {
        let place = try place(of: entry.key)
        guard let scalar = entry.key.scalar, !entry.key.isAlias else { throw Unsupported(reason: "only scalar keys can be renamed") }
        let keep = scalar.style.isQuoted ? scalar.style : nil
        return TextEdit(range: entry.key.range.bytes, replacement: renderer.string(name, inFlow: place.inFlow, keeping: keep))
    }

    private func setValue(_ node: Node, to value: EditValue) throws -> TextEdit {
        let place = try place(of: node)
        switch place.parent {
        case .document:
            throw Unsupported(reason: "replacing a whole document is not an edit")
        case .mappingKey:
            throw Unsupported(reason: "a key is renamed, not set")
        case .mappingValue(let mapping, _) where mapping.collectionStyle == .flow:
            return flowReplace(node, in: mapping, with: value)
        case .sequenceItem(let sequence) where sequence.collectionStyle == .flow:
            return flowReplace(node, in: sequence, with: value)
        case .mappingValue(_, let entry):
            return try blockReplaceValue(of: entry, with: value)
        case .sequenceItem:
            return blockReplaceItem(node, with: value)
        }
    }

    private func appendEntries(to mapping: Node, _ entries: [(key: String, value: EditValue)]) throws -> [TextEdit] {
        _ = try place(of: mapping)
        guard let existing = mapping.entries, !mapping.isAlias else { throw Unsupported(reason: "entries can only be added to a mapping") }
        if entries.isEmpty { return [] }
        let ordered = inFileOrder(entries)
        if existing.isEmpty {
            // Only a flow mapping can be empty; `{}` waiting to be filled is a value to set.
            if case .document = try place(of: mapping).parent {
                return [emptyRootReplacement(mapping, with: .mapping(ordered))]
            }
            return [try setValue(mapping, to: .mapping(ordered))]
        }
        if mapping.collectionStyle == .flow { return flowAppend(ordered, to: mapping, existing) }
        return [blockAppend(ordered, to: mapping, existing)]
    }

    private func removeEntry(_ entry: MappingEntry, from mapping: Node) throws -> TextEdit {
        _ = try place(of: mapping)
        guard let entries = mapping.entries,
              let position = entries.firstIndex(where: { $0.key.range.start.offset == entry.key.range.start.offset })
        else { throw Unsupported(reason: "the entry is not in that mapping") }
        if mapping.collectionStyle == .flow {
            let spans = entries.map { $0.key.range.start.offset..<$0.value.range.end.offset }
            return flowRemoveChild(at: position, spans: spans, of: mapping)
        }
        return try blockRemoveEntry(at: position, of: entries)
    }

    private func removeItem(_ item: Node, from sequence: Node) throws -> TextEdit {
        _ = try place(of: sequence)
        guard let items = sequence.items,
              let position = items.firstIndex(where: { NodeIndex.Key($0) == NodeIndex.Key(item) })
        else { throw Unsupported(reason: "the item is not in that sequence") }
        if sequence.collectionStyle == .flow {
            return flowRemoveChild(at: position, spans: items.map(\.range.bytes), of: sequence)
        }
        return try blockRemoveItem(at: position, of: items, in: sequence)
    }

    // MARK: shared helpers

    /// Sorted JSON stays sorted: new keys (and the keys of new mappings) go in order.
    func inFileOrder(_ entries: [(key: String, value: EditValue)]) -> [(key: String, value: EditValue)] {
        guard style.isJSON && style.sortsJSONKeys else { return entries }
        let nested = entries.map { entry -> (key: String, value: EditValue) in
            if case .mapping(let inner) = entry.value { return (entry.key, .mapping(inFileOrder(inner))) }
            return entry
        }
        // Stable: equal keys keep the caller's order.
        return nested.enumerated().sorted {
            FileStyle.precedes($0.element.key, $1.element.key) || ($0.element.key == $1.element.key && $0.offset < $1.offset)
        }.map(\.element)
    }

    /// `{}` as a whole document: JSON gets `json.dumps(indent=…)` layout, YAML a flow line.
    private func emptyRootReplacement(_ mapping: Node, with value: EditValue) -> TextEdit {
        let layout: ValueRenderer.FlowLayout = style.isJSON ? .multiLine(indent: "") : .singleLine
        return TextEdit(range: mapping.range.bytes, replacement: renderer.flow(value, layout: layout))
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
