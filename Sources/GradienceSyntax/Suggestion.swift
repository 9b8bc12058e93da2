/// "Did you mean" from edit distance, for unknown keys, codes and settings.
public enum Suggestion {
    /// The closest candidate within a distance that still looks like a typo, or nil.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        Candidates(candidates).closest(to: word)
    }

    /// Candidates prepared once for many look-ups: GL005 asks for a suggestion for each of
    /// up to 100,000 keys against the same module names, which used to lowercase and split
    /// every name again for every key.
    public struct Candidates: Sendable {
        public let names: [String]
        /// Each name's lowercased Characters, each coded as its position in `alphabet`.
        private let lowered: [[Int]]
        /// Each name's Characters as written, coded likewise.
        private let written: [[Int]]
        private let alphabet: [Character: Int]
        /// Which of 64 classes (`code & 63`) of lowercased Characters each name holds.
        private let letterSets: [UInt64]

        public init(_ names: [String]) {
            var alphabet: [Character: Int] = [:]
            func code(_ text: String) -> [Int] {
                text.map { character in
                    if let code = alphabet[character] { return code }
                    alphabet[character] = alphabet.count
                    return alphabet.count - 1
                }
            }
            self.names = names
            lowered = names.map { code($0.lowercased()) }
            written = names.map { code($0) }
            self.alphabet = alphabet
            letterSets = lowered.map(Candidates.letterSet)
        }

        /// One edit changes at most two classes present (a substitution removes one and
        /// adds one), so names whose class sets differ in more than 2 × limit classes are
        /// too far without computing a distance: most of a flat recipe's keys against the
        /// LoRA vocabulary. A Character no name holds (-1) falls in class 63, which can only
        /// make sets look closer, so the bound stays safe.
        private static func letterSet(_ codes: [Int]) -> UInt64 {
            codes.reduce(0) { $0 | 1 << UInt64($1 & 63) }
        }

        /// A word's Characters in the candidates' code; one no candidate holds is -1, which
        /// equals no candidate's (the distance only ever compares a word's with a candidate's).
        private func code(_ text: String) -> [Int] { text.map { alphabet[$0] ?? -1 } }

        /// `Suggestion.closest(to:among:)`: the first candidate at the smallest distance
        /// within the typo limit. Each hit lowers the limit to below its distance, since
        /// only a strictly closer candidate can win after it.
        public func closest(to word: String) -> String? {
            let word = (count: word.count, coded: code(word.lowercased()))
            var limit = max(1, min(3, word.count / 3))
            var best: Int?
            let wordSet = Candidates.letterSet(word.coded)
            for (index, other) in lowered.enumerated() where abs(other.count - word.coded.count) <= limit
                && (wordSet ^ letterSets[index]).nonzeroBitCount <= 2 * limit {
                guard let distance = Suggestion.editDistance(word.coded, other, limit: limit) else { continue }
                best = index
                if distance == 0 { break }
                limit = distance - 1
            }
            return best.map { names[$0] }
        }

        /// Of the candidates at `positions`, the first at the smallest (unbounded)
        /// `editDistance` from `word`, as written; nil when there are none.
        public func nearest(to word: String, amongPositions positions: [Int]) -> String? {
            let word = code(word)
            var best: (position: Int, distance: Int)?
            for position in positions {
                let other = written[position]
                let limit = best.map { $0.distance - 1 } ?? max(word.count, other.count)
                guard limit >= 0, let distance = Suggestion.editDistance(word, other, limit: limit) else { continue }
                best = (position, distance)
            }
            return best.map { names[$0.position] }
        }
    }

    /// `" (did you mean 'x'?)"` or an empty string.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// `editDistance(a, b)` when it is at most `limit`, else nil; only the diagonal band
    /// `|i - j| ≤ limit` is computed, so the cost is length × limit, not length².
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
        editDistance(Array(a), Array(b), limit: limit)
    }

    /// The same on any sequences of comparable elements (coded Characters for `Candidates`).
    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        // Equal ends cost nothing: an optimal alignment matches them (a swap across the
        // boundary would swap two equal characters). `model.layers.40000.self_attn.q_proj`
        // against `model.layers.10.self_attn.q_proj` leaves `40000` against `10`.
        var start = 0
        while start < a.count, start < b.count, a[start] == b[start] { start += 1 }
        var endA = a.count, endB = b.count
        while endA > start, endB > start, a[endA - 1] == b[endB - 1] { endA -= 1; endB -= 1 }
        if start > 0 || endA < a.count {
            return bandedDistance(Array(a[start..<endA]), Array(b[start..<endB]), limit: limit)
        }
        return bandedDistance(a, b, limit: limit)
    }

    private static func bandedDistance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int? {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let outside = limit + 1
        var previousPrevious = [Int](repeating: outside, count: b.count + 1)
        var previous = (0...b.count).map { min($0, outside) }
        var current = [Int](repeating: outside, count: b.count + 1)
        for i in 1...a.count {
            let low = max(1, i - limit), high = min(b.count, i + limit)
            current[0] = i <= limit ? i : outside
            if low > 1 { current[low - 1] = outside }
            var rowMinimum = current[0]
            for j in low...high {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previousPrevious[j - 2] + 1) }
                current[j] = min(value, outside)
                rowMinimum = min(rowMinimum, current[j])
            }
            if high < b.count { current[high + 1] = outside }
            // Every later cell descends from this row: past the limit here, past it at the end.
            if rowMinimum > limit { return nil }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }

    /// Damerau–Levenshtein (optimal string alignment): a swap of two letters costs one.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
