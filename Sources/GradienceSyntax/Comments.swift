/// A YAML comment: from its `#` to the end of its line.
public struct Comment: Sendable {
    /// From the `#` to the end of the line, line break excluded.
    public let range: SourceRange
    /// Everything after the `#`.
    public let text: String
    /// Whether only whitespace precedes the `#` on its line.
    public let isOwnLine: Bool
}

/// Finds the comments of a parsed YAML file.
///
/// libyaml drops comments, so they are recovered from the bytes. A `#` starts a comment
/// only at the start of a line or after a space or tab (YAML 1.2 §6.6), and never inside
/// a scalar: `key: "a # b"`, `key: 'a # b'`, `url: http://x#frag` and the lines of a
/// `|` block scalar hold no comment. The parsed tree says where every scalar is, so no
/// second YAML scanner is needed. JSON has no comments; files that do not parse have
/// no tree to trust, so both give none.
public enum Comments {
    public static func scan(_ file: ParsedFile) -> [Comment] {
        let source = file.source
        guard !source.isJSON, file.problem == nil else { return [] }
        let bytes = source.bytes
        // Most configs have no `#` at all: skip collecting the scalar spans.
        guard bytes.contains(UInt8(ascii: "#")) else { return [] }
        let insideScalars = scalarSpans(file)
        var comments: [Comment] = []
        var spanIndex = 0
        var offset = source.hasBOM ? 3 : 0
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == UInt8(ascii: "#") else { offset += 1; continue }
            while spanIndex < insideScalars.count, insideScalars[spanIndex].upperBound <= offset { spanIndex += 1 }
            if spanIndex < insideScalars.count, insideScalars[spanIndex].contains(offset) {
                offset = insideScalars[spanIndex].upperBound
                continue
            }
            let line = source.line(containing: offset)
            let lineStart = line == 1 && source.hasBOM ? 3 : source.lineStarts[line - 1]
            // `a#b` is one plain scalar; only a `#` after whitespace (or at a line start) comments.
            guard offset == lineStart || bytes[offset - 1] == 0x20 || bytes[offset - 1] == 0x09 else {
                offset += 1
                continue
            }
            let end = source.lineRange(line).upperBound
            let ownLine = bytes[lineStart..<offset].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            comments.append(Comment(range: SourceRange(start: source.mark(atOffset: offset), end: source.mark(atOffset: end)),
                                    text: source.text(offset + 1..<end), isOwnLine: ownLine))
            offset = end
        }
        return comments
    }

    /// Byte spans no comment can start in, sorted and merged. A block scalar's header line
    /// (`key: |  # note`) may carry a comment; its content lines cannot.
    package static func scalarSpans(_ file: ParsedFile) -> [Range<Int>] {
        let source = file.source
        var spans: [Range<Int>] = []
        var stack = file.documents
        while let node = stack.popLast() {
            switch node.kind {
            case .scalar(let scalar):
                var start = node.range.start.offset
                if scalar.style == .literal || scalar.style == .folded {
                    let headerLine = source.line(containing: start)
                    start = headerLine < source.lineStarts.count ? source.lineStarts[headerLine] : node.range.end.offset
                }
                if start < node.range.end.offset { spans.append(start..<node.range.end.offset) }
            case .mapping(let entries):
                for entry in entries { stack.append(entry.key); stack.append(entry.value) }
            case .sequence(let items):
                stack.append(contentsOf: items)
            case .alias:
                break
            }
        }
        spans.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for span in spans {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
