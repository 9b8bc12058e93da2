/// Text that came from a file, a file name or a setting, made safe to print.
///
/// A config's keys, its module names, its source lines and the names of files and folders
/// are whatever a repository says: an ESC or a C1 control sets a terminal's title or clears
/// its screen, a newline starts a line of its own, and a line that starts with `::` is a
/// workflow command to a CI runner (`::add-mask::`, `::stop-commands::`, `::error …`).
/// So every such text is escaped where it is printed: control characters become visible
/// escapes in Python's spelling (`\x1b`, `\n`, `\x9b`, `\u202e`), and no printed line starts
/// with `::`. `--format github` also percent-encodes its data (`GitHubReport`); JSON and
/// SARIF escape control characters by their own grammar.
public enum TerminalEscaping {
    /// One field of data (a path, a key, a module name, a message): every control character
    /// escaped, line breaks included, so it stays on the line it is printed on.
    public static func escape(_ text: String) -> String {
        guard needsEscaping(text, keepingLineBreaks: false) else { return guardCommandLines(text) }
        return guardCommandLines(escaped(text, keepingLineBreaks: false))
    }

    /// Text the tool laid out in lines itself (a report, a note with data in it): control
    /// characters escaped except its `\n` line breaks, and a line that would start with
    /// `::` gets its first colon escaped, so no data can pass for a workflow command.
    public static func escapeLines(_ text: String) -> String {
        guard needsEscaping(text, keepingLineBreaks: true) else { return guardCommandLines(text) }
        return guardCommandLines(escaped(text, keepingLineBreaks: true))
    }

    /// Data for a GitHub workflow command: control characters escaped except CR and LF,
    /// which `GitHubReport` percent-encodes as GitHub's toolkit does (`%0D`, `%0A`).
    public static func escapeForWorkflowCommand(_ text: String) -> String {
        guard needsEscaping(text, keepingLineBreaks: true) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isEscaped(scalar.value) && scalar != "\n" && scalar != "\r" {
                out.append(contentsOf: escapeSequence(scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether a scalar is shown as an escape: C0 controls, DEL, C1 controls, the line and
    /// paragraph separators, and the bidirectional overrides and isolates (which reorder what
    /// a reader sees: "Trojan Source").
    static func isEscaped(_ value: UInt32) -> Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The escape for one scalar, as Python's `repr` writes it.
    static func escapeSequence(_ value: UInt32) -> String {
        switch value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        default:
            let hex = String(value, radix: 16)
            if value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// A fast test on the UTF-8 bytes: most text has nothing to escape.
    private static func needsEscaping(_ text: String, keepingLineBreaks: Bool) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 && !(keepingLineBreaks && byte == 0x0A) { return true }
            if byte == 0x7F { return true }
            // C1 controls are C2 80…C2 9F; U+2028…U+202E are E2 80 A8…AE; U+2066…U+2069 are E2 81 A6…A9.
            if previous == 0xC2 && (0x80...0x9F).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x80 && (0xA8...0xAE).contains(byte) { return true }
            if beforePrevious == 0xE2 && previous == 0x81 && (0xA6...0xA9).contains(byte) { return true }
            beforePrevious = previous
            previous = byte
        }
        return false
    }

    private static func escaped(_ text: String, keepingLineBreaks: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isEscaped(scalar.value) && !(keepingLineBreaks && scalar == "\n") {
                out.append(contentsOf: escapeSequence(scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `::` at the start of a line becomes `\x3a:`: no runner reads it as a command.
    private static func guardCommandLines(_ text: String) -> String {
        guard text.hasPrefix("::") || text.contains("\n::") else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices where lines[index].hasPrefix("::") {
            lines[index] = "\\x3a" + lines[index].dropFirst()
        }
        return lines.joined(separator: "\n")
    }
}

/// A stretch of one source line around a finding: what a report quotes of a file. Taken
/// from the file's bytes around the finding's offsets, so a finding on a 1 MB one-line
/// JSON file keeps and prints a few hundred characters, not the line (3,000 findings on
/// one such line kept 3,000 copies of it).
public struct LineExcerpt: Sendable, Equatable {
    /// The line's scalars from `firstColumn` on, as the file spells them (unescaped).
    public var text: String
    /// The 1-based column (in Unicode scalars) of `text`'s first scalar.
    public var firstColumn: Int
    /// The line goes on after `text`.
    public var cutAtEnd: Bool

    /// Scalars kept before the finding's start, and after its end.
    static let before = 60
    static let after = 100
    /// At most this many scalars of the finding itself.
    static let spanLimit = 200

    public init(text: String, firstColumn: Int, cutAtEnd: Bool) {
        self.text = text
        self.firstColumn = firstColumn
        self.cutAtEnd = cutAtEnd
    }

    /// The excerpt of `source` around `range` (on the line `range` starts on); nil when the
    /// file has no such line or no bytes (an oversized file is reported without being read).
    public init?(_ source: SourceText, around range: SourceRange) {
        let number = range.start.line
        guard !source.bytes.isEmpty, number >= 1, number <= source.lineStarts.count else { return nil }
        let line = source.lineRange(number)
        // Columns are counted after a BOM (`SourceText.mark`): the excerpt never holds it.
        let lineStart = number == 1 && source.hasBOM ? min(3, line.upperBound) : line.lowerBound
        let bytes = source.bytes
        let start = max(lineStart, min(range.start.offset, line.upperBound))
        func isLead(_ index: Int) -> Bool { bytes[index] & 0xC0 != 0x80 }
        // Back up to `before` scalars from the start.
        var lower = start, scalarsBack = 0
        while lower > lineStart && scalarsBack < Self.before {
            lower -= 1
            while lower > lineStart && !isLead(lower) { lower -= 1 }
            scalarsBack += 1
        }
        // Forward through the span (at most `spanLimit` scalars), then `after` more.
        let end = range.end.line == number ? max(start, min(range.end.offset, line.upperBound)) : line.upperBound
        var upper = start, scalarsForward = 0, pastEnd = 0
        while upper < line.upperBound {
            if upper >= end { if pastEnd == Self.after { break }; pastEnd += 1 }
            else if scalarsForward == Self.spanLimit { break }
            else { scalarsForward += 1 }
            upper += 1
            while upper < line.upperBound && !isLead(upper) { upper += 1 }
        }
        self.init(text: String(decoding: bytes[lower..<upper], as: UTF8.self),
                  firstColumn: max(1, range.start.column - scalarsBack), cutAtEnd: upper < line.upperBound)
    }

    /// The excerpt as printed, escaped (tabs as one space each), with `…` where the line was
    /// cut, and where the caret underline goes: `caretColumn` (0-based in the printed text)
    /// and `caretWidth`, for the span from `start` to `end` (1-based source columns; `end`
    /// nil when the span runs past this line).
    public func rendered(start: Int, end: Int?) -> (text: String, caretColumn: Int, caretWidth: Int) {
        var out = ""
        var width = 0
        var caretColumn: Int?
        var caretEnd: Int?
        if firstColumn > 1 { out += "…"; width += 1 }
        var column = firstColumn
        for scalar in text.unicodeScalars {
            if column == start { caretColumn = width }
            if let end, column == end { caretEnd = width }
            let piece: String
            if scalar == "\t" { piece = " " }
            else if TerminalEscaping.isEscaped(scalar.value) { piece = TerminalEscaping.escapeSequence(scalar.value) }
            else { piece = String(scalar) }
            out += piece
            width += piece.unicodeScalars.count
            column += 1
        }
        if column == start || caretColumn == nil { caretColumn = caretColumn ?? width }
        if let end, caretEnd == nil, column <= end { caretEnd = width }
        if cutAtEnd { out += "…" }
        let from = caretColumn ?? width
        let to = end.map { _ in caretEnd ?? width } ?? width
        return (out, from, max(1, to - from))
    }
}
