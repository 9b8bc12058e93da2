/// Finds which keys of one pattern dict match a module name, as `get_pattern_key` would
/// test them, without evaluating every key against every module.
///
/// Literal keys (see `LiteralKey`) are indexed: a key of length ℓ can only match the
/// suffix of length ℓ, and only where that suffix starts the name (0.15+) or follows a
/// dot. Keys are grouped by (length, wildcard positions); for each candidate suffix and
/// each group of that length the suffix is masked at the wildcard positions and looked up
/// in the group's table, which answers "which keys match here" exactly — a wildcard that
/// meets a non-dot character (`layers.1.q` against `layers.1xq`) is found the same way.
/// Regex keys are compiled once and evaluated per name; `firstMatch` evaluates them only
/// while their position is below the best literal match found so far, so order ("first
/// key in dict order wins") is preserved at the cost of the few real regexes only.
struct PatternResolver {
    let keys: [String]
    let style: PatternKeyStyle
    /// Keys that were not evaluated, by position.
    private(set) var problems: [(index: Int, problem: PythonRegexProblem)] = []

    private struct Group {
        let wildcards: [Int]
        var table: [ScalarKey: [Int]] = [:]
    }

    /// Literal keys by length.
    private var groupsByLength: [Int: [Group]] = [:]
    /// Compiled regex keys, in key order.
    private var regexKeys: [(index: Int, regex: PythonRegex)] = []

    init(keys: [String], style: PatternKeyStyle) {
        self.keys = keys
        self.style = style
        // Built in one flat table first: mutating a Group nested inside groupsByLength
        // would copy its table on every insert.
        var tables: [[Int]: [ScalarKey: [Int]]] = [:]
        var shapes: [[Int]] = []
        for (index, key) in keys.enumerated() {
            if let literal = LiteralKey(key) {
                let shape = [literal.scalars.count] + literal.wildcards
                if tables[shape] == nil { shapes.append(shape) }
                tables[shape, default: [:]][ScalarKey(literal.scalars), default: []].append(index)
                continue
            }
            switch PythonRegex.compile(style.pythonPattern(for: key), mode: .match) {
            case .success(let regex): regexKeys.append((index, regex))
            case .failure(let problem): problems.append((index, problem))
            }
        }
        for shape in shapes {
            groupsByLength[shape[0], default: []].append(Group(wildcards: Array(shape.dropFirst()), table: tables[shape]!))
        }
    }

    /// Positions (ascending) of every key that matches `name`.
    func allMatches(_ name: String) -> [Int] {
        allMatches(ModuleName(name))
    }

    /// The same, for a name already split into scalars (the resolver asks two dicts).
    func allMatches(_ name: ModuleName) -> [Int] {
        if name.hasNewline { return slowMatches(name.text) }
        var found = literalMatches(name.scalars)
        for (index, regex) in regexKeys where regex.matches(name.text) { found.append(index) }
        if found.count < 2 { return found }
        return Set(found).sorted()
    }

    /// The position of the first key in order that matches `name` (PEFT's winner).
    func firstMatch(_ name: String) -> Int? {
        if name.utf8.contains(0x0A) { return slowMatches(name).first }
        var best = literalMatches(name.unicodeScalars.map(\.value)).min() ?? Int.max
        for (index, regex) in regexKeys {
            if index >= best { break }
            if regex.matches(name) {
                best = index
                break
            }
        }
        return best == Int.max ? nil : best
    }

    /// Literal-key matches via the masked lookups described above.
    private func literalMatches(_ scalars: [UInt32]) -> [Int] {
        guard !groupsByLength.isEmpty else { return [] }
        let dot = UInt32(("." as Unicode.Scalar).value)
        var found: [Int] = []
        // One scratch buffer for every masked candidate, instead of an array per probe.
        var candidate = ScalarKey([])
        candidate.scalars.reserveCapacity(scalars.count)
        func probe(start: Int) {
            guard let groups = groupsByLength[scalars.count - start] else { return }
            for group in groups {
                candidate.scalars.removeAll(keepingCapacity: true)
                candidate.scalars.append(contentsOf: scalars[start...])
                for position in group.wildcards { candidate.scalars[position] = LiteralKey.wildcard }
                if let hits = group.table[candidate] { found.append(contentsOf: hits) }
            }
        }
        if style == .wholeOrDottedSuffix { probe(start: 0) }
        for (offset, value) in scalars.enumerated() where value == dot { probe(start: offset + 1) }
        return found
    }

    /// A name with a newline: `.` and `$` behave specially there, so every key goes
    /// through its regex.
    private func slowMatches(_ name: String) -> [Int] {
        var found: [Int] = []
        let failed = Set(problems.map(\.index))
        for (index, key) in keys.enumerated() where !failed.contains(index) {
            if case .success(let regex) = PythonRegex.compile(style.pythonPattern(for: key), mode: .match),
               regex.matches(name) {
                found.append(index)
            }
        }
        return found
    }

    /// For comparison and benchmarking: every key's regex against the name, in order.
    static func naiveFirstMatch(keys: [PythonRegex?], name: String) -> Int? {
        keys.firstIndex { $0?.matches(name) == true }
    }
}

/// A module name with what every pattern lookup needs from it, computed once.
struct ModuleName {
    let text: String
    let scalars: [UInt32]
    /// `.` and `$` treat a newline specially, so such a name goes through every regex.
    /// Tested on the bytes: `String.contains("\n")` goes through Foundation's substring
    /// search, which cost more than the whole lookup.
    let hasNewline: Bool

    init(_ text: String) {
        self.text = text
        scalars = text.unicodeScalars.map(\.value)
        hasNewline = text.utf8.contains(0x0A)
    }
}

/// A (masked) key or candidate as the lookup tables hold it. Hashed as one run of bytes:
/// `[UInt32]`'s own hashing feeds the hasher one element at a time, which made hashing
/// the largest cost of resolving complete patterns. Equality stays element-wise.
struct ScalarKey: Hashable {
    var scalars: [UInt32]

    init(_ scalars: [UInt32]) {
        self.scalars = scalars
    }

    func hash(into hasher: inout Hasher) {
        scalars.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    static func == (lhs: ScalarKey, rhs: ScalarKey) -> Bool { lhs.scalars == rhs.scalars }
}
