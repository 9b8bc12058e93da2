/// `name in entries or any(name.endswith("." + e) for e in entries)` without a loop over
/// the entries: `name.endswith("." + e)` holds exactly when `e` is the text after one of
/// the dots in `name`, so looking those few substrings up in a set is equivalent.
///
/// Every such `e` ends with the name's last component, so the set of the entries' last
/// components rejects most names (norms, activations, embeddings) with one lookup of a
/// short string, before any longer suffix is built.
struct DottedSuffixSet {
    let entries: Set<String>
    /// The text after each entry's last dot (the whole entry when it has none).
    private let lastComponents: Set<String>

    init(_ entries: Set<String>) {
        self.entries = entries
        lastComponents = Set(entries.map(Self.lastComponent))
    }

    private static func lastComponent(_ text: String) -> String {
        guard let dot = text.lastIndex(of: ".") else { return text }
        return String(text[text.index(after: dot)...])
    }

    func contains(_ name: String) -> Bool { entries.contains(name) }

    /// The entry that `name` ends with after a dot, if any (the longest one).
    func suffixMatch(_ name: String) -> String? {
        let utf8 = name.utf8
        // Module names are ASCII, where each byte is one Character: find the dots in the
        // bytes (searching Characters cost thousands of instructions per name).
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            guard name.contains("."), lastComponents.contains(Self.lastComponent(name)) else { return nil }
            return Self.suffixMatch(name, in: entries)
        }
        let dot = UInt8(ascii: ".")
        guard let lastDot = utf8.lastIndex(of: dot),
              lastComponents.contains(String(name[utf8.index(after: lastDot)...])) else { return nil }
        var index = utf8.startIndex
        while let found = utf8[index...].firstIndex(of: dot) {
            index = utf8.index(after: found)
            let suffix = String(name[index...])
            if entries.contains(suffix) { return suffix }
        }
        return nil
    }

    func endsWithAny(_ name: String) -> Bool {
        suffixMatch(name) != nil
    }

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
