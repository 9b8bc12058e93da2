/// Applies byte edits to a buffer. Edits that conflict with an earlier one in the list
/// are not applied but handed back, to be recomputed on the re-parsed text next round.
public enum TextEditApplier {
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> (bytes: [UInt8], deferred: [TextEdit]) {
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
        var result = bytes
        // Back to front, so earlier offsets stay valid.
        for edit in accepted.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            result.replaceSubrange(edit.range, with: edit.replacement)
        }
        return (result, deferred)
    }
}
