/// Which pairs of literal pattern keys can name the same module: equal plain forms, or one
/// the dotted suffix of the other (`q_proj` and `model.layers.0.self_attn.q_proj`).
///
/// Comparing every key with every other is quadratic, and complete patterns have
/// thousands of keys; a dictionary of plain forms probed with each key's dotted suffixes
/// finds the same pairs in time linear in the keys' dots.
enum LiteralKeyOverlaps {
    /// Index pairs `(i, j)` with `i < j`, in the order a double loop over the keys visits
    /// them, that may overlap. A superset of the overlapping pairs: callers still check.
    static func candidatePairs(_ plainKeys: [String]) -> [(Int, Int)] {
        var positions: [Substring: [Int]] = [:]
        for (index, key) in plainKeys.enumerated() { positions[key[...], default: []].append(index) }
        var pairs: Set<Pair> = []
        for (index, key) in plainKeys.enumerated() {
            for other in positions[key[...]] ?? [] where other > index { pairs.insert(Pair(index, other)) }
            // Dots found in the bytes and suffixes probed as Substrings: no Character
            // search, no copy per suffix. (A byte dot is at least every Character dot, and
            // the pairs are a superset anyway.)
            var rest = key[...]
            while let dot = rest.utf8.firstIndex(of: UInt8(ascii: ".")) {
                rest = rest[rest.utf8.index(after: dot)...]
                for other in positions[rest] ?? [] where other != index {
                    pairs.insert(Pair(min(index, other), max(index, other)))
                }
            }
        }
        return pairs.sorted { ($0.first, $0.second) < ($1.first, $1.second) }.map { ($0.first, $0.second) }
    }

    private struct Pair: Hashable {
        let first: Int
        let second: Int
        init(_ first: Int, _ second: Int) {
            self.first = first
            self.second = second
        }
    }
}
