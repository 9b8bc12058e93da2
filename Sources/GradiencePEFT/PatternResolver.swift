import GradienceSyntax
/// Finds which keys of one pattern dict match a module name, as `get_pattern_key` would
/// test them, without evaluating every key against every module.
///
/// Literal keys (see `LiteralKey`) are indexed: a key of length ℓ can only match the
/// suffix of length ℓ, and only where that suffix starts the name (0.15+) or follows a
/// dot. Keys are grouped by (length, wildcard positions); for each candidate suffix and
/// each group of that length the suffix is masked at the wildcard positions and looked up
/// in the group's table, which answers "which keys match here" exactly — a wildcard that
/// meets a non-dot character (`layers.1.q` against `layers.1xq`) is found the same way.
/// Regex keys are compiled once and evaluated against every name given at init, under a
/// `RegexBudget`, before any lookup: a key the budget stops on one name is left out for
/// every name (reported in `problems`), so a resolution never mixes its answers. Their
/// answers are kept as one bit per (key, name), and the compiled regex is dropped (100,000
/// ICU regexes held at once cost half a gigabyte); a name not given at init compiles it again.
package struct PatternResolver {
    let keys: [String]
    let style: PatternKeyStyle
    /// Keys that were not evaluated, by position.
    package private(set) var problems: [(index: Int, problem: PythonRegexProblem)] = []
    private let budget: RegexBudget
    /// Position of each name given at init, and for each regex key the names it matches.
    private let nameIndex: [String: Int]
    private var regexHits: [[UInt64]] = []

    private struct Group {
        let wildcards: [Int]
        var table: [ScalarKey: [Int]] = [:]
    }

    /// Literal keys by length.
    private var groupsByLength: [Int: [Group]] = [:]
    /// Regex keys that compiled, in key order (a key's position in `keys`).
    private var regexKeys: [Int] = []

    /// `names`: the module names the resolver will be asked about. Other names are
    /// evaluated when asked, under the same budget; a stopped evaluation then counts as
    /// no match (tests only: `Resolver` always passes its names).
    ///
    /// `memo`: regex answers shared by the resolvers of one document (rules re-resolve
    /// edited specs with most of the same keys against the same names).
    package init(keys: [String], style: PatternKeyStyle, names: [String] = [], budget: RegexBudget = RegexBudget(),
         memo: PatternMemo? = nil) {
        self.keys = keys
        self.style = style
        self.budget = budget
        self.nameIndex = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let shared = memo?.regexAnswers(style: style, names: names)
        var subjects: RegexSubjects?
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
            if let bits = shared?.hits[key] {
                regexKeys.append(index)
                regexHits.append(bits)
                continue
            }
            switch PythonRegex.compile(style.pythonPattern(for: key), mode: .match) {
            case .success(let regex):
                if subjects == nil { subjects = RegexSubjects(names) }
                if let bits = evaluate(regex, index: index, key: key, subjects!) { shared?.hits[key] = bits }
            case .failure(let problem): problems.append((index, problem))
            }
        }
        problems.sort { $0.index < $1.index }
        for shape in shapes {
            groupsByLength[shape[0], default: []].append(Group(wildcards: Array(shape.dropFirst()), table: tables[shape]!))
        }
    }

    /// Evaluates the regex of `keys[index]` against every name; keeps its answers (and
    /// returns them), or the problem when the budget stopped it. A name without a literal
    /// the key requires (`RequiredLiterals`) is answered without ICU; the longest name is
    /// always evaluated, so a key that backtracks catastrophically is still caught.
    private mutating func evaluate(_ regex: PythonRegex, index: Int, key: String, _ subjects: RegexSubjects) -> [UInt64]? {
        let names = subjects.names
        var bits = [UInt64](repeating: 0, count: (names.count + 63) / 64)
        let filter = RequiredLiterals(key)
        for (position, name) in names.enumerated() {
            if let filter, position != subjects.longest, !filter.admits(subjects.utf8[position]) { continue }
            switch regex.matches(name, budget: budget) {
            case .success(true): bits[position >> 6] |= 1 << UInt64(position & 63)
            case .success(false): break
            case .failure(let stop):
                problems.append((index, budget.problem(stop, subject: name)))
                return nil
            }
        }
        regexKeys.append(index)
        regexHits.append(bits)
        return bits
    }

    /// Whether the `slot`th regex key matches `name`.
    private func regexMatches(_ slot: Int, _ name: String) -> Bool {
        if let position = nameIndex[name] { return regexHits[slot][position >> 6] & (1 << UInt64(position & 63)) != 0 }
        guard case .success(let regex) = PythonRegex.compile(style.pythonPattern(for: keys[regexKeys[slot]]), mode: .match) else { return false }
        return (try? regex.matches(name, budget: budget).get()) ?? false
    }

    /// Positions (ascending) of every key that matches `name`.
    package func allMatches(_ name: String) -> [Int] {
        allMatches(ModuleName(name))
    }

    /// The same, for a name already split into scalars (the resolver asks two dicts).
    func allMatches(_ name: ModuleName) -> [Int] {
        if name.hasNewline { return slowMatches(name.text) }
        var found = literalMatches(name.scalars)
        for slot in regexKeys.indices where regexMatches(slot, name.text) { found.append(regexKeys[slot]) }
        if found.count < 2 { return found }
        return Set(found).sorted()
    }

    /// The position of the first key in order that matches `name` (PEFT's winner).
    package func firstMatch(_ name: String) -> Int? {
        if name.utf8.contains(0x0A) { return slowMatches(name).first }
        var best = literalMatches(name.unicodeScalars.map(\.value)).min() ?? Int.max
        for slot in regexKeys.indices {
            let index = regexKeys[slot]
            if index >= best { break }
            if regexMatches(slot, name) {
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

    /// A name with a newline: `.` and `$` behave specially there, so every literal key
    /// goes through its regex too (a stopped evaluation counts as no match).
    private func slowMatches(_ name: String) -> [Int] {
        var found: [Int] = []
        let failed = Set(problems.map(\.index))
        let regexSlots = Dictionary(uniqueKeysWithValues: regexKeys.enumerated().map { ($1, $0) })
        for (index, key) in keys.enumerated() where !failed.contains(index) {
            if let slot = regexSlots[index] {
                if regexMatches(slot, name) { found.append(index) }
            } else if case .success(let regex) = PythonRegex.compile(style.pythonPattern(for: key), mode: .match),
                      (try? regex.matches(name, budget: budget).get()) == true {
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

/// The module names a resolver's regex keys are evaluated against, with their UTF-8 (for
/// `RequiredLiterals`) and the longest one (evaluated whatever the filter says).
struct RegexSubjects {
    let names: [String]
    let utf8: [[UInt8]]
    let longest: Int?

    init(_ names: [String]) {
        self.names = names
        let bytes = names.map { Array($0.utf8) }
        utf8 = bytes
        longest = bytes.indices.max { bytes[$0].count < bytes[$1].count }
    }
}
