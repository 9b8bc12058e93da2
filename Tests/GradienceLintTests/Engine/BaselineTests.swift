import Foundation
import Testing
@testable import GradienceLint

/// Baselines fingerprint findings by code + path + JSON Pointer, so they survive
/// reformatting; a repeat of an accepted finding, or a new one, is reported.
@Suite struct BaselineTests {
    static let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-baseline-\(UUID().uuidString)")

    static func lint(_ text: String, path: String) -> [Diagnostic] {
        var options = LintOptions()
        options.model.architecture = "llama"
        options.model.numLayers = 2
        return Linter(options: options).lint(SourceText(path: path, bytes: Array(text.utf8))).diagnostics
    }

    static let original = "lora:\n  r: 16\n  lora_alpha: 32\n  r: 4\n  lora_alhpa: 1\n"
    static var path: String { folder.appendingPathComponent("configs/train.yaml").path }

    @Test func roundTripThroughTheFile() throws {
        let diagnostics = Self.lint(Self.original, path: Self.path)
        #expect(diagnostics.map(\.code) == ["GL013", "GL014"])
        let written = Baseline(diagnostics: diagnostics, directory: Self.folder.path)
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        let file = Self.folder.appendingPathComponent("baseline.json")
        try Data(written.rendered().utf8).write(to: file)
        #expect(written.rendered() == """
        {
          "version": 1,
          "tool": "gradience-lint",
          "findings": [
            {
              "code": "GL014",
              "path": "configs/train.yaml",
              "pointer": "/lora/lora_alhpa",
              "count": 1,
              "message": "\(diagnostics[1].message)"
            },
            {
              "code": "GL013",
              "path": "configs/train.yaml",
              "pointer": "/lora/r",
              "count": 1,
              "message": "duplicate key 'r' (first at line 2); Python keeps this later value and silently drops the earlier one"
            }
          ]
        }

        """)
        let loaded = try Baseline.load(path: file.path)
        #expect(loaded.counts == written.counts)
        let outcome = loaded.apply(to: diagnostics, checkedPaths: [Self.path])
        #expect(outcome.new.isEmpty)
        #expect(outcome.accepted.count == 2)
        #expect(outcome.stale.isEmpty)
    }

    @Test func reformattingKeepsFindingsAccepted() {
        let baseline = Baseline(diagnostics: Self.lint(Self.original, path: Self.path), directory: Self.folder.path)
        // New lines above, flow style, other indentation: every line number moved.
        let reformatted = "# moved\n\n\nlora: {r: 16, lora_alpha: 32,\n  r: 4, lora_alhpa: 1}\n"
        let after = Self.lint(reformatted, path: Self.path)
        #expect(after.map(\.range.start.line) != Self.lint(Self.original, path: Self.path).map(\.range.start.line))
        let outcome = baseline.apply(to: after, checkedPaths: [Self.path])
        #expect(outcome.new.isEmpty)
        #expect(outcome.accepted.count == 2)
    }

    @Test func aRepeatOrANewKeyIsNew() {
        let baseline = Baseline(diagnostics: Self.lint(Self.original, path: Self.path), directory: Self.folder.path)
        let worse = "lora:\n  r: 16\n  lora_alpha: 32\n  r: 4\n  r: 2\n  lora_alhpa: 1\n  lora_alpah: 2\n"
        let outcome = baseline.apply(to: Self.lint(worse, path: Self.path), checkedPaths: [Self.path])
        #expect(outcome.new.map { "\($0.code) \($0.keyPath) \($0.range.start.line)" } == ["GL013 /lora/r 5", "GL014 /lora/lora_alpah 7"])
    }

    @Test func fixedFindingsAreStaleOnlyInFilesThatWereChecked() {
        let other = Self.folder.appendingPathComponent("configs/other.yaml").path
        let baseline = Baseline(diagnostics: Self.lint(Self.original, path: Self.path) + Self.lint(Self.original, path: other),
                                directory: Self.folder.path)
        let fixed = "lora:\n  r: 4\n  lora_alpha: 32\n  lora_alhpa: 1\n"
        let outcome = baseline.apply(to: Self.lint(fixed, path: Self.path), checkedPaths: [Self.path])
        #expect(outcome.new.isEmpty)
        #expect(outcome.stale.map { "\($0.fingerprint.code) \($0.fingerprint.path) \($0.fingerprint.pointer) \($0.count)" }
            == ["GL013 configs/train.yaml /lora/r 1"])
    }

    @Test func pathsAreRelativeToTheBaselineFolderWhateverTheWorkingFolder() {
        let baseline = Baseline(diagnostics: [], directory: Self.folder.path)
        #expect(baseline.relativePath(Self.folder.path + "/configs/./x.yaml") == "configs/x.yaml")
        #expect(baseline.relativePath("/somewhere/else.yaml") == "/somewhere/else.yaml")
    }

    @Test(arguments: [
        ("[]", "not a gradience-lint baseline (expected {\"version\": 1, \"findings\": [...]})"),
        ("{\"version\": 1, \"findings\": [{\"code\": \"GL001\"}]}", "finding 1 needs code, path and pointer"),
        ("{\"version\": 1, \"findings\": [{\"code\": \"GL001\", \"path\": \"a\", \"pointer\": \"\", \"count\": 0}]}", "finding 1 has a count below 1"),
        ("{", "the baseline is not valid JSON"),
    ])
    func badBaselinesSayWhy(text: String, message: String) throws {
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
        let file = Self.folder.appendingPathComponent("bad-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: file)
        do {
            _ = try Baseline.load(path: file.path)
            Issue.record("loaded a bad baseline")
        } catch let problem as Baseline.Problem {
            #expect(problem.message == message)
        }
    }
}
