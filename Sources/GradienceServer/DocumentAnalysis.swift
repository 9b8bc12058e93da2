import Foundation
import GradienceSyntax
import GradienceInventory
import GradienceRules
import GradienceEngine

/// One revision of an open document, linted exactly as `check` lints the file: the same
/// settings, the same `Linter`, so the same findings, severities and codes. It keeps the
/// whole result (tree, fixes' edits, resolutions) for code actions and hovers.
public struct DocumentAnalysis {
    public let document: ServerDocument
    public let options: LintOptions
    /// nil when the settings file has a problem (`check` stops with exit 2 then; the
    /// editor shows the problem instead of findings from settings it could not read).
    public let result: Linter.FileResult?
    public let settingsProblem: Settings.Problem?
    let inventories: InventoryCache
    /// "Fix all safe" runs the whole fix loop; clients ask for code actions on every cursor
    /// move, so it runs once per revision.
    let fixAll = FixAllMemo()

    public var linter: Linter { Linter(options: options, inventories: inventories) }

    public static func analyse(_ document: ServerDocument, settings: ServerSettings) -> DocumentAnalysis {
        if document.isSettingsFile, (document.path as NSString).lastPathComponent != "pyproject.toml" {
            // The settings file itself: its own problem, read from the buffer as typed.
            var problem: Settings.Problem?
            do { _ = try Settings.parse(document.text) } catch let found as Settings.Problem { problem = found } catch {}
            return DocumentAnalysis(document: document, options: LintOptions(), result: nil, settingsProblem: problem,
                                    inventories: settings.currentInventories())
        }
        switch settings.options(forDocumentAt: document.path) {
        case .failure(let problem):
            return DocumentAnalysis(document: document, options: LintOptions(), result: nil, settingsProblem: problem,
                                    inventories: settings.currentInventories())
        case .success(let options):
            let inventories = settings.currentInventories()
            let linter = Linter(options: options, inventories: inventories)
            let size = document.text.bytes.count
            let result = size > options.maxFileSize
                ? linter.oversized(path: document.path, size: size, limit: options.maxFileSize)
                : linter.lint(document.text)
            return DocumentAnalysis(document: document, options: options, result: result, settingsProblem: nil, inventories: inventories)
        }
    }

    /// `textDocument/publishDiagnostics`' `diagnostics`.
    public func lspDiagnostics(pages: RulePages) -> [JSONValue] {
        if let problem = settingsProblem {
            return [settingsDiagnostic(problem)]
        }
        return (result?.diagnostics ?? []).map { lspDiagnostic($0, pages: pages) }
    }

    public func lspDiagnostic(_ diagnostic: Diagnostic, pages: RulePages) -> JSONValue {
        let text = document.text
        var members: [(String, JSONValue)] = [
            ("range", text.lspRange(diagnostic.range.bytes)),
            ("severity", .int(Self.severity(diagnostic.severity))),
            ("code", .string(diagnostic.code)),
        ]
        if let href = pages.href(code: diagnostic.code) { members.append(("codeDescription", .object([("href", .string(href))]))) }
        members.append(("source", .string(ToolInfo.name)))
        // A short first line (what editors show inline), then the notes and help (hover).
        members.append(("message", .string(diagnostic.shape.lines.joined(separator: "\n"))))
        if !diagnostic.related.isEmpty {
            members.append(("relatedInformation", .array(diagnostic.related.map { related in
                .object([
                    ("location", .object([("uri", .string(document.uri)), ("range", text.lspRange(related.range.bytes))])),
                    ("message", .string(related.message)),
                ])
            })))
        }
        return .object(members)
    }

    /// A settings problem: at its own place in the settings file, or at the start of a
    /// config it keeps from being linted.
    private func settingsDiagnostic(_ problem: Settings.Problem) -> JSONValue {
        let text = document.text
        var members: [(String, JSONValue)] = []
        if problem.path == document.path {
            let offset = text.offset(line: problem.line, scalarColumn: problem.column)
            members.append(("range", text.lspRange(offset..<text.lineRange(problem.line).upperBound)))
            members.append(("message", .string(problem.message)))
        } else {
            members.append(("range", text.lspRange(0..<0)))
            members.append(("message", .string("settings error: \(problem); nothing is checked until it is fixed")))
            // The settings file's own text gives the UTF-16 position of the problem.
            var place = LSPPosition(line: max(0, problem.line - 1), character: max(0, problem.column - 1))
            if case .success(let bytes) = SourceReader.read(path: problem.path, limit: LintOptions.defaultMaxFileSize) {
                let settingsText = SourceText(path: problem.path, bytes: bytes)
                place = settingsText.lspPosition(ofOffset: settingsText.offset(line: problem.line, scalarColumn: problem.column))
            }
            let location: JSONValue = .object([("uri", .string(ServerDocument.uri(fromPath: problem.path))),
                                               ("range", .object([("start", place.json), ("end", place.json)]))])
            members.append(("relatedInformation", .array([.object([("location", location), ("message", .string(problem.message))])])))
        }
        members += [("severity", .int(1)), ("code", .string("settings")), ("source", .string(ToolInfo.name))]
        return .object(members)
    }

    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: return 1
        case .warning: return 2
        case .info: return 3
        }
    }
}

extension SourceText {
    /// The byte offset of a 1-based line and 1-based column counted in Unicode scalars
    /// (how `Mark` and `Settings.Problem` count).
    func offset(line: Int, scalarColumn: Int) -> Int {
        let span = lineRange(line)
        var offset = span.lowerBound, column = 1
        while offset < span.upperBound, column < scalarColumn {
            offset += 1
            while offset < span.upperBound, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        return offset
    }
}

/// The fix-all action of one analysis, computed on first request.
final class FixAllMemo: Sendable {
    private let computed = Locked<JSONValue??>(nil)

    /// Computed under the lock: a second request waits for the first answer instead of
    /// computing it again.
    func value(_ compute: () -> JSONValue?) -> JSONValue? {
        computed.withLock { computed in
            if let known = computed { return known }
            let value = compute()
            computed = .some(value)
            return value
        }
    }
}
