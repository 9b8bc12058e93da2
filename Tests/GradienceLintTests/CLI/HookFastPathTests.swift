import ArgumentParser
import Foundation
import Testing
@testable import gradience_lint

/// The pre-commit fast path (`Check.hookInvocation`) must parse exactly what
/// ArgumentParser parses for every argument list it accepts, and accept nothing else.
@Suite struct HookFastPathTests {
    static let accepted: [[String]] = [
        [],
        ["a.yaml"],
        ["check"],
        ["check", "--force-exclude", "adapter/adapter_config.json", "train.yaml"],
        ["check", "--fix", "--force-exclude", "a.yaml", "b.yml", "c.json"],
        ["--force-exclude", "a.yaml"],
        ["a.yaml", "--fix", "b.yaml", "--force-exclude"],
        ["--exit-zero", "--verbose", "--no-color", "--fix", "--unsafe-fixes", "--diff", "--fix-only", "a.yaml"],
        ["check", "--statistics", "--exit-non-zero-on-fix", "-v", "x.json"],
        ["--fix", "--fix", "a.yaml"],
        ["a.yaml", "a.yaml"],
        ["folder with spaces/config.yaml", "ünïcode.yml", "a=b.yaml"],
        [""],
    ]

    static let declined: [[String]] = [
        ["--help"], ["-h"], ["--version"], ["help"], ["check", "--help"],
        ["resolve", "a.json"], ["rules"], ["explain", "GL001"], ["server"], ["check", "server"],
        ["a.yaml", "check"], ["check", "check"], ["check", "rules"],
        ["--select", "GL001", "a.yaml"], ["--select=GL001", "a.yaml"], ["--format", "json", "a.yaml"],
        ["--config", "c.yml", "a.yaml"], ["--stdin-filename", "a.yaml"],
        ["--", "a.yaml"], ["-", "a.yaml"], ["-vv"], ["--fix=true"], ["--no-such-flag"], ["-x", "a.yaml"],
    ]

    /// Every property's value as `dump` prints it: a property ArgumentParser did not fill
    /// in shows as a definition, not a value, so a missed default cannot compare equal.
    static func dumped(_ check: Check) -> String {
        var text = ""
        dump(check, to: &text)
        return text
    }

    @Test(arguments: accepted) func parsesAsArgumentParserDoes(_ arguments: [String]) throws {
        let fast = try #require(Check.hookInvocation(arguments))
        let parsed = try #require(try GradienceLintCommand.parseAsRoot(arguments) as? Check)
        #expect(Self.dumped(fast) == Self.dumped(parsed))
        #expect(fast.paths == parsed.paths)
    }

    @Test(arguments: declined) func leavesEverythingElseToArgumentParser(_ arguments: [String]) {
        #expect(Check.hookInvocation(arguments) == nil)
    }

    @Test func knowsEverySubcommandName() {
        let names = GradienceLintCommand.configuration.subcommands.map { $0._commandName }
        for name in names + ["help"] {
            #expect(Check.hookInvocation([name]) == nil || name == "check", "\(name)")
        }
    }

    /// The same files through both parsers: the same output, errors and exit code.
    @Test(arguments: [
        ["fixtures/report"],
        ["check", "--force-exclude", "fixtures/examples/adapter_config.json", "fixtures/report/train.yaml"],
        ["check", "--statistics", "fixtures/report"],
        ["check", "--diff", "fixtures/report"],
        ["check", "-v", "--exit-zero", "fixtures/examples"],
        ["check", "no-such-file.yaml"],
    ])
    func sameRunThroughEitherParser(_ arguments: [String]) throws {
        #expect(Check.hookInvocation(arguments) != nil)
        let fast = try CLI.run(arguments)
        // `--format human` is the default here (CLI.run clears GITHUB_ACTIONS) and sends
        // the same run through ArgumentParser.
        let slow = try CLI.run(arguments + ["--format", "human"])
        #expect(fast.status == slow.status)
        #expect(fast.stdout == slow.stdout)
        #expect(fast.stderr == slow.stderr)
    }
}
