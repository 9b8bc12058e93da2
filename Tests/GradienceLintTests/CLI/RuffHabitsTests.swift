import Foundation
import Testing
@testable import gradience_lint

/// What a ruff user types by reflex works, with ruff's meaning (issue 27), through the binary.
@Suite struct RuffHabitsTests {
    static let example = "fixtures/examples/adapter_config.json"
    static let duplicate = "lora:\n  r: 16\n  r: 4\n"

    static func folder(_ files: [String: String]) throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-ruff-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func conciseIsOneLinePerFindingAndFullIsTheDefault() throws {
        let concise = try CLI.run(["check", "--output-format", "concise", Self.example])
        #expect(concise.status == 1)
        #expect(concise.stdout == """
            fixtures/examples/adapter_config.json:8:8: GL002 [*] [warning] r=16 is above the smallest rank_pattern value 4
            fixtures/examples/adapter_config.json:9:3: GL004 [error] rank_pattern asks for per-module ranks, but all 64 adapted modules train at r=8
            fixtures/examples/adapter_config.json:10:5: GL001 [error] rank_pattern key 'base_model.model.model.layers.0.self_attn.q_proj' carries 'base_model.model.'
            Found 3 problems in 1 file (2 errors, 1 warning, 0 info); 1 file checked.

            """)
        let full = try CLI.run(["check", "--output-format=full", Self.example])
        #expect(full.stdout == (try CLI.run([Self.example])).stdout)
        #expect(full.stdout.contains("""
            fixtures/examples/adapter_config.json:8:8: GL002 [*] [warning] r=16 is above the smallest rank_pattern value 4
              |
            8 |   "r": 16,
              |        ^^
              = note: with pattern-style complete the default should be the minimum, so a module the pattern misses does not silently get the larger rank
              = help: set r to 4; no module takes the old default (safe fix: --fix)

            """))
        #expect(try CLI.run(["check", "--format", "concise", Self.example]).stdout == concise.stdout)
    }

    @Test func quietSilentExitZeroAndOutputFile() throws {
        let quiet = try CLI.run(["check", "-q", "--output-format", "concise", Self.example])
        #expect(quiet.status == 1)
        #expect(quiet.stdout.split(separator: "\n").count == 3)
        #expect(!quiet.stdout.contains("Found"))
        let silent = try CLI.run(["check", "-s", Self.example])
        #expect(silent.status == 1)
        #expect(silent.stdout == "")
        #expect(try CLI.run(["check", "-e", Self.example]).status == 0)
        // The pre-commit fast path reads the short flags as ArgumentParser does.
        let short = try CLI.run(["-q", "-e", Self.example])
        #expect(short.status == 0)
        #expect(short.stdout == (try CLI.run(["check", "--quiet", "--exit-zero", "--format", "human", Self.example])).stdout)
        let folder = try Self.folder(["unused.txt": ""])
        let written = try CLI.run(["check", "-o", folder.appendingPathComponent("out.json").path, "--output-format", "json", Self.example])
        #expect(written.status == 1)
        #expect(written.stdout == "")
        let json = try String(contentsOf: folder.appendingPathComponent("out.json"), encoding: .utf8)
        #expect(json.hasPrefix("{\n  \"version\""))
        #expect(try CLI.run(["check", "--output-file", folder.appendingPathComponent("o2.json").path, "--format", "json", Self.example]).stdout == "")
    }

    @Test func versionShortFlagAndRuleAlias() throws {
        let short = try CLI.run(["-V"])
        #expect(short.status == 0)
        #expect(short.stdout == (try CLI.run(["--version"])).stdout)
        let rule = try CLI.run(["rule", "GL013"])
        #expect(rule.status == 0)
        #expect(rule.stdout == (try CLI.run(["explain", "GL013"])).stdout)
        #expect(rule.stdout.hasPrefix("# GL013 duplicate-key"))
    }

    @Test func selectAllPrefixesAndExtendSelect() throws {
        let all = try CLI.run(["check", "--select", "ALL", "--output-format", "concise", Self.example])
        #expect(all.stdout == (try CLI.run(["check", "--output-format", "concise", Self.example])).stdout)
        let one = try CLI.run(["check", "--select", "GL002", "--output-format", "concise", Self.example])
        #expect(one.stdout.components(separatedBy: "\n").filter { $0.contains(": GL") }.count == 1)
        let extended = try CLI.run(["check", "--select", "GL002", "--extend-select", "GL001", "--output-format", "concise", Self.example])
        #expect(extended.stdout.contains(": GL001 "))
        #expect(extended.stdout.contains(": GL002 "))
        #expect(!extended.stdout.contains(": GL004 "))
        // A settings file's ignore gives way to --extend-select.
        let folder = try Self.folder([".gradience-lint.yml": "ignore: [GL013]\n", "train.yaml": Self.duplicate])
        #expect(try CLI.run(["check", "train.yaml"], in: folder).status == 0)
        #expect(try CLI.run(["check", "--extend-select", "GL013", "train.yaml"], in: folder).status == 1)
        let bad = try CLI.run(["check", "--extend-select", "GL0999", Self.example])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown rule code 'GL0999'"))
    }

    @Test func showFixesEnumeratesWhatFixChanged() throws {
        let folder = try Self.folder(["adapter_config.json": try String(contentsOf: Fixtures.url(Self.example), encoding: .utf8)])
        let run = try CLI.run(["check", "--fix", "--show-fixes", "adapter_config.json"], in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Fixed 1 error:\n- adapter_config.json:\n    1 × GL002 (default-rank-above-pattern)\n"))
    }

    /// Paths as the user would type them: no `./` in findings or in diff headers.
    @Test func pathsArePrintedWithoutDotSlash() throws {
        let folder = try Self.folder(["adapter_config.json": try String(contentsOf: Fixtures.url(Self.example), encoding: .utf8)])
        let run = try CLI.run(["check", "--output-format", "concise", "."], in: folder)
        #expect(run.stdout.hasPrefix("adapter_config.json:8:8: GL002"))
        let named = try CLI.run(["check", "--output-format", "concise", "./adapter_config.json"], in: folder)
        #expect(named.stdout == run.stdout)
        let diff = try CLI.run(["check", "--diff", "."], in: folder)
        #expect(diff.stdout.hasPrefix("--- a/adapter_config.json\n+++ b/adapter_config.json\n"))
    }

    /// A baseline in the tree is the linter's own file: never linted, never counted.
    @Test func aBaselineFileIsNeverLinted() throws {
        let folder = try Self.folder(["train.yaml": Self.duplicate])
        let write = try CLI.run(["check", "--write-baseline", "baseline.json", "."], in: folder)
        #expect(write.status == 0)
        let run = try CLI.run(["check", "."], in: folder)
        #expect(run.stdout.contains("\nFound 1 problem in 1 file (1 error, 0 warnings, 0 info); 1 file checked.\n"))
        let named = try CLI.run(["check", "--baseline", "baseline.json", "baseline.json", "train.yaml"], in: folder)
        #expect(named.stdout.hasPrefix("No problems in the 1 file checked. Not shown: 1 in the baseline.\n"))
    }

    @Test func githubFormatEndsWithTheSummary() throws {
        let run = try CLI.run(["check", "--format", "github", Self.example])
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last == "Found 3 problems in 1 file (2 errors, 1 warning, 0 info); 1 file checked.")
    }

    /// ruff's `# noqa: CODE` works in YAML as `disable=CODE`; a bare `# noqa`, codes of
    /// other tools and unknown GL codes are handled as GL018 says.
    @Test func noqaCommentsAreHonouredOrReported() throws {
        let folder = try Self.folder([
            "honoured.yaml": "lora:\n  r: 16\n  r: 4  # noqa: GL013\n",
            "mixed.yaml": "lora:\n  r: 16\n  r: 4  # noqa: E501, GL013\n",
            "foreign.yaml": "lora:\n  r: 16\n  r: 4  # noqa: E501\n",
            "bare.yaml": "lora:\n  r: 16\n  r: 4  # noqa\n",
            "unused.yaml": "lora:\n  r: 16  # noqa: GL013\n  r: 4  # noqa:GL013\n",
        ])
        func concise(_ file: String) throws -> String {
            try CLI.run(["check", "-q", "--output-format", "concise", file], in: folder).stdout
        }
        #expect(try concise("honoured.yaml") == "")
        #expect(try concise("mixed.yaml") == "")
        #expect(try concise("foreign.yaml") == "foreign.yaml:3:3: GL013 [error] duplicate key 'r' (first at line 2)\n")
        #expect(try concise("bare.yaml") == """
            bare.yaml:3:3: GL013 [error] duplicate key 'r' (first at line 2)
            bare.yaml:3:9: GL018 [warning] a bare '# noqa' silences nothing here

            """)
        let unused = try CLI.run(["check", "--format", "json", "unused.yaml"], in: folder).stdout
        #expect(unused.contains("unused suppression: GL013 (duplicate-key) reported nothing on line 2"))
        // Its safe fix deletes the comment; the used one on line 3 stays.
        let fixed = try CLI.run(["check", "--fix", "--stdin-filename", "unused.yaml"], stdin: "lora:\n  r: 16\n  r: 4  # noqa: GL013\n  lora_alpha: 8  # noqa: GL013\n", in: folder)
        #expect(fixed.stdout == "lora:\n  r: 16\n  r: 4  # noqa: GL013\n  lora_alpha: 8\n")
    }

    /// `--watch` lints, then lints again when a file changes.
    @Test func watchLintsAgainOnChange() throws {
        let folder = try Self.folder(["train.yaml": "lora:\n  r: 16\n"])
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["check", "--watch", "--output-format", "concise", "."]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }.filter { $0.key != "GITHUB_ACTIONS" }
        // Both streams into one file, read while the process runs.
        let log = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-watch-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let collected = Collected(log)
        try process.run()
        // SIGTERM ends it (the loop resets the signal's disposition and mask for this).
        defer {
            process.terminate()
            for _ in 0..<100 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning {
                Issue.record("--watch did not end on SIGTERM")
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
        }
        #expect(collected.wait(until: { $0.contains("watching for file changes") }))
        #expect(collected.text.contains("No problems in the 1 file checked."))
        Thread.sleep(forTimeInterval: 1.1)   // a new modification time, whatever the file system's resolution
        try Self.duplicate.write(to: folder.appendingPathComponent("train.yaml"), atomically: true, encoding: .utf8)
        #expect(collected.wait(until: { $0.contains("train.yaml:3:3: GL013 [error] duplicate key 'r' (first at line 2)") }))
        #expect(collected.text.contains("file change detected; linting again."))
    }

    struct Collected {
        let log: URL
        init(_ log: URL) { self.log = log }
        var text: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        func wait(until done: (String) -> Bool) -> Bool {
            for _ in 0..<600 {   // a minute: the machine may be busy
                if done(text) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }
    }
}
