import GradiencePEFT
/// How one PEFT version reads a pattern key, compared with 0.15's reading: the facts
/// GL008 reports and the rules after it leave alone (root causes, not cascades).
///
/// Up to 0.14 `get_pattern_key` (and before it `_create_and_replace`) tested
/// `re.match(rf".*\.{key}$", name)`; 0.15 (#2419) moved to `rf"(.*\.)?({key})$"`. The
/// key is pasted in unescaped and, before 0.15, without a group, so three kinds of key
/// read differently: `^`-anchored keys, regexes that must match from the root, and
/// top-level alternations `a|b`.
struct PatternKeyReading {
    let key: String
    /// Adapted modules the key matches under the configured version, and under 0.15+.
    let configuredMatches: [String]
    let currentMatches: [String]

    /// The first version that reads keys as `(.*\.)?({key})$`.
    static let groupedSince = PeftVersion(0, 15, 0)

    /// Whether `version` still pastes keys into `.*\.{key}$`.
    static func readsKeysOldStyle(_ version: PeftVersion) -> Bool {
        PatternKeyStyle(version: version) == .dottedSuffixOnly
    }

    /// Compares the two readings over `modules`; nil when they agree (or either fails).
    /// An exact full-name key also applies through `dict.get(name)` in every version.
    /// Both readings are evaluated under `budget`; a stopped one counts as a failure.
    static func difference(for key: String, modules: [String], version: PeftVersion,
                           budget: RegexBudget = RegexBudget()) -> PatternKeyReading? {
        guard readsKeysOldStyle(version) else { return nil }
        let old = PatternResolver(keys: [key], style: .dottedSuffixOnly, names: modules, budget: budget)
        let new = PatternResolver(keys: [key], style: .wholeOrDottedSuffix, names: modules, budget: budget)
        guard old.problems.isEmpty, new.problems.isEmpty else { return nil }
        let configured = modules.filter { $0 == key || !old.allMatches($0).isEmpty }
        let current = modules.filter { $0 == key || !new.allMatches($0).isEmpty }
        guard configured != current else { return nil }
        return PatternKeyReading(key: key, configuredMatches: configured, currentMatches: current)
    }

    /// What the old reading does to a key, in words, when it can be told from the key
    /// alone; nil for a key both readings treat alike (as far as the text shows).
    static func oldStyleSurprise(_ key: String) -> String? {
        if key.hasPrefix("^") {
            return "a '^' after the '.*\\.' PEFT puts in front can never match, so the key matches nothing"
        }
        let alternatives = topLevelAlternatives(key)
        if alternatives.count > 1 {
            let rest = alternatives.dropFirst().map { "'\($0)'" }.joined(separator: ", ")
            return "the '|' splits PEFT's whole pattern: only '\(alternatives[0])' applies (to any name containing '.\(alternatives[0])', with no end anchor), and \(rest) would have to match from the root"
        }
        return nil
    }

    /// The key's top-level `|` branches (one element when there is none). Escapes,
    /// character classes and groups are skipped over.
    static func topLevelAlternatives(_ key: String) -> [String] {
        var branches: [String] = []
        var current = ""
        var depth = 0
        // Inside `[...]`: how many characters of the class were read (a `]` first, or
        // right after a leading `^`, is a literal, as in Python).
        var classLength: Int?
        var escaped = false
        for c in key {
            if escaped {
                escaped = false
                if let length = classLength { classLength = length + 1 }
            } else if c == "\\" {
                escaped = true
            } else if let length = classLength {
                let literalBracket = length == 0 || (length == 1 && current.hasSuffix("[^"))
                if c == "]", !literalBracket { classLength = nil } else { classLength = length + 1 }
            } else if c == "[" {
                classLength = 0
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth = max(0, depth - 1)
            } else if c == "|", depth == 0 {
                branches.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        branches.append(current)
        return branches
    }
}

extension RuleContext {
    /// Keys the configured PEFT version reads differently from 0.15+ in a way that
    /// changes what they match (GL008); other rules leave them to GL008.
    func versionSensitiveKeys(_ kind: PatternKind) -> Set<String> {
        guard PatternKeyReading.readsKeysOldStyle(options.peftVersion) else { return [] }
        return patternMemo.value(\.versionSensitiveKeys, kind) {
            let keys = lora.patternKeys(kind).map(\.key)
            if let resolution {
                let names = resolution.modules.map(\.name)
                return Set(keys.filter { PatternKeyReading.difference(for: $0, modules: names, version: options.peftVersion, budget: regexBudget) != nil })
            }
            return Set(keys.filter { PatternKeyReading.oldStyleSurprise($0) != nil })
        }
    }

    /// Every key GL008 reports: invalid or not evaluable, or read differently by the
    /// configured version.
    func keysReportedByGL008(_ kind: PatternKind) -> Set<String> {
        patternMemo.value(\.keysReportedByGL008, kind) {
            let invalid = lora.patternKeys(kind).map(\.key).filter { regexProblem($0) != nil }
            return versionSensitiveKeys(kind).union(invalid).union(unevaluatedKeys(kind).keys)
        }
    }

    /// `InvalidPatternKey.regexProblem` for this document's version, once per key.
    func regexProblem(_ key: String) -> PythonRegexProblem? {
        patternMemo.regexProblem(key) { InvalidPatternKey.regexProblem($0, version: options.peftVersion) }
    }

    /// Keys the resolver stopped evaluating (`RegexBudget`), with why; GL008 reports them.
    func unevaluatedKeys(_ kind: PatternKind) -> [String: PythonRegexProblem] {
        let stopped = (resolution?.keyProblems ?? []).filter {
            $0.field.rawValue == kind.field && ($0.problem.kind == .catastrophicBacktracking || $0.problem.kind == .budgetExhausted)
        }
        return Dictionary(stopped.map { ($0.key, $0.problem) }, uniquingKeysWith: { first, _ in first })
    }

    /// Adapted modules a GL008 key was meant for: those it matches when read as 0.15+ reads it.
    func modulesMeantByMisreadKeys(_ kind: PatternKind) -> Set<String> {
        guard let resolution, PatternKeyReading.readsKeysOldStyle(options.peftVersion) else { return [] }
        return patternMemo.value(\.modulesMeantByMisreadKeys, kind) {
            let names = resolution.modules.map(\.name)
            return Set(versionSensitiveKeys(kind).flatMap {
                PatternKeyReading.difference(for: $0, modules: names, version: options.peftVersion, budget: regexBudget)?.currentMatches ?? []
            })
        }
    }
}
