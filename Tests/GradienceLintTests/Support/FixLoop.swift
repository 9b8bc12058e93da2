@testable import GradienceLint

/// The fix loop as tests need it: lint, apply every fix of the chosen applicability
/// whose edits do not collide (a fix goes in whole or waits for the next round),
/// re-parse, repeat until no fix is left. Independent of the CLI's `--fix` on purpose:
/// the rules' fixes are checked against the Transformer alone.
enum FixLoop {
    struct Outcome {
        var text: String
        var rounds: Int
        /// False when fixes were still offered after `maxRounds`, or a round changed nothing.
        var converged: Bool
        /// Codes whose fixes were applied, per round.
        var applied: [[String]]
    }

    enum Failure: Error, CustomStringConvertible {
        case rejected(String)
        case doesNotParse(String)
        var description: String {
            switch self {
            case .rejected(let reason): return "a fix could not be written: \(reason)"
            case .doesNotParse(let text): return "the fixed text does not parse:\n\(text)"
            }
        }
    }

    static func run(_ text: String, path: String, options: LintOptions, unsafe: Bool = false,
                    maxRounds: Int = 12) throws -> Outcome {
        let linter = Linter(options: options)
        var source = SourceText(path: path, bytes: Array(text.utf8))
        var applied: [[String]] = []
        for round in 0..<maxRounds {
            let parsed = Parser.parse(source)
            guard parsed.problem == nil else { throw Failure.doesNotParse(String(decoding: source.bytes, as: UTF8.self)) }
            let diagnostics = linter.lint(source).diagnostics.filter { diagnostic in
                guard let fix = diagnostic.fix else { return false }
                return fix.applicability == .safe || (unsafe && fix.applicability == .unsafe)
            }
            if diagnostics.isEmpty {
                return Outcome(text: String(decoding: source.bytes, as: UTF8.self), rounds: round, converged: true, applied: applied)
            }
            var accepted: [TextEdit] = []
            var codes: [String] = []
            for diagnostic in diagnostics {
                let plan = Transformer.plan(diagnostic.fix!.edits, in: parsed)
                if let rejected = plan.rejected.first { throw Failure.rejected("\(diagnostic.code): \(rejected.reason)") }
                guard plan.deferred.isEmpty,
                      !plan.textEdits.contains(where: { new in accepted.contains { $0.conflicts(with: new) } }) else { continue }
                accepted += plan.textEdits
                codes.append(diagnostic.code)
            }
            let (bytes, _) = TextEditApplier.apply(accepted, to: source.bytes)
            if bytes == source.bytes {
                return Outcome(text: String(decoding: bytes, as: UTF8.self), rounds: round + 1, converged: false, applied: applied + [codes])
            }
            applied.append(codes)
            source = SourceText(path: path, bytes: bytes, isJSON: source.isJSON)
        }
        return Outcome(text: String(decoding: source.bytes, as: UTF8.self), rounds: maxRounds, converged: false, applied: applied)
    }
}
