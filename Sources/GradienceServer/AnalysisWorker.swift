import Foundation
import GradienceSyntax

/// The other end of `AnalysisWorkerPool`: `gradience-lint server --worker`, a child of the
/// language server that analyses documents, so a trap in an analysis (overflow, index out
/// of range, stack overflow) ends this process, never the server.
///
/// Protocol (LSP's `Content-Length` framing, over the worker's stdin and stdout):
/// - a job is two frames: a JSON object (`id`, `kind` "analyse" or "request", the
///   document's `uri`, `isJSON`, `version`, `revision`, `settingsGeneration`, `pagesBase`,
///   and for a request its `method` and `params`), then the document's text as raw bytes;
/// - the answer is one frame: the job's id in decimal, a newline, then JSON as it goes
///   into the client's message (the diagnostics array, or the request's result), so the
///   server splices it in without parsing it again.
///
/// The worker ends when its stdin ends: the server exited, was killed, or let it go.
/// Anything the analysis prints goes to stderr, never into the protocol on stdout.
public enum AnalysisWorker {
    /// TEST ONLY, never set in normal use: `trap:MARKER` makes an analysis of a document
    /// whose text contains MARKER trap (a real Swift arithmetic overflow), `hang:MARKER`
    /// makes it never finish, `print:MARKER` makes it print a frame header to stdout first. Read by the worker alone, so the server's tests can crash or
    /// stall one analysis for real; nothing else reads it.
    public static let testFaultVariable = "GRADIENCE_LINT_WORKER_TEST_FAULT"

    /// Serves jobs until stdin ends, then exits the process.
    public static func serve(environment: [String: String] = ProcessInfo.processInfo.environment) -> Never {
        // The protocol gets a private copy of stdout; fd 1 becomes stderr, so a stray
        // print cannot corrupt a frame.
        let protocolOutput = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3)
        guard protocolOutput >= 0, dup2(STDERR_FILENO, STDOUT_FILENO) >= 0 else { exit(2) }
        let writer = MessageWriter(descriptor: protocolOutput)
        let jobs = JobQueue()
        let state = WorkerState(fault: TestFault(environment[testFaultVariable]))
        // One job at a time (the server sends one), on a thread with the large stack the
        // in-process analyses have (AnalysisBudget): deep recursion has the same room.
        let analysis = Thread {
            while true {
                let job = jobs.take()
                writer.send(body: Array("\(job.id)\n".utf8) + state.answer(job))
            }
        }
        analysis.stackSize = AnalysisBudget().stackSize
        analysis.start()
        let reader = MessageReader(descriptor: STDIN_FILENO)
        while true {
            guard case .message(let meta) = reader.next(), case .message(let text) = reader.next() else { exit(0) }
            guard let job = Job(meta: meta, text: text) else { continue }
            jobs.put(job)
        }
    }

    struct Job {
        let id: Int
        let meta: JSONValue
        let text: [UInt8]

        init?(meta bytes: [UInt8], text: [UInt8]) {
            guard let meta = try? JSONValue(parsing: Data(bytes)), let id = meta["id"]?.intValue else { return nil }
            self.id = id
            self.meta = meta
            self.text = text
        }
    }

    /// The fault a test asked for (see `testFaultVariable`).
    struct TestFault {
        enum Kind: String { case trap, hang, print }
        let kind: Kind
        let marker: [UInt8]

        init?(_ setting: String?) {
            guard let setting, let colon = setting.firstIndex(of: ":"), let kind = Kind(rawValue: String(setting[..<colon])),
                  colon < setting.index(before: setting.endIndex) else { return nil }
            self.kind = kind
            marker = Array(setting[setting.index(after: colon)...].utf8)
        }

        func strike(_ text: [UInt8]) {
            guard text.count >= marker.count,
                  (0...(text.count - marker.count)).contains(where: { text[$0..<$0 + marker.count].elementsEqual(marker) }) else { return }
            switch kind {
            case .trap:
                // Overflows at run time (the marker's length is not a constant): a real trap.
                let overflowed = Int.max + marker.count
                FileHandle.standardError.write(Data("unreachable \(overflowed)\n".utf8))
            case .hang:
                while true { Thread.sleep(forTimeInterval: 3600) }
            case .print:
                // A header that would swallow the next answer, were it to reach the protocol.
                Swift.print("Content-Length: 1000000\r\n\r\n", terminator: "")
                fflush(nil)   // every C stream (naming `stdout` is a global var Swift 6 will not share)
            }
        }
    }

    /// Settings and the latest analysis of each document, owned by the analysis thread.
    /// @unchecked Sendable: it crosses to that thread once, when the thread starts, and no
    /// other thread touches it afterwards; its vars are never shared.
    final class WorkerState: @unchecked Sendable {
        private let settings = ServerSettings()
        private var settingsGeneration = 0
        private var analyses: [String: DocumentAnalysis] = [:]
        private let fault: TestFault?

        init(fault: TestFault?) {
            self.fault = fault
        }

        func answer(_ job: Job) -> [UInt8] {
            let meta = job.meta
            guard let uri = meta["uri"]?.stringValue, let revision = meta["revision"]?.intValue else { return Array("null".utf8) }
            let generation = meta["settingsGeneration"]?.intValue ?? 0
            if generation != settingsGeneration {
                settings.invalidate()
                analyses = [:]
                settingsGeneration = generation
            }
            let pages = RulePages(base: meta["pagesBase"]?.stringValue)
            let analysis: DocumentAnalysis
            if let known = analyses[uri], known.document.revision == revision {
                analysis = known
            } else {
                fault?.strike(job.text)
                let document = ServerDocument(uri: uri, languageID: meta["isJSON"]?.boolValue == true ? "json" : "yaml",
                                              version: meta["version"]?.intValue, text: String(decoding: job.text, as: UTF8.self),
                                              revision: revision)
                analysis = DocumentAnalysis.analyse(document, settings: settings)
                // The latest of each document, for the hovers and code actions that follow;
                // documents closed long ago are dropped now and then.
                if analyses.count >= 64 { analyses = [:] }
                analyses[uri] = analysis
            }
            let answer: JSONValue
            if meta["kind"]?.stringValue == "request", let method = meta["method"]?.stringValue {
                answer = ServerRequests.answer(method: method, analysis: analysis, params: meta["params"] ?? .null, pages: pages)
            } else {
                answer = .array(analysis.lspDiagnostics(pages: pages))
            }
            return Array(answer.rendered(indent: nil).utf8)
        }
    }

    /// Jobs handed from the reading thread to the analysis thread.
    /// @unchecked Sendable: `jobs` is read and written only while `lock` is held; the
    /// semaphore counts the jobs, so `take` never finds the array empty.
    final class JobQueue: @unchecked Sendable {
        private let lock = NSLock()
        private let available = DispatchSemaphore(value: 0)
        private var jobs: [Job] = []

        func put(_ job: Job) {
            lock.lock()
            jobs.append(job)
            lock.unlock()
            available.signal()
        }

        func take() -> Job {
            available.wait()
            lock.lock()
            defer { lock.unlock() }
            return jobs.removeFirst()
        }
    }
}
