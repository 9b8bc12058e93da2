import GradienceRules
/// A finding's message as ruff and rustc show one: a short first line (the title), then
/// `note:` lines that explain and `help:` lines that say what to do. Rules write one
/// sentence (SARIF, JSON and the baseline keep it whole); the shape is derived here, in
/// one place, so no rule has to be rewritten for it.
///
/// The title ends at the first clause boundary outside quotes, brackets and backticks:
/// a `; `, or — when the title would still be long — a `: `. Each later `; ` starts a
/// new line. A clause that proposes something (`did you mean …`, `remove …`) is help.
public struct MessageShape: Equatable, Sendable {
    public var title: String
    public var notes: [String]
    public var help: [String]

    /// Longer titles are cut at their first `: ` as well.
    static let longTitle = 80

    public init(title: String, notes: [String] = [], help: [String] = []) {
        self.title = title
        self.notes = notes
        self.help = help
    }

    public init(_ message: String) {
        var clauses = Self.split(message, at: "; ")
        var title = clauses.removeFirst()
        if title.count > Self.longTitle {
            let parts = Self.split(title, at: ": ", limit: 1)
            if parts.count == 2 {
                title = parts[0]
                clauses.insert(parts[1], at: 0)
            }
        }
        self.title = title
        notes = clauses.filter { !Self.isAdvice($0) }
        help = clauses.filter(Self.isAdvice)
    }

    /// The title, then `note: …` and `help: …` lines (the language server's message).
    public var lines: [String] {
        [title] + notes.map { "note: " + $0 } + help.map { "help: " + $0 }
    }

    /// Clauses that tell the reader what to do rather than why.
    static func isAdvice(_ clause: String) -> Bool {
        let lowered = clause.lowercased()
        return ["did you mean", "remove ", "rename ", "write ", "use ", "run ", "give ", "set ", "add "].contains { lowered.hasPrefix($0) }
    }

    /// `text` cut at `separator` wherever it stands outside '…', "…", `…`, (…), […] and {…}.
    static func split(_ text: String, at separator: String, limit: Int = .max) -> [String] {
        var parts: [String] = []
        var depth = 0
        var quote: Character?
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "`" {
                quote = character
            } else if character == "'", isQuoteStart(text, at: index) {
                quote = "'"
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                depth = max(0, depth - 1)
            } else if depth == 0, parts.count < limit, text[index...].hasPrefix(separator) {
                parts.append(String(text[start..<index]))
                index = text.index(index, offsetBy: separator.count)
                start = index
                continue
            }
            index = text.index(after: index)
        }
        parts.append(String(text[start...]))
        let nonEmpty = parts.filter { !$0.isEmpty }
        return nonEmpty.isEmpty ? [text] : nonEmpty
    }

    /// An apostrophe inside a word (`model's`) opens no quote.
    private static func isQuoteStart(_ text: String, at index: String.Index) -> Bool {
        guard index > text.startIndex else { return true }
        let before = text[text.index(before: index)]
        return !(before.isLetter || before.isNumber)
    }
}

extension Diagnostic {
    /// The message in its short-first-line shape (see `MessageShape`).
    public var shape: MessageShape {
        var shape = MessageShape(message)
        shape.notes += notes
        shape.help += help
        return shape
    }
}
