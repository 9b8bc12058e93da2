import ArgumentParser
import Foundation
import GradienceLint

/// `gradience-lint server`: the Language Server Protocol server, over stdin and stdout,
/// for any LSP client (the README shows VS Code, Neovim and Helix).
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run a Language Server Protocol server on stdin/stdout: diagnostics, quick fixes and what PEFT trains, in the editor.")

    /// The server starts its analysis workers as `server --worker` (see `AnalysisWorker`);
    /// not for people, so hidden from help.
    @Flag(help: .hidden) var worker = false

    func run() throws {
        // A client that goes away mid-reply must end the server by exit code, not by signal.
        signal(SIGPIPE, SIG_IGN)
        if worker { AnalysisWorker.serve() }
        let code = LanguageServer(input: STDIN_FILENO, output: STDOUT_FILENO, workers: .thisBinary).run()
        if code != 0 { throw ExitCode(code) }
    }
}
