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

extension TextEdit {
    /// Whether any two of `edits` may conflict, by one sort: false proves they touch no
    /// common byte (edges that merely meet count as a possible conflict, so the caller's
    /// exact pairwise check decides those).
    public static func mayConflict(_ edits: [TextEdit]) -> Bool {
        guard edits.count > 1 else { return false }
        let sorted = edits.map(\.range).sorted { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        var reach = sorted[0].upperBound
        for range in sorted.dropFirst() {
            if range.lowerBound <= reach { return true }
            reach = max(reach, range.upperBound)
        }
        return false
    }
}
