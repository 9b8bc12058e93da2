import ArgumentParser
import Foundation

/// The executable: argument parsing, file discovery and exit codes only.
@main
struct GradienceLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradience-lint",
        abstract: "A fast, exact linter for LoRA fine-tuning configs: knows what PEFT will do with them.",
        version: "0.1.0",
        subcommands: [Check.self, Resolve.self, Rules.self, Explain.self, ServerCommand.self],
        defaultSubcommand: Check.self
    )

    /// The pre-commit form skips ArgumentParser (see `Check.hookInvocation`); the rest
    /// goes through it as usual.
    static func main() {
        guard var check = Check.hookInvocation(Array(CommandLine.arguments.dropFirst())) else { return main(nil) }
        do {
            try check.run()
        } catch let code as ExitCode {
            // What `exit(withError:)` does with an ExitCode, without building a usage text first.
            Foundation.exit(code.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
