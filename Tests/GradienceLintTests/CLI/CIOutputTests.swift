import Foundation
import Testing

/// The CI-facing contract of `check`: several outputs from one run, the GitHub Actions
/// default, statistics, baselines, path selection, `fail-on` and `--exit-non-zero-on-fix`.
@Suite struct CIOutputTests {
    static let model = ["--architecture", "llama", "--num-layers", "2"]

    static func temporaryFolder(_ files: [String: String]) throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-ci-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func oneRunWritesHumanToStdoutAndSARIFGitHubAndJSONToFiles() throws {
        let out = try Self.temporaryFolder([:])
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let sarif = out.appendingPathComponent("results.sarif").path, github = out.appendingPathComponent("a.txt").path
        let json = out.appendingPathComponent("r.json").path
        let run = try CLI.run(["check", "fixtures/report"] + Self.model + ["--format", "human",
                               "--output-format", "sarif=\(sarif)", "--output-format", "github=\(github)", "--output-format", "json=\(json)"])
        #expect(run.status == 1)
        #expect(run.stdout.hasSuffix("Found 9 problems in 2 files (6 errors, 3 warnings, 0 info); 2 files checked. Not shown: 1 suppressed.\n"))
        let sarifText = try String(contentsOfFile: sarif, encoding: .utf8)
        #expect(try SchemaValidator.violations(of: sarifText, schema: SchemaValidator.sarifSchema) == [])
        #expect(sarifText.contains("\"uri\": \"fixtures/report/train.yaml\",\n                  \"uriBaseId\": \"%SRCROOT%\""))
        let annotations = try String(contentsOfFile: github, encoding: .utf8).split(separator: "\n")
        #expect(annotations.count == 9)
        #expect(annotations.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect((document["diagnostics"] as? [Any])?.count == 9)
        #expect(sarifText.components(separatedBy: "\"ruleId\"").count - 1 == 9)
    }

    @Test func insideGitHubActionsTheDefaultIsAnnotations() throws {
        let run = try CLI.run(["check", "fixtures/examples/adapter_config.json"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("::warning file=fixtures/examples/adapter_config.json,line=8,col=8,endLine=8,endColumn=10,title=GL002 default-rank-above-pattern::"))
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
        let explicit = try CLI.run(["check", "fixtures/examples/adapter_config.json", "--format", "json"], environment: ["GITHUB_ACTIONS": "true"])
        #expect(explicit.stdout.hasPrefix("{\n  \"version\""))
    }

    @Test func statisticsReplaceTheFindingsAndOutputGoesToAFile() throws {
        let run = try CLI.run(["check", "fixtures/report", "--statistics"] + Self.model)
        #expect(run.status == 1)
        #expect(run.stdout == (try String(contentsOf: Fixtures.url("fixtures/report-expected/statistics.txt"), encoding: .utf8)))
        let folder = try Self.temporaryFolder([:])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("out.json").path
        let toFile = try CLI.run(["check", "fixtures/report", "--statistics", "--format", "json", "--output", target] + Self.model)
        #expect(toFile.stdout.isEmpty)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == (try String(contentsOf: Fixtures.url("fixtures/report-expected/statistics.json"), encoding: .utf8)))
    }

    @Test func baselineAcceptsTheOldFindingsAndFailsOnNewOnes() throws {
        let folder = try Self.temporaryFolder(["configs/train.yaml": "lora:\n  r: 16\n  lora_alpha: 32\n  r: 4\n  lora_alhpa: 1\n"])
        let write = try CLI.run(["check", "configs", "--write-baseline", "baseline.json"] + Self.model, in: folder)
        #expect(write.status == 0)
        #expect(write.stderr.contains("wrote 2 findings to baseline.json"))
        let accepted = try CLI.run(["check", "configs", "--baseline", "baseline.json"] + Self.model, in: folder)
        #expect(accepted.status == 0)
        #expect(accepted.stdout == "All checks passed (1 file). Not shown: 2 in the baseline.\n")
        // From another working folder, after reformatting: still the same findings.
        try Data("# moved down\nlora: {r: 16, lora_alpha: 32,\n  r: 4, lora_alhpa: 1}\n".utf8).write(to: folder.appendingPathComponent("configs/train.yaml"))
        let elsewhere = try CLI.run(["check", "train.yaml", "--baseline", "../baseline.json"] + Self.model, in: folder.appendingPathComponent("configs"))
        #expect(elsewhere.status == 0)
        // A new finding fails; one that went away is reported as stale on stderr.
        try Data("lora:\n  r: 16\n  lora_alpha: 32\n  lora_alhpa: 1\n  lora_alpah: 2\n".utf8).write(to: folder.appendingPathComponent("configs/train.yaml"))
        let changed = try CLI.run(["check", "configs", "--baseline", "baseline.json", "--format", "github"] + Self.model, in: folder)
        #expect(changed.status == 1)
        #expect(changed.stdout.split(separator: "\n").count == 1)
        #expect(changed.stdout.contains("title=GL014 unknown-key::unknown key 'lora_alpah'"))
        #expect(changed.stderr.contains("baseline: 1 recorded finding no longer found (fixed, or moved to another key); --write-baseline prunes them:\n  GL013 configs/train.yaml /lora/r\n"))
        let missing = try CLI.run(["check", "configs", "--baseline", "nope.json"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("baseline error: nope.json: cannot read the baseline file"))
    }

    @Test func excludeHoldsForNamedFilesOnlyWithForceExcludeAndFilesAreDeduplicated() throws {
        let bad = "lora:\n  r: 16\n  lora_alpha: 32\n  r: 4\n"
        let folder = try Self.temporaryFolder([".gradience-lint.yml": "exclude: [legacy]\n", "legacy/a.yaml": bad, "b.yaml": bad])
        let walked = try CLI.run(["check", ".", "--format", "json"], in: folder)
        #expect(walked.stdout.contains("\"files_checked\": 1"))  // b.yaml; the settings file is not linted
        #expect(walked.stdout.components(separatedBy: "\"code\": \"GL013\"").count == 2)
        #expect(!walked.stdout.contains("legacy"))
        let named = try CLI.run(["check", "legacy/a.yaml"], in: folder)
        #expect(named.status == 1)
        let forced = try CLI.run(["check", "--force-exclude", "legacy/a.yaml"], in: folder)
        #expect(forced.status == 0)
        #expect(forced.stdout == "All checks passed (0 files).\n")
        let twice = try CLI.run(["check", "b.yaml", "./b.yaml", "b.yaml", "--format", "json"], in: folder)
        #expect(twice.stdout.contains("\"files_checked\": 1"))
        #expect(twice.stdout.components(separatedBy: "\"code\": \"GL013\"").count == 2)
    }

    @Test func anExcludedStdinFileComesBackUnchangedWhenFixing() throws {
        let bad = "lora:\n  r: 8\n  target_modules: [q_proj]\n  rank_pattern:\n    base_model.model.q_proj: 8\n"
        let folder = try Self.temporaryFolder([".gradience-lint.yml": "exclude: [legacy]\n"])
        let run = try CLI.run(["check", "--fix", "--force-exclude", "--stdin-filename", "legacy/a.yaml"], stdin: bad, in: folder)
        #expect(run.status == 0)
        #expect(run.stdout == bad)
        let lint = try CLI.run(["check", "--force-exclude", "--stdin-filename", "legacy/a.yaml"], stdin: bad, in: folder)
        #expect(lint.status == 0)
        #expect(lint.stdout == "All checks passed (0 files).\n")
    }

    @Test func failOnDecidesWhichSeverityFailsTheRun() throws {
        let warningsOnly = "lora:\n  r: 16\n  lora_alpha: 32\n  lora_alhpa: 1\n"
        let folder = try Self.temporaryFolder([".gradience-lint.yml": "fail-on: error\n", "a.yaml": warningsOnly])
        let run = try CLI.run(["check", "a.yaml"], in: folder)
        #expect(run.stdout.contains("GL014 [warning]"))
        #expect(run.status == 0)
        try Data("fail-on: warning\n".utf8).write(to: folder.appendingPathComponent(".gradience-lint.yml"))
        #expect(try CLI.run(["check", "a.yaml"], in: folder).status == 1)
    }

    @Test func exitNonZeroOnFixFailsARunThatChangedAFile() throws {
        let text = "lora:\n  r: 16\n  lora_alpha: 32  # gradience-lint: disable=GL009\n"
        let folder = try Self.temporaryFolder(["a.yaml": text])
        let strict = try CLI.run(["check", "--fix", "--exit-non-zero-on-fix", "a.yaml"] + Self.model, in: folder)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("fixed a.yaml (GL018×1)"))
        #expect(try String(contentsOf: folder.appendingPathComponent("a.yaml"), encoding: .utf8) == "lora:\n  r: 16\n  lora_alpha: 32\n")
        #expect(strict.stdout == "All checks passed (1 file).\n")
        // Nothing left to fix: the flag no longer fails the run.
        #expect(try CLI.run(["check", "--fix", "--exit-non-zero-on-fix", "a.yaml"] + Self.model, in: folder).status == 0)
        try Data(text.utf8).write(to: folder.appendingPathComponent("a.yaml"))
        #expect(try CLI.run(["check", "--fix", "a.yaml"] + Self.model, in: folder).status == 0)
    }

    @Test func badOutputFormatIsAUsageError() throws {
        let run = try CLI.run(["check", "fixtures/examples", "--output-format", "sarf"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--output-format: unknown format 'sarf' (one of human, json, sarif, github, optionally =PATH); did you mean 'sarif'?"))
    }
}
