import GradienceLint

/// What `--fix` promises, checked from outside: when it succeeds its output parses, is a
/// fixpoint and keeps every module's resolution except where a fix wrote the key that now
/// decides it; when it fails, it fails closed.
///
/// The rounds here are the fix loop of DESIGN.md §2 (apply the safe fixes, re-parse,
/// re-lint, repeat; cap and cycle detection), written against `Transformer.apply` so the
/// invariants stay independent of the loop under test.
enum FixInvariants {
    static let roundCap = 20

    struct Outcome {
        var violations: [Violation] = []
        /// The fixed bytes, when at least one round applied and the loop converged.
        var fixed: [UInt8]?
        /// Why the loop stopped without output (fail closed), if it did.
        var failure: String?
    }

    static func check(_ first: Linter.FileResult, linter: Linter, strict: Bool) -> Outcome {
        var outcome = Outcome()
        var current = first
        var seen: Set<[UInt8]> = [first.source.bytes]
        var written: Set<String> = []
        var applied = false
        for round in 1...roundCap {
            let edits = safeEdits(current)
            if edits.isEmpty {
                if applied { outcome.fixed = current.source.bytes }
                break
            }
            written.formUnion(edits.flatMap(keysWritten))
            switch Transformer.apply(edits, to: current.parsed) {
            case .failure(let failure):
                // Fail closed: nothing to write. A Transformer that produced bytes which do
                // not parse is still a bug worth hearing about in strict mode.
                outcome.failure = "round \(round): \(failure)"
                if strict, case .resultDoesNotParse(let problem, _) = failure {
                    outcome.violations.append(Violation("fix output does not parse", "\(problem.message) at \(problem.range.start)"))
                }
                if strict, case .documentCountChanged = failure {
                    outcome.violations.append(Violation("fix changed the document count", "\(failure)"))
                }
                return outcome
            case .success(let output):
                if output.parsed.problem != nil {
                    outcome.violations.append(Violation("fix output does not parse", "Transformer.apply succeeded with a problem"))
                    return outcome
                }
                guard seen.insert(output.bytes).inserted else {
                    outcome.violations.append(Violation("fix loop cycles",
                        "round \(round) returned to an earlier text (rules \(codes(current)))"))
                    return outcome
                }
                applied = true
                current = linter.lint(SourceText(path: current.source.path, bytes: output.bytes, isJSON: current.source.isJSON))
                outcome.violations += SpanInvariants.check(current.diagnostics, in: current.source)
                if round == roundCap, !safeEdits(current).isEmpty {
                    outcome.violations.append(Violation("fix loop does not converge", "\(roundCap) rounds (rules \(codes(current)))"))
                    return outcome
                }
            }
        }
        guard let fixed = outcome.fixed else { return outcome }
        outcome.violations += resolutionViolations(before: first, after: current, written: written)
        // A fixpoint: fixing the fixed text changes nothing.
        let again = linter.lint(SourceText(path: first.source.path, bytes: fixed, isJSON: first.source.isJSON))
        if again.parsed.problem != nil {
            outcome.violations.append(Violation("fix output does not parse", again.parsed.problem!.message))
        } else if !safeEdits(again).isEmpty {
            outcome.violations.append(Violation("fix output is not a fixpoint", "rules \(codes(again)) still offer safe fixes"))
        }
        return outcome
    }

    static func safeEdits(_ result: Linter.FileResult) -> [SemanticEdit] {
        result.diagnostics.compactMap(\.fix).filter { $0.applicability == .safe }.flatMap(\.edits)
    }

    private static func codes(_ result: Linter.FileResult) -> String {
        Set(result.diagnostics.filter { $0.fix?.applicability == .safe }.map(\.code)).sorted().joined(separator: ",")
    }

    /// The pattern keys an edit writes (over-approximated: any key it names).
    static func keysWritten(_ edit: SemanticEdit) -> [String] {
        func keys(_ value: EditValue) -> [String] {
            if case .mapping(let entries) = value { return entries.map(\.key) }
            return []
        }
        switch edit {
        case .renameKey(_, let to): return [to]
        case .setValue(_, let value): return keys(value)
        case .appendEntries(_, let entries): return entries.flatMap { [$0.key] + keys($0.value) }
        case .createMapping(_, let key, let entries): return [key] + entries.flatMap { [$0.key] + keys($0.value) }
        case .removeEntry, .removeSequenceItem: return []
        }
    }

    /// DESIGN.md §5: a safe fix makes PEFT do what the config evidently says. Checked
    /// without knowing any rule's intent: the adapted modules stay the same, and a module
    /// whose r or alpha changed now takes it from a key that a fix wrote.
    static func resolutionViolations(before: Linter.FileResult, after: Linter.FileResult, written: Set<String>) -> [Violation] {
        var violations: [Violation] = []
        guard before.analyses.count == after.analyses.count else {
            return [Violation("safe fix changed the LoRA sections", "\(before.analyses.count) before, \(after.analyses.count) after")]
        }
        for (old, new) in zip(before.analyses, after.analyses) {
            guard let oldResolution = old.resolution, let newResolution = new.resolution else { continue }
            let oldNames = oldResolution.modules.map(\.name), newNames = newResolution.modules.map(\.name)
            if oldNames != newNames {
                violations.append(Violation("safe fix changed the adapted modules",
                    "\(oldNames.count) before, \(newNames.count) after; first difference \(zip(oldNames, newNames).first { $0 != $1 }.map { "\($0) → \($1)" } ?? "in the count")"))
                continue
            }
            for (was, now) in zip(oldResolution.modules, newResolution.modules) {
                if !same(was.r, now.r) && !(now.rankKey.map(written.contains) ?? false) {
                    violations.append(Violation("safe fix changed a rank it did not write",
                        "\(now.name): r \(was.r) → \(now.r) (key \(now.rankKey ?? "default"))"))
                }
                if !same(was.alpha, now.alpha) && !(now.alphaKey.map(written.contains) ?? false) {
                    violations.append(Violation("safe fix changed an alpha it did not write",
                        "\(now.name): alpha \(was.alpha) → \(now.alpha) (key \(now.alphaKey ?? "default"))"))
                }
            }
        }
        return violations
    }

    /// Equal, or both NaN (`r: .nan` is a value a file can hold).
    private static func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
}
