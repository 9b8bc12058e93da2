/// A bound on the backtracking work spent evaluating the regexes a config writes
/// (`rank_pattern` / `alpha_pattern` keys, a `target_modules` string, `exclude_modules`,
/// `layers_pattern`, `modules_to_save`).
///
/// Those are user input evaluated against every module name, and a backtracking engine
/// can take exponential time on them: `(a+)+$` against `aaaa…a!`. Python's `re`
/// backtracks the same way, so PEFT itself would hang; the linter must not. No static
/// test decides which patterns are slow (nested quantifiers are the famous case, but
/// `(a|a)*`, `.*.*.*x` and many more blow up too, and most nested quantifiers are
/// harmless), so the bound is on the work itself:
///
/// ICU counts its matching steps and calls the progress callback every 10,000 of them
/// (a "tick"; `UREGEX_TIMER_INITIAL_VALUE`) — `NSRegularExpression`'s `.reportProgress`.
/// The count is of steps, not of time, so the bound is deterministic: the same file
/// gives the same answer on every machine. An evaluation stops at `ticksPerEvaluation`
/// ticks, and once the file has used `ticksPerFile` ticks any evaluation that needs even
/// one more tick stops. An evaluation under one tick is never stopped (real keys against
/// real module names take tens to hundreds of steps). A stopped evaluation is not
/// guessed: its key is reported as not evaluated (`.catastrophicBacktracking`, or
/// `.budgetExhausted` past the file's limit; GL008 reports both) and left
/// out of the resolution, like an untranslatable key. ICU's own failures (its
/// backtracking stack overflows on a huge subject) are treated the same way, since ICU
/// then reports "no match" for what may be a match.
///
/// One budget serves one file (all its documents); it is not thread-safe.
public final class RegexBudget {
    /// ICU steps between two progress callbacks (documentary; ICU's constant).
    public static let stepsPerTick = 10_000
    /// About a million steps: far above any real key, far below a noticeable pause.
    public static let defaultTicksPerEvaluation = 100
    /// About ten million steps for the whole file.
    public static let defaultTicksPerFile = 1_000

    public let ticksPerEvaluation: Int
    public let ticksPerFile: Int
    public private(set) var ticksUsed = 0

    public init(ticksPerEvaluation: Int = RegexBudget.defaultTicksPerEvaluation,
                ticksPerFile: Int = RegexBudget.defaultTicksPerFile) {
        self.ticksPerEvaluation = ticksPerEvaluation
        self.ticksPerFile = ticksPerFile
    }

    /// Why an evaluation stopped before ICU decided.
    public enum Stop: Error, Sendable, Equatable {
        /// This one evaluation passed `ticksPerEvaluation`.
        case evaluationLimit
        /// The file's budget was used up (by this or by earlier evaluations).
        case fileLimit
        /// ICU failed (its backtracking stack overflowed); its "no match" cannot be trusted.
        case engineError
    }

    /// Charges one tick of the current evaluation; says whether to stop.
    func tick(evaluationTicks: Int) -> Stop? {
        ticksUsed += 1
        if evaluationTicks >= ticksPerEvaluation { return .evaluationLimit }
        if ticksUsed >= ticksPerFile { return .fileLimit }
        return nil
    }

    /// The problem reported for a key (or field) whose evaluation stopped on `subject`.
    package func problem(_ stop: Stop, subject: String) -> PythonRegexProblem {
        let name = subject.count > 80 ? String(subject.prefix(77)) + "…" : subject
        let message: String
        switch stop {
        case .evaluationLimit:
            message = "matching it against '\(name)' took more than \(ticksPerEvaluation * Self.stepsPerTick) backtracking steps; "
                + "Python's re backtracks the same way, so PEFT's own matching would hang on it too (nested quantifiers such as (a+)+ or (.*)* ?)"
        case .fileLimit:
            message = "this file's regex work limit (\(ticksPerFile * Self.stepsPerTick) backtracking steps) was used up "
                + "before it could be matched against '\(name)'"
        case .engineError:
            message = "the regex engine ran out of backtracking stack matching it against '\(name)'"
        }
        return PythonRegexProblem(kind: stop == .fileLimit ? .budgetExhausted : .catastrophicBacktracking, message: message, position: nil)
    }
}
