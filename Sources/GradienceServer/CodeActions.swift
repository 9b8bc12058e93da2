import Foundation
import GradienceSyntax
import GradienceTransformer
import GradienceRules
import GradienceEngine
import GradienceReport

/// `textDocument/codeAction`, from the engine's own fixes: each finding's fix as a quick
/// fix (the Transformer's byte edits, as `--fix` would write them; safe fixes preferred,
/// unsafe ones say so), the whole safe fix loop as `source.fixAll.gradience-lint`
/// (`Fixer`, fail-closed: no action when it refuses), and, in YAML, a suppression comment.
public enum CodeActions {
    public static let fixAllKind = "source.fixAll.gradience-lint"

    /// - Parameters:
    ///   - range: the byte span the client asks about; findings touching it get actions.
    ///   - only: the kinds the client wants (nil: all).
    public static func actions(_ analysis: DocumentAnalysis, range: Range<Int>, only: [String]?, pages: RulePages) -> [JSONValue] {
        guard let result = analysis.result else { return [] }
        let wants = { (kind: String) in only.map { $0.contains { kind == $0 || kind.hasPrefix($0 + ".") } } ?? true }
        var actions: [JSONValue] = []
        let touching = result.diagnostics.filter {
            $0.range.start.offset <= range.upperBound && range.lowerBound <= $0.range.end.offset
        }
        if wants("quickfix") {
            for diagnostic in touching {
                if let action = fixAction(diagnostic, analysis, pages: pages) { actions.append(action) }
            }
            for diagnostic in touching {
                if let action = disableAction(diagnostic, analysis, pages: pages) { actions.append(action) }
            }
        }
        if wants(fixAllKind), let action = analysis.fixAll.value({ fixAllAction(analysis) }) { actions.append(action) }
        return actions
    }

    static func fixAction(_ diagnostic: Diagnostic, _ analysis: DocumentAnalysis, pages: RulePages) -> JSONValue? {
        guard let fix = diagnostic.fix, fix.applicability != .displayOnly, !fix.edits.isEmpty, let result = analysis.result else { return nil }
        let plan = Transformer.plan(fix.edits, in: result.parsed)
        // All of the fix or nothing: a partly written fix is not the fix the rule proposed.
        guard plan.rejected.isEmpty, plan.deferred.isEmpty, !plan.textEdits.isEmpty else { return nil }
        let safe = fix.applicability == .safe
        let title = "\(diagnostic.code): \(fix.description)" + (safe ? "" : " (unsafe: changes training beyond what the config says)")
        return action(title: title, kind: "quickfix", preferred: safe, diagnostic: analysis.lspDiagnostic(diagnostic, pages: pages),
                      edits: plan.textEdits, analysis)
    }

    /// The whole safe fix loop, as `check --fix` runs it, as one action: offered only when
    /// there is a safe fix and the loop accepts its result.
    static func fixAllAction(_ analysis: DocumentAnalysis) -> JSONValue? {
        guard let result = analysis.result,
              result.diagnostics.contains(where: { $0.fix?.applicability == .safe && !($0.fix?.edits.isEmpty ?? true) }),
              case .success(let outcome) = Fixer(linter: analysis.linter, includeUnsafe: false).fix(analysis.document.text),
              outcome.changed else { return nil }
        let counts = outcome.applied.values.reduce(0, +)
        return action(title: "Fix all safe gradience-lint findings (\(counts))", kind: fixAllKind, preferred: false, diagnostic: nil,
                      edits: lineEdits(from: analysis.document.text.bytes, to: outcome.bytes), analysis)
    }

    /// `# gradience-lint: disable=CODE` for the finding's first line (SuppressionDirective's
    /// syntax): added to a directive already covering the line, else at the line's end, else
    /// — when the line ends in a comment of its own or inside a multi-line scalar — on a line
    /// of its own above, which covers the next non-comment line.
    static func disableAction(_ diagnostic: Diagnostic, _ analysis: DocumentAnalysis, pages: RulePages) -> JSONValue? {
        guard let result = analysis.result, let edit = disableEdit(for: diagnostic, in: result.parsed) else { return nil }
        return action(title: "Disable \(diagnostic.code) for this line", kind: "quickfix", preferred: false,
                      diagnostic: analysis.lspDiagnostic(diagnostic, pages: pages), edits: [edit], analysis)
    }

    public static func disableEdit(for diagnostic: Diagnostic, in file: ParsedFile) -> TextEdit? {
        let source = file.source
        // JSON has no comments; a file that does not parse has no comments to trust (and a
        // GL018 about a comment is answered by its own fix).
        guard !source.isJSON, file.problem == nil, diagnostic.code != UnusedSuppression.metadata.code else { return nil }
        let line = diagnostic.range.start.line
        let comments = Comments.scan(file)
        let commentLines = Set(comments.filter(\.isOwnLine).map(\.range.start.line))
        for comment in comments {
            guard let directive = SuppressionDirective(comment), directive.kind == .disable,
                  directive.targetLine(in: source, commentLines: commentLines) == line else { continue }
            if directive.codes.contains(where: { $0.code == diagnostic.code }) { return nil }
            let codes = directive.codes + [SuppressionDirective.Code(written: diagnostic.code, code: diagnostic.code)]
            return TextEdit(range: comment.range.bytes, replacement: directive.rewritten(keeping: codes))
        }
        let directive = "# \(SuppressionDirective.prefix) disable=\(diagnostic.code)"
        let lineSpan = source.lineRange(line)
        let spans = Comments.scalarSpans(file)
        let inScalar = { (offset: Int) in spans.contains { $0.lowerBound < offset && offset < $0.upperBound } }
        let trailing = comments.contains { $0.range.start.line == line }
        if !trailing, !inScalar(lineSpan.upperBound) {
            return TextEdit(range: lineSpan.upperBound..<lineSpan.upperBound, replacement: "  " + directive)
        }
        guard !inScalar(lineSpan.lowerBound) else { return nil }
        let indent = source.bytes[lineSpan].prefix { $0 == 0x20 || $0 == 0x09 }
        // The line's own break (the file's habit): `\n`, `\r\n` or `\r`.
        let nextStart = line < source.lineStarts.count ? source.lineStarts[line] : lineSpan.upperBound
        let ownBreak = source.text(lineSpan.upperBound..<nextStart)
        let lineBreak = ownBreak.isEmpty ? "\n" : ownBreak
        return TextEdit(range: lineSpan.lowerBound..<lineSpan.lowerBound, replacement: Array(indent) + Array((directive + lineBreak).utf8))
    }

    /// Byte edits turning `old` into `new`, one per changed run of lines (so the editor
    /// keeps its marks on the lines no fix touched).
    static func lineEdits(from old: [UInt8], to new: [UInt8]) -> [TextEdit] {
        let oldLines = lineSpans(old), newLines = lineSpans(new)
        let script = UnifiedDiff.editScript(oldLines.map { String(decoding: old[$0], as: UTF8.self) },
                                            newLines.map { String(decoding: new[$0], as: UTF8.self) })
        var edits: [TextEdit] = []
        var index = 0
        while index < script.count {
            guard script[index].kind != .same else { index += 1; continue }
            let first = script[index]
            var deleted = 0, inserted = 0
            while index < script.count, script[index].kind != .same {
                if script[index].kind == .delete { deleted += 1 } else { inserted += 1 }
                index += 1
            }
            let oldStart = offset(ofLine: first.oldLine, oldLines, old.count), oldEnd = offset(ofLine: first.oldLine + deleted, oldLines, old.count)
            let newStart = offset(ofLine: first.newLine, newLines, new.count), newEnd = offset(ofLine: first.newLine + inserted, newLines, new.count)
            edits.append(TextEdit(range: oldStart..<oldEnd, replacement: Array(new[newStart..<newEnd])))
        }
        return edits
    }

    private static func lineSpans(_ bytes: [UInt8]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            spans.append(start..<offset + 1)
            start = offset + 1
        }
        if start < bytes.count { spans.append(start..<bytes.count) }
        return spans
    }

    private static func offset(ofLine line: Int, _ spans: [Range<Int>], _ count: Int) -> Int {
        line < spans.count ? spans[line].lowerBound : count
    }

    private static func action(title: String, kind: String, preferred: Bool, diagnostic: JSONValue?, edits: [TextEdit],
                               _ analysis: DocumentAnalysis) -> JSONValue {
        let text = analysis.document.text
        let lspEdits: [JSONValue] = edits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { edit in
            .object([("range", text.lspRange(edit.range)), ("newText", .string(String(decoding: edit.replacement, as: UTF8.self)))])
        }
        var members: [(String, JSONValue)] = [("title", .string(title)), ("kind", .string(kind))]
        if let diagnostic { members.append(("diagnostics", .array([diagnostic]))) }
        if preferred { members.append(("isPreferred", .bool(true))) }
        members.append(("edit", .object([("changes", .object([(analysis.document.uri, .array(lspEdits))]))])))
        return .object(members)
    }
}
