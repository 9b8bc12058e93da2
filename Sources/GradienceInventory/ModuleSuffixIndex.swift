/// Answers `RuleContext.literalKey(key, matches: name)` for many keys against one
/// inventory without a scan per key: every module name is indexed under itself and under
/// each suffix that follows a dot, first module (in inventory order) first. A rule that
/// looks up 100,000 pattern keys does 100,000 hash lookups, not keys × modules string
/// comparisons.
package struct ModuleSuffixIndex {
    private var firstModule: [Substring: String] = [:]

    init(_ names: [String]) {
        for name in names {
            var suffix = name[...]
            while true {
                if firstModule[suffix] == nil { firstModule[suffix] = name }
                guard let dot = suffix.firstIndex(of: ".") else { break }
                suffix = suffix[suffix.index(after: dot)...]
            }
        }
    }

    /// Whether `literalKey(key, matches: name)` holds for some key whose plain form
    /// (escaped dots unescaped) is in `plainKeys`: the name or a suffix after a dot is one.
    package static func name(_ name: String, hasDottedSuffixIn plainKeys: Set<Substring>) -> Bool {
        guard !plainKeys.isEmpty else { return false }
        var suffix = name[...]
        while true {
            if plainKeys.contains(suffix) { return true }
            guard let dot = suffix.firstIndex(of: ".") else { return false }
            suffix = suffix[suffix.index(after: dot)...]
        }
    }

    /// Whether some module is `entry` or ends with `"." + entry` (a `target_modules` list
    /// entry's test in `check_target_module_exists`).
    func hasModule(namedOrEndingWith entry: String) -> Bool {
        firstModule[entry[...]] != nil
    }

    /// Whether `name` is `entry` or ends with `"." + entry` (PEFT's test for a
    /// `target_modules` list entry and for a plain pattern key's suffix).
    package static func name(_ name: String, isOrEndsWithDotted entry: String) -> Bool {
        let bytes = name.utf8, tail = entry.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) && tail.allSatisfy({ $0 < 0x80 }) {
            // ASCII (a byte is a Character): compare bytes, without building "." + entry
            // for every module of the model.
            guard bytes.count >= tail.count, bytes.suffix(tail.count).elementsEqual(tail) else { return false }
            return bytes.count == tail.count || bytes[bytes.index(bytes.endIndex, offsetBy: -tail.count - 1)] == UInt8(ascii: ".")
        }
        return name == entry || name.hasSuffix("." + entry)
    }

    /// The first module that `literalKey(key, matches:)` holds for.
    package func firstModule(matchingLiteral key: String) -> String? {
        firstModule[Self.plain(key)[...]]
    }

    /// A literal key as a module name: `\.` (an escaped dot) is a dot.
    package static func plain(_ key: String) -> String {
        key.utf8.contains(UInt8(ascii: "\\")) ? key.replacingOccurrences(of: "\\.", with: ".") : key
    }

    /// Every name's position under itself and each suffix after a dot: all the modules a
    /// plain key matches, in order, by one lookup.
    package static func positionsBySuffix(_ names: [String]) -> [Substring: [Int]] {
        var positions: [Substring: [Int]] = [:]
        for (index, name) in names.enumerated() {
            var suffix = name[...]
            while true {
                positions[suffix, default: []].append(index)
                guard let dot = suffix.firstIndex(of: ".") else { break }
                suffix = suffix[suffix.index(after: dot)...]
            }
        }
        return positions
    }
}
