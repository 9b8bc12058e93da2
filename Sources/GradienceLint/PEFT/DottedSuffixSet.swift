/// `name in entries or any(name.endswith("." + e) for e in entries)` without a loop over
/// the entries: `name.endswith("." + e)` holds exactly when `e` is the text after one of
/// the dots in `name`, so looking those few substrings up in a set is equivalent.
enum DottedSuffixSet {
    /// The entry that `name` ends with after a dot, if any (the longest one).
    static func suffixMatch(_ name: String, in entries: Set<String>) -> String? {
        var index = name.startIndex
        while let dot = name[index...].firstIndex(of: ".") {
            let suffix = String(name[name.index(after: dot)...])
            if entries.contains(suffix) { return suffix }
            index = name.index(after: dot)
        }
        return nil
    }

    static func endsWithAny(_ name: String, of entries: Set<String>) -> Bool {
        suffixMatch(name, in: entries) != nil
    }
}
