import GradienceLint

/// What `--fix` promises, checked from outside the `Fixer`: when it succeeds its output
/// parses, is a fixpoint (fixing it again changes nothing), its remaining diagnostics
/// point into the new text, and — for safe fixes — every module keeps its resolution
/// except where a fix wrote the key that now decides it; when it fails, it fails closed.
enum FixInvariants {
    static func check(_ source: SourceText, linter: Linter, strict: Bool, unsafe: Bool) -> [Violation] {
        let fixer = Fixer(linter: linter, includeUnsafe: unsafe)
        let mode = unsafe ? "unsafe fix" : "fix"
        switch fixer.fix(source) {
        case .failure(let failure):
            // Fail closed: a Failure carries no bytes, so nothing can be written. A refusal
            // still means some rule proposed a bad fix; strict mode reports it.
            return strict ? [Violation("\(mode) refused", failure.description)] : []
        case .success(let outcome):
            guard outcome.changed else {
                return outcome.bytes == source.bytes ? [] : [Violation("\(mode) changed bytes without applying a fix", "\(outcome.bytes.count) bytes")]
            }
            var violations: [Violation] = []
            if let problem = outcome.remaining.parsed.problem {
                return [Violation("\(mode) output does not parse", "\(problem.message) at \(problem.range.start)")]
            }
            if outcome.remaining.source.bytes != outcome.bytes {
                violations.append(Violation("\(mode) reports on other bytes than it writes", "\(outcome.remaining.source.bytes.count) vs \(outcome.bytes.count)"))
            }
            violations += SpanInvariants.check(outcome.remaining.diagnostics, in: outcome.remaining.source)
            let fixed = SourceText(path: source.path, bytes: outcome.bytes, isJSON: source.isJSON)
            switch fixer.fix(fixed) {
            case .failure(let again):
                violations.append(Violation("\(mode) output is not a fixpoint", "fixing it again fails: \(again)"))
            case .success(let again) where again.changed:
                violations.append(Violation("\(mode) output is not a fixpoint", "fixing it again applies \(again.applied)"))
            case .success:
                break
            }
            if !unsafe {
                let written = Set(outcome.fixes.flatMap(\.edits).flatMap(keysWritten))
                violations += resolutionViolations(before: linter.lint(source), after: outcome.remaining, written: written)
            }
            return violations
        }
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
        case .removeEntry, .removeSequenceItem, .removeComment, .replaceComment: return []
        }
    }

    /// DESIGN.md §5: a safe fix makes PEFT do what the config evidently says. Checked
    /// without the Fixer's notion of intent: the adapted modules stay the same, and a
    /// module whose r or alpha changed now takes it from a key that a fix wrote.
    static func resolutionViolations(before: Linter.FileResult, after: Linter.FileResult, written: Set<String>) -> [Violation] {
        var violations: [Violation] = []
        guard before.analyses.count == after.analyses.count else {
            return [Violation("safe fix changed the LoRA sections", "\(before.analyses.count) before, \(after.analyses.count) after")]
        }
        for (old, new) in zip(before.analyses, after.analyses) {
            guard let oldResolution = old.resolution, let newResolution = new.resolution else { continue }
            let oldNames = oldResolution.modules.map(\.name), newNames = newResolution.modules.map(\.name)
            if oldNames != newNames {
                violations.append(Violation("safe fix changed the adapted modules", "\(oldNames.count) before, \(newNames.count) after"))
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
