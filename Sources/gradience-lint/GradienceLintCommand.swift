import ArgumentParser
import Foundation
import GradienceLint

/// The executable: argument parsing, file discovery and exit codes only.
@main
struct GradienceLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradience-lint",
        abstract: "A fast, exact linter for LoRA fine-tuning configs: knows what PEFT will do with them.",
        version: ToolInfo.version,
        subcommands: [Check.self, Resolve.self, Rules.self, Explain.self, Formats.self, ServerCommand.self],
        defaultSubcommand: Check.self
    )

    /// The subcommands' own names (and `help`), so a new subcommand is never linted as a file.
    static let commandNames = configuration.subcommands.map {
        $0.configuration.commandName ?? $0._commandName
    } + ["help"]

    /// The pre-commit form skips ArgumentParser (see `Check.hookInvocation`); the rest
    /// goes through it as usual. Usage errors exit 2 (DESIGN.md §6), not ArgumentParser's 64.
    static func main() {
        endQuietlyOnBrokenPipe()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = misspeltCommand(arguments) { usageError(message) }
        do {
            if var check = Check.hookInvocation(arguments) {
                try check.run()
            } else {
                var command = try parseAsRoot(arguments)
                try command.run()
            }
        } catch let code as ExitCode {
            // What `exit(withError:)` does with an ExitCode, without building a usage text first.
            Foundation.exit(code.rawValue)
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            usageError(fullMessage(for: error))
        }
    }

    /// A usage error: the message (with ArgumentParser's usage lines when it has them), exit 2.
    private static func usageError(_ message: String) -> Never {
        FileHandle.standardError.writeNote((message.hasSuffix("\n") ? message : message + "\n"))
        Foundation.exit(ExitCode.trouble.rawValue)
    }

    /// `gradience-lint chek configs`: the first word is where a subcommand goes, and one
    /// that names no command and no existing file or folder is a mistyped command, not a
    /// path (ArgumentParser's default subcommand would read it as one). A word with a '/'
    /// or a '.' is taken for the path it looks like, and reported as one if it is missing.
    static func misspeltCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), !commandNames.contains(first),
              !first.contains("/"), !first.contains("."), !first.isEmpty else { return nil }
        var info = stat()
        guard lstat(first, &info) != 0 else { return nil }
        let hint = Suggestion.didYouMean(first, among: commandNames)
        return "Error: '\(first)' is neither a command nor an existing file or folder\(hint)\n"
            + "Usage: gradience-lint [check] [<options>] [<paths> ...]\n  See 'gradience-lint --help' for the commands."
    }

    /// `gradience-lint check . | head -1`: once the reader has gone, the rest of the
    /// output has nowhere to go, but the run is not over: the files `--output-format`
    /// names are still written and the exit code still says whether findings remain (an
    /// exit 0 at the first broken write passed 3,000 errors in CI). So SIGPIPE is ignored
    /// and a failed write ends only the writing (`FileHandle.writeTolerantly`).
    private static func endQuietlyOnBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }
}
