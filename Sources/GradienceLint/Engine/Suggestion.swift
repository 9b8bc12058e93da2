/// "Did you mean" from edit distance, for unknown keys, codes and settings.
public enum Suggestion {
    /// The closest candidate within a distance that still looks like a typo, or nil.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(1, min(3, word.count / 3))
        let lowered = Letters(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            // Candidates can be every module name of a model: skip those whose length alone
            // puts them past the limit, and stop a comparison once it must exceed it.
            let other = Letters(candidate.lowercased())
            guard abs(other.count - lowered.count) <= limit,
                  let distance = lowered.distance(to: other, limit: limit) else { continue }
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        return best?.0
    }

    /// `" (did you mean 'x'?)"` or an empty string.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Damerau–Levenshtein (optimal string alignment): a swap of two letters costs one.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        optimalStringAlignment(Array(a), Array(b), limit: nil)!
    }

    /// A word as its characters: bytes when it is ASCII without `\r` (then each byte is one
    /// `Character`), `Character`s otherwise.
    private enum Letters {
        case bytes([UInt8])
        case characters([Character])

        init(_ text: String) {
            if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { self = .bytes(Array(text.utf8)) } else { self = .characters(Array(text)) }
        }

        var count: Int {
            switch self {
            case .bytes(let bytes): return bytes.count
            case .characters(let characters): return characters.count
            }
        }

        func distance(to other: Letters, limit: Int) -> Int? {
            switch (self, other) {
            case (.bytes(let a), .bytes(let b)): return optimalStringAlignment(a, b, limit: limit)
            default: return optimalStringAlignment(characters, other.characters, limit: limit)
            }
        }

        private var characters: [Character] {
            switch self {
            case .bytes(let bytes): return bytes.map { Character(Unicode.Scalar($0)) }
            case .characters(let characters): return characters
            }
        }
    }

    /// The distance, or nil once it is certain to exceed `limit`: when two consecutive rows
    /// are all above the limit, every later cell is too (each comes from those rows plus a
    /// non-negative cost, or from its left neighbour plus one).
    private static func optimalStringAlignment<Letter: Equatable>(_ a: [Letter], _ b: [Letter], limit: Int?) -> Int? {
        if a.isEmpty { return within(b.count, limit) }
        if b.isEmpty { return within(a.count, limit) }
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
            if let limit, i > 1, previous.min()! > limit, previousPrevious.min()! > limit { return nil }
        }
        return within(previous[b.count], limit)
    }

    private static func within(_ distance: Int, _ limit: Int?) -> Int? {
        guard let limit else { return distance }
        return distance <= limit ? distance : nil
    }
}
