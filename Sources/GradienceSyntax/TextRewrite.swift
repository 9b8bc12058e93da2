/// A copy of a file's text that libyaml reads in place of the original, made of small
/// local edits, with the map from the copy's positions back to the original's.
///
/// Two rewrites use it: surrogate-pair escapes shortened to one `\U` escape
/// (`SurrogateEscapes`), and JSON keys that libyaml would not take as implicit keys made
/// explicit with `? ` (`JSONExplicitKeys`). Neither changes what Python loads, and no
/// edit spans a line break, so lines agree between the two texts and only the
/// character index, the column and the byte offset need mapping. Every node keeps the
/// original's positions, so the Transformer edits the file's own bytes.
struct TextRewrite: Sendable {
    /// The text libyaml reads.
    let bytes: [UInt8]
    /// The edits in text order.
    private let edits: [Edit]

    /// One edit: a run of the original replaced by a run of the copy, in libyaml's
    /// character indexes (after any BOM) and in bytes.
    private struct Edit: Sendable {
        let rewrittenStart: Int, rewrittenEnd: Int
        let originalStart: Int, originalEnd: Int
        let rewrittenByteStart: Int, rewrittenByteEnd: Int
        let originalByteStart: Int, originalByteEnd: Int
        /// The 0-based line (libyaml's count) the edit sits on.
        let line: Int
        /// The character shift (original − copy) where that line starts: the shift of the
        /// last edit on an earlier line, so a column is mapped without a walk over the line.
        let shiftAtLineStart: Int
    }

    /// The original character index and column of a libyaml mark in the copy. A mark
    /// inside an edit maps into the original run (clamped), so a mark on an inserted `? `
    /// names the key it was put before.
    func original(index: Int, line: Int, column: Int) -> (index: Int, column: Int) {
        guard let edit = lastEdit(startingAtOrBefore: index, \.rewrittenStart) else { return (index, column) }
        let mapped = index >= edit.rewrittenEnd
            ? edit.originalEnd + (index - edit.rewrittenEnd)
            : edit.originalStart + min(index - edit.rewrittenStart, edit.originalEnd - edit.originalStart)
        // An edit on an earlier line shifts this whole line alike: the column stays.
        guard edit.line == line else { return (mapped, column) }
        return (mapped, column + (mapped - index) - edit.shiftAtLineStart)
    }

    /// The original byte offset of a byte offset in the copy (libyaml's reader errors).
    func originalByteOffset(_ offset: Int) -> Int {
        guard let edit = lastEdit(startingAtOrBefore: offset, \.rewrittenByteStart) else { return offset }
        if offset >= edit.rewrittenByteEnd { return edit.originalByteEnd + (offset - edit.rewrittenByteEnd) }
        return edit.originalByteStart + min(offset - edit.rewrittenByteStart, edit.originalByteEnd - edit.originalByteStart)
    }

    /// Binary search: the edits are ascending in both coordinates.
    private func lastEdit(startingAtOrBefore position: Int, _ start: KeyPath<Edit, Int>) -> Edit? {
        var low = 0, high = edits.count
        while low < high {
            let middle = (low + high) / 2
            if edits[middle][keyPath: start] <= position { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : edits[low - 1]
    }

    /// Copies `original` with the edits the two rewrites call for: every escaped
    /// surrogate pair shortened to its `\U` escape when `shortenSurrogatePairs`, and `? `
    /// inserted at each offset of `explicitKeyOffsets` (ascending, each the opening quote
    /// of a key). Nil when nothing changed. One pass, linear in the text.
    static func make(_ original: [UInt8], bom: Bool, shortenSurrogatePairs: Bool, explicitKeyOffsets: [Int] = []) -> TextRewrite? {
        var output: [UInt8] = []
        output.reserveCapacity(original.count + 2 * explicitKeyOffsets.count)
        var edits: [Edit] = []
        var characterIndex = 0  // in the copy, as libyaml counts (after the BOM)
        var shift = 0           // original − copy, in characters
        var shiftAtLineStart = 0
        var line = 0
        var index = bom ? 3 : 0
        if bom { output += original[0..<3] }
        var nextKey = 0
        var backslashes = 0

        func record(rewrittenLength: Int, originalLength: Int, originalBytes: Int, rewrittenBytes: [UInt8]) {
            edits.append(Edit(rewrittenStart: characterIndex, rewrittenEnd: characterIndex + rewrittenLength,
                              originalStart: characterIndex + shift, originalEnd: characterIndex + shift + originalLength,
                              rewrittenByteStart: output.count, rewrittenByteEnd: output.count + rewrittenBytes.count,
                              originalByteStart: index, originalByteEnd: index + originalBytes,
                              line: line, shiftAtLineStart: shiftAtLineStart))
            output += rewrittenBytes
            characterIndex += rewrittenLength
            shift += originalLength - rewrittenLength
        }

        while index < original.count {
            if nextKey < explicitKeyOffsets.count, explicitKeyOffsets[nextKey] == index {
                record(rewrittenLength: 2, originalLength: 0, originalBytes: 0, rewrittenBytes: [UInt8(ascii: "?"), 0x20])
                nextKey += 1
            }
            let byte = original[index]
            // Only escapes after an even run of backslashes count (`\\ud83d` is a backslash and text).
            if shortenSurrogatePairs, byte == UInt8(ascii: "\\"), backslashes % 2 == 0, let scalar = SurrogateEscapes.pair(original, at: index) {
                record(rewrittenLength: 10, originalLength: 12, originalBytes: 12, rewrittenBytes: Array(("\\U" + SurrogateEscapes.hex(scalar, width: 8)).utf8))
                index += 12
                backslashes = 0
                continue
            }
            backslashes = byte == UInt8(ascii: "\\") ? backslashes + 1 : 0
            // libyaml's line breaks: LF, CR (CRLF once), NEL, LS and PS.
            let breaksLine = byte == 0x0A || (byte == 0x0D && (index + 1 == original.count || original[index + 1] != 0x0A))
                || (byte == 0xC2 && index + 1 < original.count && original[index + 1] == 0x85)
                || (byte == 0xE2 && index + 2 < original.count && original[index + 1] == 0x80 && (original[index + 2] == 0xA8 || original[index + 2] == 0xA9))
            if byte & 0xC0 != 0x80 { characterIndex += 1 }
            output.append(byte)
            index += 1
            if breaksLine {
                // A multi-byte break is counted once its first byte is copied; its other bytes follow unchanged.
                line += 1
                shiftAtLineStart = shift
            }
        }
        return edits.isEmpty ? nil : TextRewrite(bytes: output, edits: edits)
    }
}
