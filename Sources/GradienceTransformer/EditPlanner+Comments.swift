import GradienceSyntax
/// Comment edits (GL018 removes or trims unused suppressions). A comment is found again
/// by the offset of its `#` in this parse, so an offset that lands inside a quoted
/// scalar or a block scalar is refused rather than cutting a value in half.
extension EditPlanner {
    func removeComment(at offset: Int) throws -> TextEdit {
        let comment = try comment(at: offset)
        let start = comment.range.start.offset, end = comment.range.end.offset
        guard comment.isOwnLine else {
            // `r: 4  # note` keeps `r: 4`.
            return TextEdit(range: geometry.skipSpacesBackward(from: start)..<end, replacement: [])
        }
        let lineStart = geometry.lineStart(of: start)
        let nextLine = geometry.nextLineStart(after: start)
        if nextLine == bytes.count, end == bytes.count, lineStart > 0, source.line(containing: start) > 1 {
            // The last line has no line break: take the one before it, so the file keeps
            // ending the way it did (without a final newline).
            let previousEnd = source.lineRange(source.line(containing: start) - 1).upperBound
            return TextEdit(range: previousEnd..<end, replacement: [])
        }
        return TextEdit(range: lineStart..<nextLine, replacement: [])
    }

    func replaceComment(at offset: Int, with text: String) throws -> TextEdit {
        let comment = try comment(at: offset)
        guard text.hasPrefix("#"), !text.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            throw Unsupported(reason: "a comment starts with '#' and stays on one line")
        }
        return TextEdit(range: comment.range.bytes, replacement: text)
    }

    private var source: SourceText { file.source }

    private func comment(at offset: Int) throws -> Comment {
        guard let comment = Comments.scan(file).first(where: { $0.range.start.offset == offset }) else {
            throw Unsupported(reason: "no comment starts at byte \(offset)")
        }
        return comment
    }
}
