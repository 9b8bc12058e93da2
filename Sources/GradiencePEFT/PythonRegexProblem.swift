import GradienceSyntax
/// Why a Python pattern is not evaluated.
public struct PythonRegexProblem: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// `re.compile` would raise `re.error`: PEFT fails when it reaches this pattern.
        case invalid
        /// Valid Python, but its meaning cannot be reproduced exactly with ICU, so the
        /// linter declines to guess.
        case untranslatable
        /// Valid, but matching it against a module name backtracked past
        /// `RegexBudget.ticksPerEvaluation` (Python's `re` backtracks the same way, so PEFT
        /// may hang): not evaluated rather than waited for.
        case catastrophicBacktracking
        /// Valid, but the file's regex budget was used up before it could be evaluated.
        case budgetExhausted
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
