import Foundation
import Testing

/// Runs the `gradience-lint` binary that `swift test` built beside the test bundle, for
/// tests of what only the executable does: exit codes, stderr, reading files.
enum CLIRunner {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gradience-lint")
    }

    /// `user`: run as this uid/gid through setpriv (root ignores file permissions, so
    /// permission tests drop to `nobody`).
    static func run(_ arguments: [String], in folder: String? = nil, stdin: Data? = nil, asUser user: Int? = nil,
                    timeout: TimeInterval = 60) throws -> Run {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
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
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes while the process runs, so a large output cannot block it.
        let stdoutData = Collected(), stderrData = Collected()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stdoutData.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData.data = err.fileHandleForReading.readDataToEndOfFile() }
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
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData.data, as: UTF8.self),
                   stderr: String(decoding: stderrData.data, as: UTF8.self))
    }

    /// One pipe's bytes, written by its reader thread before `group.wait()` returns.
    private final class Collected: @unchecked Sendable {
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
