import CProcessSpawn
import Foundation
import GradienceSyntax
import GradienceEngine

/// The language server's analysis workers: child processes (`gradience-lint server
/// --worker`, see `AnalysisWorker`) that run each analysis, so a trap in one ends a
/// worker, never the server. Workers are kept and reused (a keystroke costs two pipe
/// writes, not a process); each runs one job at a time, and a job that passes the time
/// limit has its worker killed (a process, unlike a thread, can be stopped). A dead worker
/// is reaped and replaced by a fresh one on the next job; the job's owner learns how it
/// ended (`Outcome`). A worker's pipes are close-on-exec, so no worker holds another's,
/// and each sees the end of its stdin when the server goes, however it goes.
/// Which worker processes a `LanguageServer` starts.
public struct WorkerProcesses: Sendable {
    /// The command (executable and arguments) of a worker; nil: this binary's `server --worker`.
    public var command: [String]?
    /// The workers' environment; nil: the server's.
    public var environment: [String: String]?

    public init(command: [String]?, environment: [String: String]? = nil) {
        self.command = command
        self.environment = environment
    }

    public static let thisBinary = WorkerProcesses(command: nil)
}

/// @unchecked Sendable: the `let`s are Sendable or thread-safe, and every `var` (the block
/// marked "Guarded by `lock`") is read and written only while `lock` is held.
final class AnalysisWorkerPool: @unchecked Sendable {
    /// How to start a worker.
    struct Launcher: Sendable {
        var executable: String
        var arguments: [String]
        /// nil: the server's own environment.
        var environment: [String: String]?

        /// This very binary (even if the file was replaced since it started), as `server --worker`.
        static func currentExecutable() -> Launcher {
            #if os(Linux)
            let executable = "/proc/self/exe"
            #else
            let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
            #endif
            return Launcher(executable: executable, arguments: ["server", "--worker"], environment: nil)
        }
    }

    enum Outcome {
        /// The worker's answer: JSON, as it goes into the client's message.
        case answered([UInt8])
        /// The job passed the time limit; its worker was killed.
        case timedOut
        /// The worker ended without answering.
        case died(WorkerDeath)
    }

    /// How a worker ended.
    enum WorkerDeath: Equatable {
        case signal(Int32)
        case exit(Int32)
        case couldNotStart(String)
    }

    private struct Job {
        let meta: JSONValue
        let text: [UInt8]
        let timeLimit: TimeInterval
        let completion: @Sendable (Outcome) -> Void
    }

    /// One child process. Sound to share: `currentJob` and `stoppedForBudget` are guarded by
    /// the pool's lock, and the pipes are used by one job's thread at a time.
    private final class Worker: @unchecked Sendable {
        let pid: pid_t
        let input: Int32
        let output: Int32
        let writer: MessageWriter
        let reader: MessageReader
        var currentJob: Int?
        var stoppedForBudget = false

        init(pid: pid_t, input: Int32, output: Int32) {
            self.pid = pid
            self.input = input
            self.output = output
            writer = MessageWriter(descriptor: input)
            reader = MessageReader(descriptor: output)
        }
    }

    /// Jobs at once: two analyses of a document may run together, so a few stuck
    /// documents never take every worker; beyond this, jobs wait their turn.
    static let maximumWorkers = 8
    /// Workers kept waiting for work; more than this end once idle.
    static let idleWorkers = 3

    private let launcher: Launcher
    /// The time limits' timers (they only take the lock and send a signal).
    private let timers = DispatchQueue(label: "gradience-lint.server.worker-timers")
    private let lock = NSLock()
    // Guarded by `lock`.
    private var idle: [Worker] = []
    private var live = 0
    private var waiting: [Job] = []
    private var nextJobID = 0
    private var stopped = false

    init(launcher: Launcher) {
        self.launcher = launcher
        // Writing to a worker that just died must be an error, not a signal that ends the server.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Runs a job (its `meta` gets an `id`; `text` is sent as it is) on a worker;
    /// `completion` is called once, on a worker thread.
    func submit(meta: JSONValue, text: [UInt8], timeLimit: TimeInterval, completion: @escaping @Sendable (Outcome) -> Void) {
        let job = Job(meta: meta, text: text, timeLimit: timeLimit, completion: completion)
        lock.lock()
        if stopped {
            lock.unlock()
        } else if let worker = idle.popLast() {
            lock.unlock()
            onThreadOfItsOwn { self.run(job, on: worker) }
        } else if live < Self.maximumWorkers {
            live += 1
            lock.unlock()
            onThreadOfItsOwn { self.runOnNewWorker(job) }
        } else {
            waiting.append(job)
            lock.unlock()
        }
    }

    /// Lets every idle worker go (the server is done): each sees its stdin end and exits. A
    /// busy one is let go when its job ends, or sees its stdin end when the server exits.
    func stop() {
        lock.lock()
        stopped = true
        let idleWorkers = idle
        idle = []
        waiting = []
        lock.unlock()
        for worker in idleWorkers { retire(worker) }
    }

    /// Each job waits for its worker's answer on a thread of its own, not on a dispatch
    /// queue, whose few threads a handful of stuck workers could all hold.
    private func onThreadOfItsOwn(_ work: @escaping @Sendable () -> Void) {
        Thread { work() }.start()
    }

    private func runOnNewWorker(_ job: Job) {
        switch spawn() {
        case .success(let worker):
            run(job, on: worker)
        case .failure(let problem):
            lock.lock()
            live -= 1
            lock.unlock()
            job.completion(.died(.couldNotStart(problem.message)))
        }
    }

    private func run(_ job: Job, on worker: Worker) {
        lock.lock()
        nextJobID += 1
        let id = nextJobID
        worker.currentJob = id
        let stopping = stopped
        lock.unlock()
        guard case .object(let members) = job.meta, !stopping else { return finish(worker, answer: nil, job) }
        worker.writer.send(body: Array(JSONValue.object([("id", .int(id))] + members).rendered(indent: nil).utf8))
        worker.writer.send(body: job.text)
        timers.asyncAfter(deadline: .now() + job.timeLimit) {
            self.lock.lock()
            defer { self.lock.unlock() }
            guard worker.currentJob == id else { return }
            worker.stoppedForBudget = true
            kill(worker.pid, SIGKILL)
        }
        var answer: [UInt8]?
        reading: while true {
            switch worker.reader.next() {
            case .message(let body):
                guard let newline = body.firstIndex(of: 10), Int(String(decoding: body[..<newline], as: UTF8.self)) == id else { continue }
                answer = Array(body[(newline + 1)...])
                break reading
            case .badHeader:
                continue
            case .end:
                break reading
            }
        }
        finish(worker, answer: answer, job)
    }

    /// After a job: a healthy worker takes the next waiting job or goes idle; a worker that
    /// died or was killed is reaped, and a fresh one takes the next waiting job.
    private func finish(_ worker: Worker, answer: [UInt8]?, _ job: Job) {
        lock.lock()
        worker.currentJob = nil
        let killed = worker.stoppedForBudget
        if answer != nil, !killed, !stopped {
            if !waiting.isEmpty {
                let next = waiting.removeFirst()
                lock.unlock()
                onThreadOfItsOwn { self.run(next, on: worker) }
            } else if idle.count < Self.idleWorkers {
                idle.append(worker)
                lock.unlock()
            } else {
                live -= 1
                lock.unlock()
                retire(worker)
            }
            return job.completion(.answered(answer!))
        }
        live -= 1
        lock.unlock()
        let death = retire(worker)
        startWaitingJob()
        if let answer {
            job.completion(.answered(answer)) // it answered just as the time limit passed
        } else if killed {
            job.completion(.timedOut)
        } else {
            job.completion(.died(death))
        }
    }

    private func startWaitingJob() {
        lock.lock()
        guard !stopped, !waiting.isEmpty, live < Self.maximumWorkers else { return lock.unlock() }
        live += 1
        let next = waiting.removeFirst()
        lock.unlock()
        onThreadOfItsOwn { self.runOnNewWorker(next) }
    }

    /// Closes a worker's pipes (a live worker sees its stdin end and exits) and reaps it.
    @discardableResult
    private func retire(_ worker: Worker) -> WorkerDeath {
        close(worker.input)
        close(worker.output)
        var status: Int32 = 0
        while waitpid(worker.pid, &status, 0) < 0, errno == EINTR {}
        // waitpid's status word: the low 7 bits are the terminating signal, 0 for an exit.
        let signal = status & 0x7F
        return signal == 0 ? .exit((status >> 8) & 0xFF) : .signal(signal)
    }

    private struct SpawnProblem: Error {
        let message: String
    }

    private func spawn() -> Result<Worker, SpawnProblem> {
        var toWorker: [Int32] = [0, 0], fromWorker: [Int32] = [0, 0]
        // Both ends close on exec; off Linux in two steps, which no other spawn can race (one lock).
        guard gradience_close_on_exec_pipe(&toWorker) == 0 else { return .failure(SpawnProblem(message: "pipe: \(String(cString: strerror(errno)))")) }
        guard gradience_close_on_exec_pipe(&fromWorker) == 0 else {
            close(toWorker[0]); close(toWorker[1])
            return .failure(SpawnProblem(message: "pipe: \(String(cString: strerror(errno)))"))
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // stdin and stdout are the pipes; stderr stays the server's; nothing else is
        // inherited (a worker holding the server's own stdin would keep it open).
        posix_spawn_file_actions_adddup2(&actions, toWorker[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromWorker[1], STDOUT_FILENO)
        _ = gradience_spawn_actions_close_from(&actions, 3)   // ENOSYS without glibc 2.34: the pipes still close on exec
        let arguments = [launcher.executable] + launcher.arguments
        let environment = (launcher.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, launcher.executable, &actions, nil, argv, envp)
        close(toWorker[0])
        close(fromWorker[1])
        guard result == 0 else {
            close(toWorker[1]); close(fromWorker[0])
            return .failure(SpawnProblem(message: "\(launcher.executable): \(String(cString: strerror(result)))"))
        }
        return .success(Worker(pid: pid, input: toWorker[1], output: fromWorker[0]))
    }
}

extension AnalysisWorkerPool.WorkerDeath {
    /// What happened, for the diagnostic: "crashed with signal 4 (SIGILL)".
    var explanation: String {
        switch self {
        case .signal(let number):
            let names: [Int32: String] = [SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                                          SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM"]
            return "crashed with signal \(number)" + (names[number].map { " (\($0))" } ?? "")
        case .exit(let status):
            return "ended with exit status \(status) before it answered"
        case .couldNotStart(let problem):
            return "could not start its worker process (\(problem))"
        }
    }

    /// The diagnostic of a document whose analysis ended its worker.
    func diagnostic() -> JSONValue {
        AnalysisBudget.documentNotice(
            code: "analysis-crashed", severity: 1,
            message: "the analysis of this document \(explanation), so its findings are not shown; "
                + "the server goes on and other documents are not affected. This is a bug in gradience-lint: "
                + "`gradience-lint check` on the file reproduces it; please report it with the file at \(ToolInfo.homepage)/issues")
    }
}

extension AnalysisBudget {
    /// The diagnostic of a document whose analysis passed the time limit in a worker,
    /// which was then stopped.
    func stoppedDiagnostic() -> JSONValue {
        Self.documentNotice(
            code: "analysis-time-limit", severity: 2,
            message: "the analysis of this document did not finish within \(seconds) s and was stopped, so its findings "
                + "are not shown (other documents are not affected); `gradience-lint check` on the file shows what takes so long, "
                + "and if it is not the file's size, please report it with the file at \(ToolInfo.homepage)/issues")
    }
}
