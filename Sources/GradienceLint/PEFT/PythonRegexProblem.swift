/// Why a Python pattern is not evaluated.
public struct PythonRegexProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// `re.compile` would raise `re.error`: PEFT fails when it reaches this pattern.
        case invalid
        /// Valid Python, but its meaning cannot be reproduced exactly with ICU, so the
        /// linter declines to guess.
        case untranslatable
        /// Valid, but matching it backtracks past `RegexBudget`'s bound (Python's `re`
        /// would be as slow): not evaluated rather than waited for.
        case catastrophicBacktracking
    }

    public var kind: Kind
    public var message: String
    /// Offset in Unicode scalars into the pattern that was compiled, when known.
    public var position: Int?

    public init(kind: Kind, message: String, position: Int?) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    public var description: String {
        let prefix = kind == .invalid ? "invalid Python regex" : "regex not evaluated"
        return position.map { "\(prefix): \(message) at position \($0)" } ?? "\(prefix): \(message)"
    }
}
