import GradienceSyntax
/// LSP positions: a 0-based line and a 0-based character offset counted in UTF-16 code
/// units (the protocol's default and the one every client supports). The tree keeps byte
/// offsets; these convert between the two on the document's own bytes, so a diagnostic's
/// columns stay right on lines holding `é`, `中` or an emoji (two UTF-16 units).
public struct LSPPosition: Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    public init?(_ json: JSONValue?) {
        guard let line = json?["line"]?.intValue, let character = json?["character"]?.intValue else { return nil }
        self.init(line: line, character: character)
    }

    public var description: String { "\(line):\(character)" }
}

extension SourceText {
    /// The LSP position of a byte offset (one inside a multi-byte scalar counts as its start).
    public func lspPosition(ofOffset offset: Int) -> LSPPosition {
        let clamped = max(0, min(offset, bytes.count))
        let line = self.line(containing: clamped)
        var character = 0
        var index = lineStarts[line - 1]
        while index < clamped {
            let length = Self.scalarLength(bytes[index])
            if index + length > clamped { break }
            character += length == 4 ? 2 : 1
            index += length
        }
        return LSPPosition(line: line - 1, character: character)
    }

    /// The byte offset of an LSP position. As the protocol says, a character past the end
    /// of its line means the line's end, and a line past the last one the end of the text.
    public func offset(of position: LSPPosition) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineStarts.count else { return bytes.count }
        let end = lineRange(position.line + 1).upperBound
        var index = lineStarts[position.line]
        var character = 0
        while index < end, character < position.character {
            let length = Self.scalarLength(bytes[index])
            // A position between a surrogate pair's halves names the scalar's start.
            if length == 4, character + 2 > position.character { break }
            character += length == 4 ? 2 : 1
            index = min(end, index + length)
        }
        return index
    }

    public func lspRange(_ bytes: Range<Int>) -> JSONValue {
        .object([("start", lspPosition(ofOffset: bytes.lowerBound).json), ("end", lspPosition(ofOffset: bytes.upperBound).json)])
    }

    /// UTF-8 sequence length from its lead byte; a stray continuation byte counts alone.
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}
