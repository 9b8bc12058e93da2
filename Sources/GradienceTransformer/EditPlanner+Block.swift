import GradienceSyntax
/// Edits in YAML block collections. They work on whole lines: an entry is its key line
/// plus its nested block; comments on other lines stay where they are, and a comment on
/// an edited line stays on that line.
extension EditPlanner {
    private func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

    private func keyIndent(_ key: Node) -> String { spaces(geometry.column(of: key.range.start.offset)) }

    /// A new value for `key: value`. Scalars and empty collections go on the key line; a
    /// populated collection becomes a nested block (a populated flow one stays flow).
    func blockReplaceValue(of entry: MappingEntry, with value: EditValue) throws -> TextEdit {
        let node = entry.value
        let start = node.range.start.offset
        let end = geometry.contentEnd(of: node)
        let inline = !value.isCollection || value.isEmptyCollection
        if value.isCollection && node.collectionStyle == .flow && !children(of: node).isEmpty {
            return TextEdit(range: node.range.bytes, replacement: renderer.flow(value, layout: .singleLine))
        }
        let scalarText = inline ? renderer.scalar(value, inFlow: false, keeping: keptQuote(of: node, for: value)) : ""
        let body = inline ? [] : renderer.blockBody(value, keyIndent: keyIndent(entry.key), childIndent: blockChildIndent(of: node, for: value))
        let nested = lineBreak + body.joined(separator: lineBreak)
        if geometry.sameLine(entry.key.range.start.offset, start) {
            if inline {
                // An empty value sits right after the `:`; it needs its own space.
                let lead = node.range.bytes.isEmpty && start > 0 && bytes[start - 1] != 0x20 ? " " : ""
                return TextEdit(range: start..<end, replacement: lead + scalarText)
            }
            // `key: {}  # note` → `key:  # note` + the nested lines.
            let lineEnd = geometry.lineContentEnd(of: end)
            return TextEdit(range: geometry.skipSpacesBackward(from: start)..<lineEnd, replacement: text(end..<lineEnd) + nested)
        }
        // The old value starts on a later line (a nested block): replace everything after
        // the `:`, keeping a comment on the key line.
        guard let afterColon = geometry.afterColon(followingKey: entry.key) else {
            throw Unsupported(reason: "the key's ':' is not on the key's line")
        }
        let keyLineTail = text(afterColon..<geometry.lineContentEnd(of: afterColon))
        let replacement = inline ? " " + scalarText + keyLineTail : keyLineTail + nested
        return TextEdit(range: afterColon..<end, replacement: replacement)
    }

    /// The indentation of a block being replaced by one of the same kind, so a rewritten
    /// list or mapping sits exactly where the old one did.
    private func blockChildIndent(of node: Node, for value: EditValue) -> String? {
        guard node.collectionStyle == .block, !node.isAlias else { return nil }
        switch value {
        case .mapping where node.entries != nil, .strings where node.items != nil:
            return spaces(geometry.column(of: node.range.start.offset))
        default:
            return nil
        }
    }

    /// A new value for a block sequence item, kept on the `- ` line (collections in flow).
    func blockReplaceItem(_ node: Node, with value: EditValue) -> TextEdit {
        let start = node.range.start.offset
        let text = value.isCollection ? renderer.flow(value, layout: .singleLine)
                                      : renderer.scalar(value, inFlow: false, keeping: keptQuote(of: node, for: value))
        let lead = node.range.bytes.isEmpty && start > 0 && bytes[start - 1] != 0x20 ? " " : ""
        return TextEdit(range: start..<geometry.contentEnd(of: node), replacement: lead + text)
    }

    /// New entries go right after the last entry's last line (after its nested block and
    /// any comment on that line), so comment lines that follow — usually the next
    /// section's header or commented-out options — stay below the mapping.
    func blockAppend(_ entries: [(key: String, value: EditValue)], to mapping: Node, _ existing: [MappingEntry]) -> TextEdit {
        let indent = keyIndent(existing[0].key)
        let insertAt = geometry.lineContentEnd(of: geometry.contentEnd(of: existing[existing.count - 1].value))
        let lines = entries.flatMap { renderer.blockEntry(key: $0.key, value: $0.value, indent: indent) }
        return TextEdit(range: insertAt..<insertAt, replacement: lines.map { lineBreak + $0 }.joined())
    }

    /// Removes an entry's whole lines. The only entry of a mapping leaves `{}`, so the
    /// parent still holds a mapping rather than `None`.
    func blockRemoveEntry(at position: Int, of entries: [MappingEntry]) throws -> TextEdit {
        let entry = entries[position]
        let keyStart = entry.key.range.start.offset
        let end = geometry.contentEnd(of: entry.value)
        if entries.count == 1 { return TextEdit(range: keyStart..<end, replacement: "{}") }
        if geometry.startsItsLine(keyStart) { return TextEdit(range: wholeLines(from: keyStart, through: end), replacement: []) }
        // `- a: 1` / `  b: 2`: the next entry moves up onto the `- ` line.
        guard position + 1 < entries.count else { throw Unsupported(reason: "the entry does not start its own line") }
        return TextEdit(range: keyStart..<entries[position + 1].key.range.start.offset, replacement: [])
    }

    func blockRemoveItem(at position: Int, of items: [Node], in sequence: Node) throws -> TextEdit {
        let item = items[position]
        let end = geometry.contentEnd(of: item)
        let dash = geometry.skipSpacesBackward(from: item.range.start.offset) - 1
        guard dash >= 0, bytes[dash] == UInt8(ascii: "-"), geometry.startsItsLine(dash) else {
            throw Unsupported(reason: "the item does not start its own '- ' line")
        }
        if items.count == 1 { return TextEdit(range: dash..<end, replacement: "[]") }
        return TextEdit(range: wholeLines(from: dash, through: end), replacement: [])
    }

    /// The lines from the one holding `start` to the one holding `end`, with the line
    /// break after them; at the end of a file without a final newline, the break before
    /// them instead, so the file still ends without one.
    private func wholeLines(from start: Int, through end: Int) -> Range<Int> {
        let first = geometry.lineStart(of: start)
        let after = geometry.nextLineStart(after: end)
        let endsWithBreak = after > 0 && (bytes[after - 1] == 0x0A || bytes[after - 1] == 0x0D)
        if after == bytes.count && !endsWithBreak && first > 0 {
            return geometry.lineContentEnd(of: first - 1)..<after
        }
        return first..<after
    }
}
