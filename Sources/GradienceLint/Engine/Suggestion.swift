/// "Did you mean" from edit distance, for unknown keys, codes and settings.
public enum Suggestion {
    /// The closest candidate within a distance that still looks like a typo, or nil.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        closest(to: word, among: Candidates(candidates))
    }

    /// Candidates lowercased and split into Characters once, for a vocabulary asked about
    /// many keys (doing it per question was most of GL014's cost on a zoo).
    public struct Candidates: Sendable {
        let words: [String]
        let lowered: [[Character]]
        /// The same as bytes when every word is ASCII (comparing Characters is a string
        /// comparison each; for ASCII a byte is a Character).
        let loweredASCII: [[UInt8]]?
        /// For each ASCII word, which of 64 byte classes it holds (`byte & 63`).
        let letterSets: [UInt64]

        public init(_ words: [String]) {
            self.words = words
            lowered = words.map { Array($0.lowercased()) }
            loweredASCII = words.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ? words.map { Array($0.lowercased().utf8) } : nil
            letterSets = loweredASCII?.map(Suggestion.letterSet) ?? []
        }
    }

    /// The same, against prepared candidates; the first of equally close ones wins.
    public static func closest(to word: String, among candidates: Candidates) -> String? {
        let limit = max(1, min(3, word.count / 3))
        if let ascii = candidates.loweredASCII, word.utf8.allSatisfy({ $0 < 0x80 }) {
            let lowered = Array(word.lowercased().utf8)
            // One edit changes at most two byte classes present, so words whose class
            // sets differ in more than 2 × limit classes are too far without computing
            // a distance (most of a flat recipe's keys against the LoRA vocabulary).
            let set = letterSet(lowered)
            let near = candidates.letterSets.indices.filter { (set ^ candidates.letterSets[$0]).nonzeroBitCount <= 2 * limit }
            return closest(lowered, near.map { ascii[$0] }, near.map { candidates.words[$0] }, limit: limit)
        }
        return closest(Array(word.lowercased()), candidates.lowered, candidates.words, limit: limit)
    }

    private static func closest<Element: Equatable>(_ lowered: [Element], _ others: [[Element]], _ words: [String],
                                                    limit: Int) -> String? {
        var best: (String, Int)?
        for (index, other) in others.enumerated() {
            // The distance is at least the difference in length: most candidates end here,
            // and a megabyte-long key costs nothing.
            guard abs(other.count - lowered.count) <= limit else { continue }
            guard let distance = editDistance(lowered, other, limit: limit) else { continue }
            if best == nil || distance < best!.1 { best = (words[index], distance) }
        }
        return best?.0
    }

    static func letterSet(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 | 1 << UInt64($1 & 63) }
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

    static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
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
