import GradienceSyntax
import GradiencePEFT
import GradienceConfig
import GradienceRules
/// The suppression stage, run by the Linter after the rules: settings (`per-file-ignores`,
/// `ignore-keys`) first, then `# gradience-lint:` comments, then GL018 for every comment
/// that silenced nothing — so `--fix` can delete a suppression that outlived its finding.
///
/// A suppression is judged unused only when its verdict cannot change in another run:
/// - a code whose rule did not run (`select`, `ignore`) is never called unused;
/// - when a LoRA document in the file had no module inventory, the rules that need one
///   ran reduced and might fire with an inventory, so their codes are not called unused
///   there; codes of rules that read the file alone (GL013's duplicate keys, GL014's
///   unknown keys …) still are, as are unknown codes and malformed comments;
/// - settings entries are never called unused: pre-commit passes only changed files, so
///   a glob that matched nothing in this run may match plenty in the next.
public struct Suppressions {
    public struct Outcome {
        /// What remains to report, GL018 included.
        public var kept: [Diagnostic] = []
        public var suppressed: [Diagnostic] = []
    }

    public let file: ParsedFile
    public let directives: [SuppressionDirective]
    private let commentLines: Set<Int>

    public init(file: ParsedFile) {
        self.file = file
        let comments = Comments.scan(file)
        directives = comments.compactMap(SuppressionDirective.init)
        commentLines = Set(comments.filter(\.isOwnLine).map(\.range.start.line))
    }

    /// - Parameters:
    ///   - relativePath: the file's path relative to the settings folder, for globs.
    ///   - judgeUnused: false when the rules ran without an inventory (see above).
    ///   - report: turns a GL018 finding into a diagnostic (the Linter's severity rules).
    public func apply(_ diagnostics: [Diagnostic], options: LintOptions, relativePath: String, judgeUnused: Bool,
                      report: (Finding) -> Diagnostic) -> Outcome {
        var outcome = Outcome()
        var used = directives.map { [Bool](repeating: false, count: $0.codes.count) }
        let targets = directives.map { $0.targetLine(in: file.source, commentLines: commentLines) }

        func silence(_ diagnostic: Diagnostic) -> Bool {
            if options.suppressions.suppresses(diagnostic, relativePath: relativePath) { return true }
            var silenced = false
            for (index, directive) in directives.enumerated() {
                guard directive.kind == .disableFile || targets[index] == diagnostic.range.start.line else { continue }
                for (position, code) in directive.codes.enumerated() where code.code == diagnostic.code {
                    used[index][position] = true
                    silenced = true
                }
            }
            return silenced
        }

        for diagnostic in diagnostics {
            if silence(diagnostic) { outcome.suppressed.append(diagnostic) } else { outcome.kept.append(diagnostic) }
        }
        guard options.isEnabled(UnusedSuppression.metadata.code) else { return outcome }
        // GL018 findings may be silenced too (by settings, or a comment naming GL018).
        for (index, directive) in directives.enumerated() {
            guard let finding = unusedFinding(directive, target: targets[index], used: used[index], options: options,
                                              judgeUnused: judgeUnused) else { continue }
            let diagnostic = report(finding)
            if silence(diagnostic) { outcome.suppressed.append(diagnostic) } else { outcome.kept.append(diagnostic) }
        }
        return outcome
    }

    /// GL018 for one directive, or nil when every code it names did its job.
    func unusedFinding(_ directive: SuppressionDirective, target: Int?, used: [Bool], options: LintOptions,
                       judgeUnused: Bool) -> Finding? {
        let comment = directive.comment
        let pointer = target.map(pointer(onLine:)) ?? ""
        guard let kind = directive.kind else {
            let hint = Suggestion.didYouMean(directive.word, among: SuppressionDirective.Kind.allCases.map(\.rawValue))
            return Finding(range: comment.range, keyPath: pointer,
                           message: "suppression comment does nothing: unknown directive '\(directive.word)'\(hint)")
        }
        guard !directive.codes.isEmpty else {
            if directive.spelling == .noqa {
                return Finding(range: comment.range, keyPath: pointer,
                               message: "a bare '# noqa' silences nothing here; gradience-lint has no blanket suppression; write '# noqa: GL0xx' (or '# gradience-lint: disable=GL0xx') with the codes it silences")
            }
            return Finding(range: comment.range, keyPath: pointer,
                           message: "suppression comment does nothing: it names no rule codes; write \(kind.rawValue)=GL0xx with the codes it silences")
        }
        var unknown: [String] = []
        var unused: [String] = []
        var kept: [SuppressionDirective.Code] = []
        for (position, code) in directive.codes.enumerated() {
            guard let known = code.code else {
                unknown.append("unknown rule code '\(code.written)' in suppression\(Self.didYouMean(code: code.written))")
                continue
            }
            // Without an inventory only a rule that reads the file alone has its final say.
            let final = judgeUnused || RuleRegistry.rule(code: known)?.metadata.readsFileAlone == true
            let judged = known != UnusedSuppression.metadata.code && options.isEnabled(known) && final
            if judged && !used[position] { unused.append(known) } else { kept.append(code) }
        }
        if unknown.isEmpty && unused.isEmpty { return nil }
        var parts = unknown
        if !unused.isEmpty {
            let names = unused.map { "\($0) (\(RuleRegistry.rule(code: $0)!.metadata.name))" }.joined(separator: ", ")
            let place: String
            switch (kind, target) {
            case (.disableFile, _): place = "in this file"
            case (.disable, let line?): place = "on line \(line)"
            case (.disable, nil): place = "(no line follows the comment)"
            }
            parts.append("unused suppression: \(names) reported nothing \(place)")
        }
        let fix: Fix
        if kept.isEmpty {
            fix = Fix(applicability: .safe, description: "remove the suppression comment",
                      edits: [.removeComment(at: comment.range.start.offset)])
        } else {
            let dropped = directive.codes.filter { code in !kept.contains { $0.written == code.written } }.map(\.written)
            fix = Fix(applicability: .safe, description: "drop \(dropped.joined(separator: ", ")) from the suppression",
                      edits: [.replaceComment(at: comment.range.start.offset, with: directive.rewritten(keeping: kept))])
        }
        return Finding(range: comment.range, keyPath: pointer, message: parts.joined(separator: "; "), fix: fix)
    }

    /// `GL0013` means GL013 more often than GL001: compare numbers before spellings.
    static func didYouMean(code written: String) -> String {
        let upper = written.uppercased()
        if upper.hasPrefix("GL"), let number = Int(upper.dropFirst(2)), number >= 0 {
            let candidate = "GL" + String(repeating: "0", count: max(0, 3 - String(number).count)) + String(number)
            if RuleRegistry.rule(code: candidate) != nil { return "; did you mean '\(candidate)'?" }
        }
        return Suggestion.didYouMean(written, among: RuleRegistry.codes + RuleRegistry.all.map { $0.metadata.name })
    }

    /// The pointer of the first key or item that starts on `line` (the shallowest), so a
    /// GL018 finding has a stable address for baselines.
    func pointer(onLine line: Int) -> String {
        var stack: [(Node, String)] = file.documents.reversed().map { ($0, "") }
        while let (node, pointer) = stack.popLast() {
            switch node.kind {
            case .mapping(let entries):
                let children = entries.map { (JSONPointer.appending(pointer, $0.keyText ?? ""), $0.key, $0.value) }
                if let hit = children.first(where: { $0.1.range.start.line == line }) { return hit.0 }
                stack += children.reversed().map { ($0.2, $0.0) }
            case .sequence(let items):
                let children = items.enumerated().map { (JSONPointer.appending(pointer, $0.offset), $0.element) }
                if let hit = children.first(where: { $0.1.range.start.line == line }) { return hit.0 }
                stack += children.reversed().map { ($0.1, $0.0) }
            case .scalar, .alias:
                break
            }
        }
        return ""
    }
}
