import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceServer

/// Issue 23: every way of reporting or applying a fix tells the same story, over every
/// fixture. `--statistics` counts as fixable exactly the findings whose JSON `fix` field
/// says safe; `--fix` fixes each of them; `--diff` shows exactly what `--fix` writes; the
/// language server's `source.fixAll` produces the same bytes as `--fix`, and the quick
/// fixes it prefers are the safe fixes the command line applies.
@Suite struct FixAgreementTests {
    typealias Finding = TrustworthyFixPropertyTests.Identity

    /// The findings of a JSON report with their fix's applicability.
    static func findings(_ json: String, root: String) throws -> [(Finding, String?)] {
        try TrustworthyFixPropertyTests.diagnostics(json, root: root).map { identity, diagnostic in
            (identity, (diagnostic["fix"] as? [String: Any])?["applicability"] as? String)
        }
    }

    /// The bytes an editor ends with after applying the server's `source.fixAll` action (its
    /// edits from last to first, as content changes); nil when the server offers none.
    static func editorFixAll(_ file: URL, bytes: [UInt8], settings: ServerSettings) throws -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        let uri = file.absoluteString
        let document = ServerDocument(uri: uri, languageID: nil, version: 1, text: text, revision: 1)
        let analysis = DocumentAnalysis.analyse(document, settings: settings)
        let actions = CodeActions.actions(analysis, range: 0..<bytes.count, only: [CodeActions.fixAllKind], pages: RulePages(base: nil))
        guard let action = actions.first else { return nil }
        let edits = action["edit"]?["changes"]?[uri]?.arrayValue ?? []
        var edited = document
        let changes = edits.reversed().map { edit in
            JSONValue.object([("range", edit["range"] ?? .null), ("text", edit["newText"] ?? .null)])
        }
        try edited.apply(changes: changes, version: 2, revision: 2)
        return edited.text.bytes
    }

    /// The findings the server offers a preferred quick fix for.
    static func preferredQuickFixes(_ file: URL, bytes: [UInt8], settings: ServerSettings, root: String) -> Set<Finding> {
        let document = ServerDocument(uri: file.absoluteString, languageID: nil, version: 1, text: String(decoding: bytes, as: UTF8.self), revision: 1)
        let analysis = DocumentAnalysis.analyse(document, settings: settings)
        var found: Set<Finding> = []
        for diagnostic in analysis.result?.diagnostics ?? [] {
            guard let action = CodeActions.fixAction(diagnostic, analysis, pages: RulePages(base: nil)),
                  action["isPreferred"] == .bool(true) else { continue }
            found.insert(TrustworthyFixPropertyTests.identity(path: String(file.path.dropFirst(root.count)), code: diagnostic.code,
                                                               keyPath: diagnostic.keyPath))
        }
        return found
    }

    @Test func everyFixtureAgreesAcrossStatisticsJSONDiffFixAndTheEditor() throws {
        let copy = try TrustworthyFixPropertyTests.writableCopy(of: Fixtures.url("fixtures"))
        defer { try? FileManager.default.removeItem(at: copy) }
        let root = copy.path + "/"
        let files = FileDiscovery.files(in: [copy.path]).files.filter { !$0.hasSuffix(Settings.fileName) }
        let originals = Dictionary(uniqueKeysWithValues: try files.map { ($0, Array(try Data(contentsOf: URL(fileURLWithPath: $0)))) })

        // What the reports say.
        let report = try CLI.run(["check", "--format", "json", "--exit-zero", copy.path])
        let before = try Self.findings(report.stdout, root: root)
        let safe = Set(before.filter { $0.1 == "safe" }.map(\.0))
        let unsafeCount = before.filter { $0.1 == "unsafe" }.count
        let statistics = try CLI.run(["check", "--statistics", "--exit-zero", copy.path]).stdout
        let expectedLine = "\(before.filter { $0.1 == "safe" }.count) fixable with --fix" + (unsafeCount > 0 ? ", \(unsafeCount) more with --unsafe-fixes." : ".")
        #expect(statistics.contains(expectedLine), "statistics disagree with the JSON fix field: expected '\(expectedLine)' in\n\(statistics.suffix(300))")

        // What the editor would do, on the unedited files.
        let settings = ServerSettings()
        var editorBytes: [String: [UInt8]] = [:]
        var preferred: Set<Finding> = []
        for file in files where !Set(before.filter { $0.0.path == String(file.dropFirst(root.count)) }.map(\.0)).isEmpty {
            let bytes = originals[file]!
            // The server holds text: files that are not UTF-8 have no editor buffer to compare.
            guard Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes else { continue }
            let url = URL(fileURLWithPath: file)
            editorBytes[file] = try Self.editorFixAll(url, bytes: bytes, settings: settings) ?? bytes
            preferred.formUnion(Self.preferredQuickFixes(url, bytes: bytes, settings: settings, root: root))
        }
        #expect(preferred == safe, "preferred quick fixes \(preferred.subtracting(safe).sorted { $0.description < $1.description }.prefix(5)) not safe; safe without one: \(safe.subtracting(preferred).sorted { $0.description < $1.description }.prefix(5))")

        // `--diff` and `--fix`.
        let diff = try CLI.run(["check", "--diff", copy.path])
        let fix = try CLI.run(["check", "--fix", "--exit-zero", copy.path])
        #expect(!fix.stderr.contains("fix refused"), "\(fix.stderr)")
        var expectedDiff: [String] = []
        for file in files.sorted() {
            let fixed = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            if let editor = editorBytes[file] {
                #expect(editor == fixed, "source.fixAll and --fix disagree on \(file.dropFirst(root.count))")
            }
            let chunk = UnifiedDiff.render(path: file, old: originals[file]!, new: fixed)
            if !chunk.isEmpty { expectedDiff.append(chunk) }
        }
        #expect(Set(diff.stdout.components(separatedBy: "--- a/").filter { !$0.isEmpty }.map { "--- a/" + $0 })
                == Set(expectedDiff), "--diff shows other changes than --fix writes")

        // Every finding counted fixable is gone after --fix.
        let after = Set(try Self.findings(try CLI.run(["check", "--format", "json", "--exit-zero", copy.path]).stdout, root: root).map(\.0))
        let stayed = safe.intersection(after).sorted { $0.description < $1.description }
        #expect(stayed.isEmpty, "counted fixable but not fixed by --fix: \(stayed.prefix(10))")
    }
}
