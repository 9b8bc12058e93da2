@testable import GradienceLint

/// The fix loop as the round-trip tests read it: the product's `Fixer` (safe fixes, or
/// unsafe ones too), with the codes applied per round and whether it converged.
enum FixLoop {
    struct Outcome {
        var text: String
        var rounds: Int
        /// False when the Fixer refused (it fails closed: non-convergence, cycles, …).
        var converged: Bool
        /// Codes whose fixes were applied, per round.
        var applied: [[String]]
    }

    static func run(_ text: String, path: String, options: LintOptions, unsafe: Bool = false) throws -> Outcome {
        let source = SourceText(path: path, bytes: Array(text.utf8))
        switch Fixer(linter: Linter(options: options), includeUnsafe: unsafe).fix(source) {
        case .success(let outcome):
            return Outcome(text: String(decoding: outcome.bytes, as: UTF8.self), rounds: outcome.rounds.count,
                           converged: true, applied: outcome.rounds)
        case .failure(let failure):
            return Outcome(text: text, rounds: 0, converged: false, applied: [[failure.description]])
        }
    }
}
