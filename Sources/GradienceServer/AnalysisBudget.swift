import Foundation
import GradienceSyntax
import GradienceEngine

/// How the server keeps one document's analysis from holding up the others.
///
/// Each analysis runs on a thread of its own with a large stack: a document that makes
/// some reader recurse deeply (a nested `pyproject.toml` beside it) has 512 MiB of room
/// instead of a worker's 512 KiB (the pages are only reserved, not used). No thread is
/// ever killed (Swift cannot stop one safely), so the budget is on waiting: when an
/// analysis passes `timeLimit`, the document gets a diagnostic saying so at once, its
/// slot stays taken until the analysis really ends (a document never has more than
/// `LanguageServer.analysesPerDocument` running), and every other document goes on.
public struct AnalysisBudget: Sendable {
    /// Seconds an analysis may take before its document is told it did not finish.
    public var timeLimit: TimeInterval
    /// The stack of each analysis thread.
    public var stackSize: Int

    public init(timeLimit: TimeInterval = 20, stackSize: Int = 512 << 20) {
        self.timeLimit = timeLimit
        self.stackSize = stackSize
    }

    /// Runs `work` on a new thread with `stackSize`.
    func start(_ work: @escaping @Sendable () -> Void) {
        let thread = Thread { work() }
        thread.stackSize = stackSize
        thread.start()
    }

    /// Runs `work` as `start` does and waits at most `timeLimit` for its answer.
    func run<Value>(_ work: @escaping @Sendable () -> Value) -> Value? {
        let box = AnswerBox<Value>()
        start {
            let value = work()
            box.set(value)
        }
        return box.wait(seconds: timeLimit)
    }

    /// The diagnostic of a document whose analysis passed the time limit.
    func timeoutDiagnostic() -> JSONValue {
        Self.documentNotice(code: "analysis-time-limit", severity: 2,
                            message: "the analysis of this document did not finish within \(seconds) s, so its findings are not shown "
                                + "(other documents are not affected); `gradience-lint check` on the file shows what takes so long")
    }

    /// The time limit as the notices say it: "20", "0.3".
    var seconds: String { timeLimit == timeLimit.rounded() ? String(Int(timeLimit)) : String(timeLimit) }

    /// A diagnostic at the top of a document about its analysis, not its text.
    static func documentNotice(code: String, severity: Int, message: String) -> JSONValue {
        let position: JSONValue = .object([("line", .int(0)), ("character", .int(0))])
        return .object([
            ("range", .object([("start", position), ("end", position)])),
            ("severity", .int(severity)),
            ("code", .string(code)),
            ("source", .string(ToolInfo.name)),
            ("message", .string(message)),
        ])
    }
}

/// One answer handed from a thread to a waiter.
// @unchecked Sendable: `value` is read and written only while `lock` is held; the semaphore
// only orders the waiter after `set`.
final class AnswerBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var value: Value?

    func set(_ value: Value) {
        lock.lock()
        self.value = value
        lock.unlock()
        ready.signal()
    }

    /// Whether the answer has arrived (without waiting).
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value != nil
    }

    func wait(seconds: TimeInterval) -> Value? {
        guard ready.wait(timeout: .now() + seconds) == .success else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
