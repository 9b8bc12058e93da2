/// One byte-range replacement on a file's original bytes.
public struct TextEdit: Equatable, Sendable {
    public let range: Range<Int>
    public let replacement: [UInt8]

    public init(range: Range<Int>, replacement: [UInt8]) {
        self.range = range
        self.replacement = replacement
    }

    public init(range: Range<Int>, replacement: String) {
        self.init(range: range, replacement: Array(replacement.utf8))
    }

    /// Whether two edits touch the same bytes. Two insertions at one offset, or an
    /// insertion at the edge of a replacement, conflict too: their order would be a guess.
    public func conflicts(with other: TextEdit) -> Bool {
        if range.isEmpty || other.range.isEmpty {
            return range.lowerBound <= other.range.upperBound && other.range.lowerBound <= range.upperBound
        }
        return range.lowerBound < other.range.upperBound && other.range.lowerBound < range.upperBound
    }
}
