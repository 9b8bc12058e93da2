import Foundation
import Testing
@testable import gradience_lint

/// The command line's conventions, as ruff and the colour standards set them, each
/// through the binary (issue 15).
@Suite struct CLIConventionTests {
    static let duplicate = "lora:\n  r: 16\n  r: 4\n"

    /// README: "2 usage, settings, I/O or internal error" — ArgumentParser's own 64 never leaks.
    @Test func usageErrorsExitTwo() throws {
        for arguments in [["check", "--no-such-flag"], ["check", "--format", "xml"], ["resolve"], ["explain", "GL999"],
                          ["check", "--num-layers", "x"], ["rules", "--format", "yaml"]] {
            let run = try CLI.run(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("Error: "), "\(arguments)")
        }
        let help = try CLI.run(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--output-format <format[=path]>"))
    }

    /// ruff's `--output-format sarif` is the format of standard output here too.
    @Test func outputFormatAloneIsRuffsFormat() throws {
        let ruff = try CLI.run(["check", "--output-format", "json", "fixtures/examples/adapter_config.json"])
        let ours = try CLI.run(["check", "--format", "json", "fixtures/examples/adapter_config.json"])
        #expect(ruff.status == 1)
        #expect(ruff.stdout == ours.stdout)
        #expect(ruff.stdout.hasPrefix("{\n  \"version\""))
        let equals = try CLI.run(["check", "--output-format=sarif", "fixtures/examples/adapter_config.json"])
        #expect(equals.stdout.contains("\"version\": \"2.1.0\""))
        let clash = try CLI.run(["check", "--format", "json", "--output-format", "sarif", "fixtures/examples"])
        #expect(clash.status == 2)
        #expect(clash.stderr.hasPrefix("Error: --format and --output-format name different formats for standard output: json, sarif"))
    }

    /// ruff: with `--fix` on standard input the fixed text is stdout, what remains goes to
    /// stderr, and remaining findings exit 1.
    @Test func stdinFixReportsWhatRemainsOnStderr() throws {
        let run = try CLI.run(["check", "--fix", "--stdin-filename", "train.yaml"], stdin: Self.duplicate)
        #expect(run.status == 1)
        #expect(run.stdout == Self.duplicate)
        #expect(run.stderr == """
            train.yaml:3:3: GL013 [error] duplicate key 'r' (first at line 2); Python keeps this later value and silently drops the earlier one
              |
            3 |   r: 4
              |   ^

            Found 1 problem in 1 file (1 error, 0 warnings, 0 info); 1 file checked.
            1 file read without the base model's modules: target modules, layer indices and pattern keys were not checked (--verbose says why; give --model-dir, --modules or --architecture with --num-layers).

            """)
        #expect(try CLI.run(["check", "--fix-only", "--stdin-filename", "train.yaml"], stdin: Self.duplicate).status == 0)
        let fixed = try CLI.run(["check", "--fix", "--stdin-filename", "train.yaml"],
                                stdin: "lora:\n  r: 8\n  target_modules: [q_proj]\n  rank_pattern:\n    base_model.model.q_proj: 8\n")
        #expect(fixed.status == 0)
        // No inventory: what was not checked is said, not "All checks passed".
        #expect(fixed.stderr.hasPrefix("No problems in the 1 file checked.\n1 file read without the base model's modules"))
    }

    @Test func aMissingPathSaysNothingPassed() throws {
        let run = try CLI.run(["check", "nonexistent.yaml"])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "gradience-lint: nonexistent.yaml: cannot read: No such file or directory\n")
        let mixed = try CLI.run(["check", "nonexistent.yaml", "fixtures/fix/clean.before.yaml"])
        #expect(mixed.status == 2)
        #expect(mixed.stdout == "No problems in the 1 file checked.\n")
    }

    @Test func aMistypedCommandIsAUsageErrorWithDidYouMean() throws {
        let run = try CLI.run(["chek", "configs"])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("Error: 'chek' is neither a command nor an existing file or folder; did you mean 'check'?\n"))
        let unknown = try CLI.run(["lint"])
        #expect(unknown.stderr.hasPrefix("Error: 'lint' is neither a command nor an existing file or folder\n"))
        // A word that is an existing folder is a path, as before.
        #expect(try CLI.run(["fixtures"]).status == 1)
        // One that looks like a path is reported as a missing path.
        #expect(try CLI.run(["chek.yaml"]).stderr == "gradience-lint: chek.yaml: cannot read: No such file or directory\n")
    }

    @Test func dashIsStandardInput() throws {
        let run = try CLI.run(["check", "-"], stdin: Self.duplicate)
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("-:3:3: GL013 [error] duplicate key 'r'"))
        let named = try CLI.run(["check", "--stdin-filename", "x.yaml", "-"], stdin: Self.duplicate)
        #expect(named.stdout.hasPrefix("x.yaml:3:3: GL013"))
        let mixed = try CLI.run(["check", "-", "fixtures/examples"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.hasPrefix("Error: '-' (standard input) cannot be combined with other paths"))
    }

    /// The summary counts the files with problems, then the files checked.
    @Test func theSummaryCountsFilesWithProblems() throws {
        let run = try CLI.run(["check", "fixtures/mixed"])
        #expect(run.stdout.hasSuffix("\nFound 8 problems in 5 files (4 errors, 2 warnings, 2 info); 7 files checked.\n"
            + "1 file read without the base model's modules: target modules, layer indices and pattern keys were not checked (--verbose says why; give --model-dir, --modules or --architecture with --num-layers).\n"))
    }

    @Test func resolveSaysWhereTheArchitectureCameFrom() throws {
        let flags = try CLI.run(["resolve", "fixtures/examples/adapter_config.json", "--architecture", "llama", "--num-layers", "2"])
        #expect(flags.stdout.contains("\ninventory: catalog: llama, 2 layers (from --architecture) (32 modules)\n"))
        let folder = try CLIRunner.temporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.url("fixtures/examples/adapter_config.json").path, toPath: folder + "/adapter_config.json")
        try CLIRunner.write("model: {architecture: llama, num-layers: 2}\n", to: folder + "/.gradience-lint.yml")
        let settings = try CLI.run(["resolve", "adapter_config.json"], in: URL(fileURLWithPath: folder))
        #expect(settings.stdout.contains("\ninventory: catalog: llama, 2 layers (from settings) (32 modules)\n"))
    }

    /// no-color.org: NO_COLOR counts only when not empty; force-color.org: FORCE_COLOR
    /// (not empty) forces colour even into a pipe.
    @Test func colourFollowsNoColorAndForceColor() throws {
        let arguments = ["check", "fixtures/examples/adapter_config.json"]
        let escape = "\u{1B}["
        #expect(try !CLI.run(arguments).stdout.contains(escape))   // a pipe, NO_COLOR=1
        #expect(try CLI.run(arguments, environment: ["NO_COLOR": "", "FORCE_COLOR": "1"]).stdout.contains(escape))
        #expect(try CLI.run(arguments, environment: ["NO_COLOR": "1", "FORCE_COLOR": "1"]).stdout.contains(escape))
        #expect(try !CLI.run(arguments, environment: ["NO_COLOR": "", "FORCE_COLOR": ""]).stdout.contains(escape))
        #expect(try !CLI.run(arguments + ["--no-color"], environment: ["FORCE_COLOR": "1"]).stdout.contains(escape))
    }

    /// The decision itself, for the terminal case a test cannot open.
    @Test func colourDecision() {
        func wanted(_ flag: Bool, tty: Bool, _ env: [String: String]) -> Bool {
            Check.colorWanted(noColorFlag: flag, terminal: tty, environment: { env[$0] })
        }
        #expect(wanted(false, tty: true, [:]))
        #expect(wanted(false, tty: true, ["NO_COLOR": ""]))
        #expect(!wanted(false, tty: true, ["NO_COLOR": "0"]))
        #expect(!wanted(true, tty: true, [:]))
        #expect(!wanted(false, tty: false, [:]))
        #expect(wanted(false, tty: false, ["FORCE_COLOR": "0"]))
    }

    /// `gradience-lint check . | head -1`: when the reader goes away the writing stops
    /// quietly, not killed by SIGPIPE or trapping on the write, and the exit code still
    /// says that findings remain (issue 28: an exit 0 there let 3,000 errors through CI).
    @Test func aClosedPipeEndsTheRunQuietly() throws {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["check", "fixtures"]   // far more output than a pipe holds
        process.currentDirectoryURL = Fixtures.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["GITHUB_ACTIONS"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        try out.fileHandleForReading.close()   // no reader: every write is EPIPE
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: stderr, as: UTF8.self) == "")
    }
}
