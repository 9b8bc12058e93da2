/// Work on one document's pattern keys that rules would otherwise repeat: each
/// `PatternResolver` built (it compiles every regex key and evaluates it against every
/// adapted module), each key's regex problem, and which keys GL001 and GL008 own (every
/// rule asked again, with a regex check per key, a fifth of a zoo's work). GL002 and GL004 re-resolve edited specs
/// with the same keys, and four rules ask which keys GL008 reports: with 100,000 regex
/// keys that repetition was most of a run. One memo serves one document; it is not
/// thread-safe (rules run one after another).
public final class PatternMemo {
    private struct Built {
        let keys: [String]
        let style: PatternKeyStyle
        let names: [String]
        let resolver: PatternResolver
    }

    /// The last few resolvers built (a document has a rank and an alpha dict, and the
    /// simulations ask for the same ones again).
    private var built: [Built] = []
    private var regexProblems: [String: PythonRegexProblem?] = [:]
    package var prefixedKeys: [PatternKind: Set<String>] = [:]
    package var safelyRenamedKeys: [PatternKind: Set<String>] = [:]
    /// The adapted modules' positions by dotted suffix (GL001's meant modules, per key).
    package var adaptedModulesBySuffix: [Substring: [Int]]?
    package var keysReportedByGL008: [PatternKind: Set<String>] = [:]
    package var versionSensitiveKeys: [PatternKind: Set<String>] = [:]
    package var modulesMeantByMisreadKeys: [PatternKind: Set<String>] = [:]

    public init() {}

    /// Each regex key's answers (one bit per name) for one style and one list of names.
    final class RegexAnswers {
        let style: PatternKeyStyle
        let names: [String]
        var hits: [String: [UInt64]] = [:]
        init(style: PatternKeyStyle, names: [String]) { self.style = style; self.names = names }
    }
    private var answers: [RegexAnswers] = []

    /// The shared answers for `style` and `names` (the same names every resolver of a
    /// document is built on; a different list starts a new table).
    func regexAnswers(style: PatternKeyStyle, names: [String]) -> RegexAnswers {
        if let known = answers.first(where: { $0.style == style && $0.names == names }) { return known }
        let fresh = RegexAnswers(style: style, names: names)
        if answers.count == 4 { answers.removeFirst() }
        answers.append(fresh)
        return fresh
    }

    /// The resolver for these keys, style and names: a memoised one when they are equal.
    /// Only a resolver whose every key compiled and was evaluated is kept, so a reused
    /// one never carries a stop of a budget it was not built under.
    func resolver(keys: [String], style: PatternKeyStyle, names: [String], budget: RegexBudget) -> PatternResolver {
        if let hit = built.first(where: { $0.style == style && $0.keys == keys && $0.names == names }) { return hit.resolver }
        let resolver = PatternResolver(keys: keys, style: style, names: names, budget: budget, memo: self)
        guard resolver.problems.isEmpty else { return resolver }
        if built.count == 4 { built.removeFirst() }
        built.append(Built(keys: keys, style: style, names: names, resolver: resolver))
        return resolver
    }

    /// `compute(key)`, once per key.
    package func regexProblem(_ key: String, _ compute: (String) -> PythonRegexProblem?) -> PythonRegexProblem? {
        if let known = regexProblems[key] { return known }
        let problem = compute(key)
        regexProblems[key] = .some(problem)
        return problem
    }

    /// The cached answer for `kind` in `table`, computing it on first use.
    package func value<Value>(_ table: ReferenceWritableKeyPath<PatternMemo, [PatternKind: Value]>, _ kind: PatternKind,
                      _ compute: () -> Value) -> Value {
        if let known = self[keyPath: table][kind] { return known }
        let value = compute()
        self[keyPath: table][kind] = value
        return value
    }
}
