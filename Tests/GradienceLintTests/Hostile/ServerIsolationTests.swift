import Foundation
@testable import GradienceLint
@testable import GradienceServer
import Testing

/// Issue 28, the language server: a crash in one document's analysis is that document's
/// diagnostic, never the end of the server; an analysis past the time limit is stopped;
/// a worker never outlives its server. The crashes and hangs are real ones, in the
/// worker process, set off by the test-only `AnalysisWorker.testFaultVariable`.
@Suite struct ServerIsolationTests {
    /// A Swift trap is `ud2` (SIGILL) on x86-64 and `brk` (SIGTRAP) on arm64.
    #if arch(x86_64)
    static let trapSignal = "signal 4 (SIGILL)"
    #else
    static let trapSignal = "signal 5 (SIGTRAP)"
    #endif

    static let crashMessage = "the analysis of this document crashed with \(trapSignal), so its findings are not shown; the server goes on and other documents are not affected. This is a bug in gradience-lint: `gradience-lint check` on the file reproduces it; please report it with the file at https://github.com/gradience-lint/gradience-lint/issues"

    @Test func aCrashingAnalysisIsTheDocumentsDiagnosticAndTheServerGoesOn() throws {
        let folder = try LanguageServerTests.workspace()
        let client = try LSPTestClient(folder: folder, environment: [AnalysisWorker.testFaultVariable: "trap:CRASH-HERE"])
        try client.initialize()
        let crashing = folder.appendingPathComponent("crashing.yaml").absoluteString
        let other = folder.appendingPathComponent("other.yaml").absoluteString
        try client.open(crashing, LanguageServerTests.config + "# CRASH-HERE\n")
        let told = try #require(client.diagnostics(crashing, version: 1, timeout: 30))
        #expect(told.count == 1)
        #expect(told.first?["code"]?.stringValue == "analysis-crashed")
        #expect(told.first?["severity"]?.intValue == 1)
        #expect(told.first?["source"]?.stringValue == "gradience-lint")
        #expect(told.first?["message"]?.stringValue == Self.crashMessage)
        #expect(LanguageServerTests.range(told.first?["range"]) == [0, 0, 0, 0])

        // A hover on it crashes a worker too: an error answer, and the server stays.
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": crashing], "position": ["line": 1, "character": 2]])
        #expect(hover["error"]?["code"]?.intValue == -32603)
        #expect(hover["error"]?["message"]?.stringValue == "the analysis of this document crashed with \(Self.trapSignal)")

        // Another document, opened after the crash, gets its findings as usual.
        try client.open(other, LanguageServerTests.config)
        let otherDiagnostics = try #require(client.diagnostics(other, version: 1, timeout: 30))
        #expect(LanguageServerTests.codes(otherDiagnostics).contains("GL001"))
        // And the crashed one, once its text no longer crashes.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": crashing, "version": 2],
                                                     "contentChanges": [["text": LanguageServerTests.config]]])
        let recovered = try #require(client.diagnostics(crashing, version: 2, timeout: 30))
        #expect(LanguageServerTests.codes(recovered) == LanguageServerTests.codes(otherDiagnostics))
        #expect(client.process.isRunning)
        #expect(try client.shutdownAndExit() == 0)
    }

    @Test func anAnalysisPastTheTimeLimitIsStoppedAndTheOthersGoOn() throws {
        let folder = try LanguageServerTests.workspace()
        let toServer = Pipe(), fromServer = Pipe()
        var environment = ProcessInfo.processInfo.environment
        environment[AnalysisWorker.testFaultVariable] = "hang:STUCK-HERE"
        environment["XDG_CACHE_HOME"] = folder.appendingPathComponent(".cache").path
        let server = LanguageServer(input: toServer.fileHandleForReading.fileDescriptor,
                                    output: fromServer.fileHandleForWriting.fileDescriptor,
                                    budget: AnalysisBudget(timeLimit: 1),
                                    workers: WorkerProcesses(command: [CLIRunner.binary.path, "server", "--worker"], environment: environment))
        let finished = AnswerBox<Int32>()
        Thread { finished.set(server.run()) }.start()
        let client = LSPTestClient(folder: folder, serverInput: toServer, serverOutput: fromServer)
        try client.initialize()

        // Three stuck documents (three workers stuck at once), then one that is not.
        let stuckOnes = (1...3).map { folder.appendingPathComponent("stuck\($0).yaml").absoluteString }
        let stuck = stuckOnes[0]
        let other = folder.appendingPathComponent("other.yaml").absoluteString
        for uri in stuckOnes { try client.open(uri, LanguageServerTests.config + "# STUCK-HERE\n") }
        try client.open(other, LanguageServerTests.config)
        let otherDiagnostics = try #require(client.diagnostics(other, version: 1, timeout: 30))
        #expect(LanguageServerTests.codes(otherDiagnostics).contains("GL001"))
        // "was stopped" comes only once the worker's output has ended: it was killed.
        for uri in stuckOnes {
            let told = try #require(client.diagnostics(uri, version: 1, timeout: 30))
            #expect(told.count == 1)
            #expect(told.first?["code"]?.stringValue == "analysis-time-limit")
            #expect(told.first?["message"]?.stringValue == "the analysis of this document did not finish within 1 s and was stopped, so its findings are not shown (other documents are not affected); `gradience-lint check` on the file shows what takes so long, and if it is not the file's size, please report it with the file at https://github.com/gradience-lint/gradience-lint/issues")
            #expect(LanguageServerTests.range(told.first?["range"]) == [0, 0, 0, 0])
        }
        // Fixed, the document is analysed by a fresh worker.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": stuck, "version": 2],
                                                     "contentChanges": [["text": LanguageServerTests.config]]])
        let recovered = try #require(client.diagnostics(stuck, version: 2, timeout: 30))
        #expect(LanguageServerTests.codes(recovered) == LanguageServerTests.codes(otherDiagnostics))
        #expect(try client.request("shutdown")["result"] == .null)
        try client.notify("exit", [:])
        #expect(finished.wait(seconds: 10) == 0)
    }

    @Test func whatAnAnalysisPrintsNeverReachesTheProtocol() throws {
        let folder = try LanguageServerTests.workspace()
        let client = try LSPTestClient(folder: folder, environment: [AnalysisWorker.testFaultVariable: "print:PRINT-HERE"])
        try client.initialize()
        let printing = folder.appendingPathComponent("printing.yaml").absoluteString
        try client.open(printing, LanguageServerTests.config + "# PRINT-HERE\n")
        // On the worker's protocol the header would swallow the answer (a time-limit
        // notice 20 s later); on the client's stream, a frame that is not JSON.
        let diagnostics = try #require(client.diagnostics(printing, version: 1, timeout: 30))
        #expect(LanguageServerTests.codes(diagnostics).contains("GL001"))
        #expect(try client.shutdownAndExit() == 0)
    }

    @Test func aWorkerNeverOutlivesItsServer() throws {
        let folder = try LanguageServerTests.workspace()
        let client = try LSPTestClient(folder: folder, environment: [AnalysisWorker.testFaultVariable: "hang:STUCK-HERE"])
        try client.initialize()
        try client.open(folder.appendingPathComponent("stuck.yaml").absoluteString, LanguageServerTests.config + "# STUCK-HERE\n")
        let server = client.process.processIdentifier
        // The worker, busy with the analysis that never ends.
        var workers: [Int32] = []
        let deadline = Date().addingTimeInterval(20)
        while workers.isEmpty, Date() < deadline {
            workers = Self.children(of: server)
            usleep(20_000)
        }
        #expect(workers.count == 1)
        kill(server, SIGKILL)
        // It sees its stdin end and exits, mid-analysis.
        let gone = Date().addingTimeInterval(10)
        while workers.contains(where: Self.isAlive), Date() < gone { usleep(20_000) }
        #expect(!workers.contains(where: Self.isAlive))
    }

    /// Processes whose parent is `parent` (Linux's /proc).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// Running (not gone, not a zombie waiting for a parent that is not ours).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }
}
