import Foundation

/// A Python `re` pattern compiled for one of CPython's entry points, evaluated with
/// ICU after `PythonRegexTranslator` has made the two engines agree.
public struct PythonRegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable and documented as thread-safe.

    public enum Mode: Sendable {
        /// `re.match`: anchored at the start, may end anywhere.
        case match
        /// `re.fullmatch`: must consume the whole string.
        case fullMatch
        /// `re.search`: anywhere.
        case search
    }

    /// The Python pattern as written.
    public let pattern: String
    public let mode: Mode
    /// Capturing groups, numbered as Python numbers them (named groups included).
    public let groupCount: Int
    /// The ICU text actually compiled; useful when debugging a disagreement.
    public let icuPattern: String
    private let regex: NSRegularExpression

    public static func compile(_ pattern: String, mode: Mode) -> Result<PythonRegex, PythonRegexProblem> {
        switch PythonRegexTranslator.translate(pattern) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let (body, groups)):
            let icu: String
            switch mode {
            case .match: icu = "\\A(?:" + body + ")"
            case .fullMatch: icu = "\\A(?:" + body + ")\\z"
            case .search: icu = body
            }
            do {
                let regex = try NSRegularExpression(pattern: icu, options: [])
                return .success(PythonRegex(pattern: pattern, mode: mode, groupCount: groups, icuPattern: icu, regex: regex))
            } catch {
                return .failure(PythonRegexProblem(
                    kind: .untranslatable, message: "ICU cannot evaluate the translated pattern", position: nil))
            }
        }
    }

    /// Whether Python's `re.<mode>(pattern, subject)` returns a match, within `budget`:
    /// `.failure` when the budget stopped the evaluation before ICU decided.
    public func matches(_ subject: String, budget: RegexBudget) -> Result<Bool, RegexBudget.Stop> {
        firstMatch(subject, budget: budget).map { $0 != nil }
    }

    /// `m.group(n)` of the first match within `budget` (see `group(_:in:)`).
    public func group(_ number: Int, in subject: String, budget: RegexBudget) -> Result<String??, RegexBudget.Stop> {
        firstMatch(subject, budget: budget).map { match in
            guard let match else { return nil }
            guard number <= groupCount else { return .some(nil) }
            let range = match.range(at: number)
            if range.location == NSNotFound { return .some(nil) }
            return .some((subject as NSString).substring(with: range))
        }
    }

    /// The first match, evaluated with ICU's progress callback so that `budget` can stop
    /// a runaway backtrack (see `RegexBudget`).
    private func firstMatch(_ subject: String, budget: RegexBudget) -> Result<NSTextCheckingResult?, RegexBudget.Stop> {
        var found: NSTextCheckingResult?
        var stopped: RegexBudget.Stop?
        var ticks = 0
        let range = NSRange(location: 0, length: (subject as NSString).length)
        regex.enumerateMatches(in: subject, options: [.reportProgress, .reportCompletion], range: range) { match, flags, stop in
            if let match {
                found = match
                stop.pointee = true
            } else if flags.contains(.internalError) {
                stopped = .engineError
            } else if flags.contains(.progress) {
                ticks += 1
                if let reason = budget.tick(evaluationTicks: ticks) {
                    stopped = reason
                    stop.pointee = true
                }
            }
        }
        if let found { return .success(.some(found)) }
        if let stopped { return .failure(stopped) }
        return .success(nil)
    }

    /// Whether Python's `re.<mode>(pattern, subject)` returns a match. Unbounded: for
    /// tests and tools; the resolver evaluates config-written patterns under a budget.
    public func matches(_ subject: String) -> Bool {
        let range = NSRange(location: 0, length: (subject as NSString).length)
        return regex.firstMatch(in: subject, options: [], range: range) != nil
    }

    /// `m.group(n)` of the first match: nil when there is no match; `.some(nil)` when the
    /// group did not take part.
    public func group(_ number: Int, in subject: String) -> String?? {
        let string = subject as NSString
        guard let match = regex.firstMatch(in: subject, options: [], range: NSRange(location: 0, length: string.length)) else {
            return nil
        }
        guard number <= groupCount else { return .some(nil) }
        let range = match.range(at: number)
        if range.location == NSNotFound { return .some(nil) }
        return .some(string.substring(with: range))
    }
}
