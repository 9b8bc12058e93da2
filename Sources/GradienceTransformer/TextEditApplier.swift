/// Applies byte edits to a buffer. Edits that conflict with an earlier one in the list
/// are not applied but handed back, to be recomputed on the re-parsed text next round.
public enum TextEditApplier {
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> (bytes: [UInt8], deferred: [TextEdit]) {
        let inBounds = edits.allSatisfy { $0.range.lowerBound >= 0 && $0.range.upperBound <= bytes.count }
        // A complete pattern's fix is thousands of renames that touch nothing of each
        // other: one sort proves it, instead of comparing every pair.
        if inBounds, !TextEdit.mayConflict(edits) { return (spliced(edits, into: bytes), []) }
        var accepted: [TextEdit] = []
        var deferred: [TextEdit] = []
        for edit in edits {
            let inBounds = edit.range.lowerBound >= 0 && edit.range.upperBound <= bytes.count
            if !inBounds || accepted.contains(where: { $0.conflicts(with: edit) }) {
                deferred.append(edit)
            } else {
                accepted.append(edit)
            }
        }
        return (spliced(accepted, into: bytes), deferred)
    }

    /// The buffer with non-conflicting edits applied, built in one pass (replacing in
    /// place would move the tail once per edit).
    private static func spliced(_ edits: [TextEdit], into bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.replacement.count })
        var position = 0
        for edit in edits.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            result += bytes[position..<edit.range.lowerBound]
            result += edit.replacement
            position = edit.range.upperBound
        }
        result += bytes[position...]
        return result
    }
}
