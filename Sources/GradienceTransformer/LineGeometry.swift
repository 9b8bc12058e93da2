import GradienceSyntax
/// Line-level facts about offsets in a file's bytes, as the editing code needs them.
/// Line 1 starts after any BOM, so columns and indentation never count its bytes.
struct LineGeometry {
    let source: SourceText
    var bytes: [UInt8] { source.bytes }

    func lineStart(of offset: Int) -> Int {
        let start = source.lineStarts[source.line(containing: offset) - 1]
        return start == 0 && source.hasBOM ? 3 : start
    }

    /// End of the line holding `offset`, before its line break.
    func lineContentEnd(of offset: Int) -> Int {
        source.lineRange(source.line(containing: offset)).upperBound
    }

    /// Start of the next line, or the end of the file when `offset` is on the last line.
    func nextLineStart(after offset: Int) -> Int {
        let line = source.line(containing: offset)
        return line < source.lineStarts.count ? source.lineStarts[line] : bytes.count
    }

    /// Byte column (0-based) of an offset: the width of what precedes it on its line.
    func column(of offset: Int) -> Int { offset - lineStart(of: offset) }

    /// The whitespace that starts the line holding `offset`, verbatim (tabs kept).
    func indentation(ofLineAt offset: Int) -> [UInt8] {
        var end = lineStart(of: offset)
        let start = end
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return Array(bytes[start..<end])
    }

    /// Whether only whitespace precedes `offset` on its line.
    func startsItsLine(_ offset: Int) -> Bool {
        bytes[lineStart(of: offset)..<offset].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    func sameLine(_ a: Int, _ b: Int) -> Bool { source.line(containing: a) == source.line(containing: b) }

    /// Where a node's text really ends: block scalars (`|`, `>`) and the collections that
    /// end with one own the line breaks after their last line; those stay untouched.
    func contentEnd(of node: Node) -> Int {
        var end = node.range.end.offset
        let start = node.range.start.offset
        while end > start, [0x0A, 0x0D, 0x20, 0x09].contains(bytes[end - 1]) { end -= 1 }
        return end
    }

    /// Back over spaces from `offset` (to just after a `:` or `- `).
    func skipSpacesBackward(from offset: Int) -> Int {
        var index = offset
        while index > 0, bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 { index -= 1 }
        return index
    }

    /// Offset just after the `:` that follows a block mapping key.
    func afterColon(followingKey key: Node) -> Int? {
        var index = key.range.end.offset
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        return index + 1
    }
}
