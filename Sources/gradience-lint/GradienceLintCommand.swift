import ArgumentParser

/// The executable: argument parsing, file discovery and exit codes only.
@main
struct GradienceLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradience-lint",
        abstract: "A fast, exact linter for LoRA fine-tuning configs: knows what PEFT will do with them.",
        version: "0.1.0",
        subcommands: [Check.self, Resolve.self, Rules.self, Explain.self],
        defaultSubcommand: Check.self
    )
}
