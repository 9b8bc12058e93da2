import Foundation
import Testing

/// Runs the `gradience-lint` binary that `swift test` built beside the test bundle, for
/// tests of what only the executable does: exit codes, stderr, reading and writing files.
/// Beyond `CLI`: runs as another user (permission tests), starts processes side by side
/// (concurrent `--fix`), wraps the binary in a shell (resource limits), reads stdout and
/// stderr concurrently, and gives up after a timeout instead of hanging the suite.
enum CLIRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL { CLI.executable }

    /// `user`: run as this uid/gid through setpriv (root ignores file permissions, so
    /// permission tests drop to `nobody`).
    static func run(_ arguments: [String], in folder: String? = nil, stdin: Data? = nil, asUser user: Int? = nil,
                    shell: String? = nil, timeout: TimeInterval = 60) throws -> Run {
        try start(arguments, in: folder, stdin: stdin, asUser: user, shell: shell).wait(timeout: timeout)
    }

    /// A started process; `wait` collects its output.
    struct Started {
        let process: Process
        let stdout: Collected
        let stderr: Collected
        let group: DispatchGroup
        let arguments: [String]

        func wait(timeout: TimeInterval = 60) -> Run {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                if Date() > deadline {
                    process.terminate()
                    Issue.record("gradience-lint \(arguments) did not finish within \(timeout) s")
                    break
                }
                usleep(10_000)
            }
            process.waitUntilExit()
            group.wait()
            return Run(status: process.terminationStatus, stdout: String(decoding: stdout.data, as: UTF8.self),
                       stderr: String(decoding: stderr.data, as: UTF8.self))
        }
    }

    /// `shell`: a /bin/sh snippet run before the binary (`"$@"` is the command), e.g. a ulimit.
    static func start(_ arguments: [String], in folder: String? = nil, stdin: Data? = nil, asUser user: Int? = nil,
                      shell: String? = nil) throws -> Started {
        var command = [binary.path] + arguments
        if let shell { command = ["/bin/sh", "-c", shell + "; exec \"$@\"", "sh"] + command }
        if let user { command = ["/usr/bin/setpriv", "--reuid=\(user)", "--regid=\(user)", "--clear-groups"] + command }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // Under GitHub Actions the default format is `github`; these tests read the human one.
        environment["GITHUB_ACTIONS"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        ChildProcess.writeIgnoringBrokenPipe(input: stdin ?? Data(), to: input.fileHandleForWriting)
        // Read both pipes while the process runs, so a large output cannot block it.
        let stdoutData = Collected(), stderrData = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdoutData.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData.data = err.fileHandleForReading.readDataToEndOfFile() }
        return Started(process: process, stdout: stdoutData, stderr: stderrData, group: group, arguments: arguments)
    }

    /// One pipe's bytes, written by its reader thread before `group.wait()` returns.
    final class Collected: @unchecked Sendable {
        var data = Data()
    }

    static var isRoot: Bool { getuid() == 0 }
    static let nobody = 65534

    /// A fresh temporary folder, readable by everyone (permission tests run as nobody).
    static func temporaryFolder(_ name: String = #function) throws -> String {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("gradience-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        return base.path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
