import GradienceSyntax
import GradienceTransformer
import GradiencePEFT
import GradienceConfig
import GradienceRules
/// The fix loop (DESIGN.md §5): apply fixes, re-parse, re-lint, repeat to a fixpoint —
/// and fail closed. A round whose result does not parse, changes values outside what the
/// fixes target, or (for safe fixes) changes a module's resolution beyond the fix's
/// intent stops the loop; nothing is written for that file. A fix never creates a problem
/// of its own making: after fixing, the file may carry only findings that the original
/// has or that the *intended* config has (the original with every GL001 key stripped, so
/// every key applies as written). A fix whose result would hold any other is withheld
/// (shown, never written).
public struct Fixer {
    public let linter: Linter
    public var includeUnsafe: Bool
    public var maxRounds = 20

    public init(linter: Linter, includeUnsafe: Bool) {
        self.linter = linter
        self.includeUnsafe = includeUnsafe
    }

    public struct Outcome {
        /// The fixed bytes (equal to the input when nothing applied).
        public let bytes: [UInt8]
        /// Fixes applied, per rule code.
        public let applied: [String: Int]
        /// The codes of the fixes applied in each round, in order.
        public var rounds: [[String]] = []
        /// The fixes applied, in order (for checks made from outside, such as the fuzzer's).
        public var fixes: [Fix] = []
        /// The lint result of the fixed text: what remains.
        public let remaining: Linter.FileResult
        public var changed: Bool { !applied.isEmpty }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        /// The rules whose fixes were involved.
        public let codes: [String]
        public init(path: String, reason: String, codes: [String]) {
            self.path = path
            self.reason = reason
            self.codes = codes
        }

        public var description: String {
            "\(path): fix refused, file left untouched: \(reason)" + (codes.isEmpty ? "" : " (rules: \(codes.joined(separator: ", ")))")
        }
    }

    public func fix(_ original: SourceText) -> Result<Outcome, Failure> {
        var source = original
        var result = linter.lint(source)
        var applied: [String: Int] = [:]
        var seen: Set<[UInt8]> = [source.bytes]
        var involved: Set<String> = []
        var rounds: [[String]] = []
        var fixes: [Fix] = []
        // The findings of the input (their key paths following the keys fixes rename): the
        // result may hold no other. A round may pass through one that a later round fixes
        // (GL017's own cascade); the end result is checked again.
        var allowedFindings = FindingIdentity.all(in: result)
        // The findings of the intended config, named as they are once its keys are renamed:
        // worked out only when a result holds a finding the original did not.
        let originalResult = result
        var intendedMemo: Set<FindingIdentity>?
        // The result linted last: when a round applied every GL001 rename and nothing else,
        // it is the intended config, and linting that again would double a giant's work.
        var latest = result
        func intended() -> Set<FindingIdentity> {
            if let intendedMemo { return intendedMemo }
            var found: Set<FindingIdentity> = []
            if let meant = Self.intendedSource(original, originalResult) {
                found = FindingIdentity.all(in: latest.source.bytes == meant.bytes ? latest : linter.lint(meant))
            }
            intendedMemo = found
            return found
        }
        // Diagnostics whose fix would add a finding, with what it would add.
        var withheld: [FindingIdentity: [FindingIdentity]] = [:]
        // Fixes that add findings only together with others: they wait for a later round.
        var waiting: Set<FindingIdentity> = []
        func done(_ result: Linter.FileResult) -> Result<Outcome, Failure> {
            latest = result
            var left = FindingIdentity.all(in: result).subtracting(allowedFindings)
            if !left.isEmpty { left.subtract(intended()) }
            if !left.isEmpty {
                return .failure(Failure(path: original.path, reason: "the fixes would leave \(Array(Set(left.map(\.code))).sorted().joined(separator: ", ")), which the file did not have",
                                        codes: Array(involved).sorted()))
            }
            var remaining = result
            remaining.diagnostics = remaining.diagnostics.map { Self.markWithheld($0, withheld) }
            var outcome = Outcome(bytes: source.bytes, applied: applied, remaining: remaining)
            outcome.rounds = rounds
            outcome.fixes = fixes
            return .success(outcome)
        }
        for _ in 0..<maxRounds {
            guard result.parsed.problem == nil else { return done(result) }
            let candidates = fixable(result.diagnostics).filter {
                withheld[FindingIdentity($0)] == nil && !waiting.contains(FindingIdentity($0))
            }
            guard !candidates.isEmpty else { return done(result) }
            involved.formUnion(candidates.map(\.code))
            let round = plan(candidates, in: result.parsed)
            // Every fix left is one the Transformer cannot write: report, don't loop.
            guard !round.chosen.isEmpty else { return done(result) }
            let (bytes, leftOver) = TextEditApplier.apply(round.textEdits, to: source.bytes)
            let codes = Array(Set(round.chosen.map(\.code))).sorted()
            guard leftOver.isEmpty else { return .failure(Failure(path: original.path, reason: "an edit fell outside the file", codes: codes)) }
            let next = SourceText(path: source.path, bytes: bytes, isJSON: source.isJSON)
            let nextResult = linter.lint(next)
            if let problem = nextResult.parsed.problem {
                return .failure(Failure(path: original.path, reason: "the fixed text would not parse (\(problem.message) at line \(problem.range.start.line))", codes: codes))
            }
            if let reason = verify(before: result, after: nextResult, fixes: round.chosen) {
                return .failure(Failure(path: original.path, reason: reason, codes: codes))
            }
            let renames = FindingIdentity.renames(by: round.chosen, in: result.parsed)
            let allowedAfter = FindingIdentity.forward(allowedFindings, renames)
            latest = nextResult
            var added = unfixable(in: nextResult).subtracting(allowedAfter)
            if !added.isEmpty { added.subtract(intended()) }
            if !added.isEmpty {
                // Find the fixes that add findings on their own and withhold them; when only
                // their combination does, the first goes alone and the rest wait a round.
                var culprits = 0
                for diagnostic in round.chosen {
                    let alone = addedFindings(applying: diagnostic, to: source, result, allowed: allowedFindings, intended: intended())
                    if !alone.isEmpty { withheld[FindingIdentity(diagnostic)] = Array(alone); culprits += 1 }
                }
                if culprits == 0 { waiting.formUnion(round.chosen.dropFirst().map(FindingIdentity.init)) }
                continue
            }
            guard seen.insert(bytes).inserted else {
                return .failure(Failure(path: original.path, reason: "the fixes cycle back to an earlier state", codes: Array(involved).sorted()))
            }
            for diagnostic in round.chosen { applied[diagnostic.code, default: 0] += 1 }
            rounds.append(round.chosen.map(\.code))
            fixes += round.chosen.compactMap(\.fix)
            source = next
            result = nextResult
            waiting = []
            allowedFindings = allowedAfter
        }
        return .failure(Failure(path: original.path, reason: "the fixes did not converge in \(maxRounds) rounds", codes: Array(involved).sorted()))
    }

    /// What applying one diagnostic's fix alone would add to `allowed` and `intended`.
    private func addedFindings(applying diagnostic: Diagnostic, to source: SourceText, _ result: Linter.FileResult,
                               allowed: Set<FindingIdentity>, intended: Set<FindingIdentity>) -> Set<FindingIdentity> {
        let plan = Transformer.plan(diagnostic.fix!.edits, in: result.parsed)
        let (bytes, leftOver) = TextEditApplier.apply(plan.textEdits, to: source.bytes)
        guard leftOver.isEmpty else { return [] }
        let next = linter.lint(SourceText(path: source.path, bytes: bytes, isJSON: source.isJSON))
        let renames = FindingIdentity.renames(by: [diagnostic], in: result.parsed)
        return unfixable(in: next).subtracting(FindingIdentity.forward(allowed, renames)).subtracting(intended)
    }

    /// The findings of `result` that no later round of this loop could fix.
    private func unfixable(in result: Linter.FileResult) -> Set<FindingIdentity> {
        Set(result.diagnostics.filter { diagnostic in
            guard let fix = diagnostic.fix, !fix.edits.isEmpty else { return true }
            return !(fix.applicability == .safe || (fix.applicability == .unsafe && includeUnsafe))
        }.map(FindingIdentity.init))
    }

    /// The intended config (DESIGN.md §5): `original` with every key GL001 would rename
    /// renamed, whatever the rename's applicability (the config as it evidently means
    /// itself). Findings there are the file's own, not a fix's: once the keys apply, its own
    /// values may give modules different scalings (GL007).
    public static func intendedSource(_ original: SourceText, _ result: Linter.FileResult) -> SourceText? {
        guard result.parsed.problem == nil else { return nil }
        let planner = Transformer.Planner(result.parsed)
        var textEdits: [TextEdit] = []
        for diagnostic in result.diagnostics where diagnostic.code == PrefixedPatternKey.metadata.code {
            let renames = (diagnostic.fix?.edits ?? []).filter { if case .renameKey = $0 { return true } else { return false } }
            guard !renames.isEmpty else { continue }
            let plan = planner.plan(renames)
            if plan.rejected.isEmpty, plan.deferred.isEmpty { textEdits += plan.textEdits }
        }
        guard !textEdits.isEmpty else { return nil }
        let (bytes, _) = TextEditApplier.apply(textEdits, to: original.bytes)
        return SourceText(path: original.path, bytes: bytes, isJSON: original.isJSON)
    }

    /// A withheld fix stays in the report, display-only, saying what it would have added.
    static func markWithheld(_ diagnostic: Diagnostic, _ withheld: [FindingIdentity: [FindingIdentity]]) -> Diagnostic {
        guard let added = withheld[FindingIdentity(diagnostic)], var fix = diagnostic.fix, fix.applicability != .displayOnly else { return diagnostic }
        fix.applicability = .displayOnly
        if !added.isEmpty {
            fix.description += " (not applied: it would add \(Array(Set(added.map(\.code))).sorted().joined(separator: ", ")))"
        }
        var copy = diagnostic
        copy.fix = fix
        return copy
    }

    /// Safe fixes first; unsafe ones (when asked for) only in rounds of their own, so each
    /// safe round can be checked against its intent.
    private func fixable(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let safe = diagnostics.filter { $0.fix?.applicability == .safe && !($0.fix?.edits.isEmpty ?? true) }
        if !safe.isEmpty || !includeUnsafe { return safe }
        return diagnostics.filter { $0.fix?.applicability == .unsafe && !($0.fix?.edits.isEmpty ?? true) }
    }

    /// One round: each fix goes in whole or waits for the next round. Root causes first
    /// (lower codes: GL001 before the rules that count on its keys). Two fixes that touch
    /// the same mapping share a round only when they are one rule's renames or removals of
    /// distinct keys (the rule judged them as one set: a complete pattern's renames go in
    /// one round); other pairs interact in meaning (a renamed key and a pinned full name,
    /// say) even when their bytes do not overlap, and wait.
    private func plan(_ candidates: [Diagnostic], in file: ParsedFile) -> (chosen: [Diagnostic], textEdits: [TextEdit]) {
        var chosen: [Diagnostic] = []
        var planned: [[TextEdit]] = []
        var claims = Claims()
        let pointers = file.documents.map(ValueTreeDiff.pointers(in:)).reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        let planner = Transformer.Planner(file)
        for diagnostic in candidates.sorted(by: { $0.code < $1.code }) {
            let edits = diagnostic.fix!.edits
            let claim = Claims.of(edits, code: diagnostic.code, pointers: pointers)
            guard !claims.conflicts(claim) else { continue }
            let plan = planner.plan(edits)
            guard plan.rejected.isEmpty, plan.deferred.isEmpty else { continue }
            chosen.append(diagnostic)
            planned.append(plan.textEdits)
            claims.add(claim)
        }
        guard TextEdit.mayConflict(planned.flatMap { $0 }) else { return (chosen, planned.flatMap { $0 }) }
        // Bytes that may overlap: keep the earlier fix, the later waits a round.
        var kept: [Diagnostic] = []
        var textEdits: [TextEdit] = []
        for (diagnostic, edits) in zip(chosen, planned) {
            if edits.contains(where: { new in textEdits.contains { $0.conflicts(with: new) } }) { continue }
            kept.append(diagnostic)
            textEdits += edits
        }
        return (kept, textEdits)
    }

    /// What a round's fixes hold: per mapping or sequence, either distinct keys (renames and
    /// removals, per rule) or the whole container.
    struct Claims {
        struct Claim {
            var containers: [(container: String, keys: Set<String>?)]
            var code: String
        }

        private var whole: Set<String> = []
        private var keys: [String: (code: String, keys: Set<String>)] = [:]
        /// Every container claimed, for the nesting check (a handful per round).
        private var containers: Set<String> = []

        static func of(_ edits: [SemanticEdit], code: String, pointers: [ObjectIdentifier: String]) -> Claim {
            var byContainer: [String: Set<String>?] = [:]
            for edit in edits {
                let targets = ValueTreeDiff.targets(of: edit, pointers: pointers)
                let keyLevel: Bool
                switch edit {
                case .renameKey, .removeEntry: keyLevel = true
                default: keyLevel = false
                }
                for target in targets {
                    let container = container(target)
                    let key = String(target.dropFirst(container.count))
                    if keyLevel, case .some(.some(var held)) = byContainer[container] {
                        held.insert(key)
                        byContainer[container] = .some(held)
                    } else if keyLevel, byContainer[container] == nil {
                        byContainer[container] = .some([key])
                    } else {
                        byContainer[container] = .some(nil)
                    }
                }
            }
            return Claim(containers: byContainer.map { ($0.key, $0.value) }, code: code)
        }

        func conflicts(_ claim: Claim) -> Bool {
            for (container, held) in claim.containers {
                if containers.contains(where: { $0 != container && Self.related($0, container) }) { return true }
                if whole.contains(container) { return true }
                if let existing = keys[container] {
                    guard let held, existing.code == claim.code, existing.keys.isDisjoint(with: held) else { return true }
                }
            }
            return false
        }

        /// The mapping or sequence an edit's target sits in.
        static func container(_ pointer: String) -> String {
            guard let slash = pointer.lastIndex(of: "/") else { return "" }
            return String(pointer[..<slash])
        }

        static func related(_ a: String, _ b: String) -> Bool {
            a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
        }

        mutating func add(_ claim: Claim) {
            for (container, held) in claim.containers {
                containers.insert(container)
                if let held {
                    keys[container, default: (claim.code, [])].keys.formUnion(held)
                } else {
                    whole.insert(container)
                }
            }
        }
    }

    /// Why a round must be refused, or nil when it did only what its fixes target.
    private func verify(before: Linter.FileResult, after: Linter.FileResult, fixes: [Diagnostic]) -> String? {
        guard before.parsed.documents.count == after.parsed.documents.count else { return "the number of documents changed" }
        if Self.duplicateKeys(after.parsed) > Self.duplicateKeys(before.parsed) { return "the result would repeat a key" }
        for (index, (old, new)) in zip(before.parsed.documents, after.parsed.documents).enumerated() {
            let pointers = ValueTreeDiff.pointers(in: old)
            let allowed = Set(fixes.flatMap { $0.fix!.edits.flatMap { ValueTreeDiff.targets(of: $0, pointers: pointers) } })
            var budget = 5_000_000
            let changed = ValueTreeDiff.differences(old, new, budget: &budget)
            if let outside = changed.first(where: { !ValueTreeDiff.isWithin($0, anyOf: allowed) }) {
                return "the result changes \(outside.isEmpty ? "the document root" : outside) in document \(index + 1), which no fix targets"
            }
        }
        let intents = fixes.map { $0.fix!.intent }
        // A fix that says which scaling every module ends at must do exactly that.
        for case .givesScaling(let target) in intents {
            for analysis in after.analyses {
                guard let resolution = analysis.resolution else { continue }
                if let module = resolution.modules.first(where: { abs($0.scaling - target) > 1e-9 }) {
                    return "a fix meant to give every module scaling \(LoraSettings.format(target)) leaves \(module.name) at \(LoraSettings.format(module.scaling))"
                }
            }
        }
        guard fixes.allSatisfy({ $0.fix!.applicability == .safe }) else { return nil }
        for (old, new) in zip(before.analyses, after.analyses) {
            guard let oldResolution = old.resolution, let newResolution = new.resolution else { continue }
            if let reason = Self.resolutionChange(oldResolution, newResolution, intents: intents) { return reason }
        }
        return nil
    }

    static func duplicateKeys(_ file: ParsedFile) -> Int {
        var count = 0
        var stack = file.documents
        while let node = stack.popLast() {
            if let items = node.items, !node.isAlias { stack += items }
            if case .mapping(let entries) = node.kind {
                count += entries.count - Set(entries.map { $0.keyText ?? "" }).count
                stack += entries.map(\.value)
            }
        }
        return count
    }

    /// A module whose adapter changed in a way no intent explains.
    static func resolutionChange(_ old: Resolution, _ new: Resolution, intents: [FixIntent]) -> String? {
        let newByName = Dictionary(new.modules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard Set(old.modules.map(\.name)) == Set(newByName.keys) else { return "a safe fix changed which modules are adapted" }
        // The keys fixes make apply, per pattern: a round may hold thousands.
        var applying: [PatternKind: Set<String>] = [.rank: [], .alpha: []]
        for case .makesKeyApply(let kind, let key) in intents { applying[kind]!.insert(key) }
        for module in old.modules {
            let updated = newByName[module.name]!
            if module.r != updated.r {
                let explained = updated.rankKey.map { applying[.rank]!.contains($0) } ?? false
                if !explained { return "a safe fix would change \(module.name) from r=\(LoraSettings.format(module.r)) to r=\(LoraSettings.format(updated.r))" }
            }
            if module.alpha != updated.alpha {
                let explained = updated.alphaKey.map { applying[.alpha]!.contains($0) } ?? false
                if !explained { return "a safe fix would change \(module.name) from alpha=\(LoraSettings.format(module.alpha)) to alpha=\(LoraSettings.format(updated.alpha))" }
            }
        }
        return nil
    }
}
