import Foundation
import Testing

/// Runs the built `gradience-lint` executable, which SwiftPM places beside the test binary.
enum CLI {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gradience-lint")
    }

    static func run(_ arguments: [String], stdin: String? = nil, in folder: URL = Fixtures.packageRoot,
                    environment: [String: String] = [:]) throws -> Run {
        var executable = Self.executable
        // Inside an .xctest bundle the binary sits one level further up.
        if !FileManager.default.fileExists(atPath: executable.path) {
            executable = executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("gradience-lint")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "GITHUB_ACTIONS")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        ChildProcess.writeIgnoringBrokenPipe(input: Data((stdin ?? "").utf8), to: input.fileHandleForWriting)
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                   stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryCopy(of relative: String, name: String? = nil) throws -> URL {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(name ?? (relative as NSString).lastPathComponent)
        try FileManager.default.copyItem(at: Fixtures.url(relative), to: target)
        return target
    }
}
