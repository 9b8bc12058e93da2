import Foundation
import GradienceSyntax
import GradienceEngine

/// `gradience-lint server`: a Language Server Protocol server over a pair of file
/// descriptors (stdin/stdout). The reader thread applies every message to the state at
/// once — a change is only a byte splice — and hands the linting to worker threads:
///
/// - each document has a `revision`; an analysis publishes only if its revision is still
///   the document's newest when it finishes, so stale work is dropped, never shown;
/// - a newer change never waits for an older analysis to finish: up to two analyses of one
///   document run at once (the stale one finishing unseen), and any further change only
///   marks the document as wanting one more run, which starts with the newest text as soon
///   as a slot frees;
/// - requests (hover, code actions) run on the workers too, so a slow one never holds up
///   the next message; `$/cancelRequest` answers a pending one with `RequestCancelled`.
///
/// `gradience-lint server` runs every analysis, and every hover and code action (they read
/// the analysis: the parsed tree, the fixes), in worker processes (`AnalysisWorkerPool`):
/// a trap there ends a worker, and the document gets a diagnostic saying so; an analysis
/// past the time limit has its worker killed. The reader thread keeps only the byte
/// splicing of changes, which has no rule or reader in it. A server built with an
/// `analyse` function runs it on threads of its own instead (tests of the scheduling).
// @unchecked Sendable: the `let`s are Sendable or thread-safe types, and every `var` (the
// block marked "Guarded by `lock`") is read and written only while `lock` is held.
public final class LanguageServer: @unchecked Sendable {
    private let reader: MessageReader
    private let writer: MessageWriter
    private let settings = ServerSettings()
    private let workers = DispatchQueue(label: "gradience-lint.server.analysis", qos: .userInitiated, attributes: .concurrent)
    private let lock = NSLock()
    /// Running analyses per document, at most this many.
    static let analysesPerDocument = 2

    // Guarded by `lock`.
    private var documents: [String: ServerDocument] = [:]
    private var latest: [String: DocumentAnalysis] = [:]
    private var running: [String: Int] = [:]
    private var wanted: Set<String> = []
    private var pendingRequests: Set<String> = []
    private var cancelledRequests: Set<String> = []
    private var revisions = 0
    private var pages = RulePages(base: nil)
    private var initialized = false
    private var shutdownRequested = false
    private var nextOutgoingID = 0

    /// Each analysis's thread and time limit (see `AnalysisBudget`).
    private let budget: AnalysisBudget
    /// The analysis itself; tests replace it to stand for a document that never finishes.
    private let analyse: @Sendable (ServerDocument, ServerSettings) -> DocumentAnalysis
    /// The worker processes that analyse documents, when the server has them.
    private let pool: AnalysisWorkerPool?
    /// Bumped when settings change; workers read their settings again when it moves. Guarded by `lock`.
    private var settingsGeneration = 0

    public init(input: Int32, output: Int32, budget: AnalysisBudget = AnalysisBudget(),
                analyse: @escaping @Sendable (ServerDocument, ServerSettings) -> DocumentAnalysis = DocumentAnalysis.analyse) {
        reader = MessageReader(descriptor: input)
        writer = MessageWriter(descriptor: output)
        self.budget = budget
        self.analyse = analyse
        pool = nil
    }

    /// A server whose analyses run in worker processes (see `AnalysisWorkerPool`).
    public init(input: Int32, output: Int32, budget: AnalysisBudget = AnalysisBudget(), workers: WorkerProcesses) {
        reader = MessageReader(descriptor: input)
        writer = MessageWriter(descriptor: output)
        self.budget = budget
        analyse = { DocumentAnalysis.analyse($0, settings: $1) }
        var launcher = AnalysisWorkerPool.Launcher.currentExecutable()
        if let command = workers.command, let executable = command.first {
            launcher = AnalysisWorkerPool.Launcher(executable: executable, arguments: Array(command.dropFirst()), environment: nil)
        }
        launcher.environment = workers.environment
        pool = AnalysisWorkerPool(launcher: launcher)
    }

    /// Serves until `exit` (or the end of input); returns the process's exit code: 0 after
    /// `shutdown`, 1 otherwise, as the protocol says.
    public func run() -> Int32 {
        defer { pool?.stop() }
        while true {
            switch reader.next() {
            case .end:
                return 1
            case .badHeader(let header):
                log("ignored a message without Content-Length: \(header.prefix(200))")
            case .message(let body):
                let message: JSONValue
                do {
                    message = try JSONValue(parsing: Data(body))
                } catch {
                    send(error: -32700, "parse error: the message is not JSON", id: .null)
                    continue
                }
                if message["method"]?.stringValue == "exit" {
                    lock.lock()
                    defer { lock.unlock() }
                    return shutdownRequested ? 0 : 1
                }
                handle(message)
            }
        }
    }

    private func handle(_ message: JSONValue) {
        guard let method = message["method"]?.stringValue else { return } // a response to our own request
        let id = message["id"]
        let params = message["params"] ?? .null
        lock.lock()
        let ready = initialized, down = shutdownRequested
        lock.unlock()
        if let id {
            if !ready, method != "initialize" { return send(error: -32002, "the server is not initialized", id: id) }
            if down { return send(error: -32600, "the server is shutting down", id: id) }
        } else if !ready, method != "initialized" {
            return // notifications before initialize are dropped, as the protocol says
        }
        switch method {
        case "initialize": initialize(params, id: id ?? .null)
        case "initialized": registerWatchers()
        case "shutdown":
            lock.lock()
            shutdownRequested = true
            lock.unlock()
            send(result: .null, id: id ?? .null)
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didSave": didSave(params)
        case "textDocument/didClose": didClose(params)
        case "workspace/didChangeWatchedFiles": settingsChanged()
        case "textDocument/codeAction", "textDocument/hover": request(id, method, params)
        case "$/cancelRequest":
            if let cancelled = params["id"] {
                lock.lock()
                if pendingRequests.contains(Self.key(cancelled)) { cancelledRequests.insert(Self.key(cancelled)) }
                lock.unlock()
            }
        default:
            if let id { send(error: -32601, "method not found: \(method)", id: id) }
        }
    }

    // MARK: lifecycle

    private func initialize(_ params: JSONValue, id: JSONValue) {
        let base = params["initializationOptions"]?["ruleDocsBaseURL"]?.stringValue
        let pages = base.map { RulePages(base: $0) } ?? RulePages.writtenToCache()
        lock.lock()
        self.pages = pages
        initialized = true
        watchFiles = params["capabilities"]?["workspace"]?["didChangeWatchedFiles"]?["dynamicRegistration"]?.boolValue == true
        lock.unlock()
        let capabilities: JSONValue = .object([
            ("positionEncoding", .string("utf-16")),
            ("textDocumentSync", .object([
                ("openClose", .bool(true)),
                ("change", .int(2)), // incremental
                ("save", .object([("includeText", .bool(false))])),
            ])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix"), .string(CodeActions.fixAllKind)]))])),
            ("hoverProvider", .bool(true)),
        ])
        send(result: .object([("capabilities", capabilities),
                              ("serverInfo", .object([("name", .string(ToolInfo.name)), ("version", .string(ToolInfo.version))]))]), id: id)
    }

    private var watchFiles = false

    /// Settings files can change outside the editor; clients that can watch files for us
    /// are asked to (`client/registerCapability`). Either way each analysis compares the
    /// settings file's modification time, so a client that cannot watch still sees changes.
    private func registerWatchers() {
        lock.lock()
        let watch = watchFiles
        nextOutgoingID += 1
        let id = nextOutgoingID
        lock.unlock()
        guard watch else { return }
        let watchers: JSONValue = .array((Settings.fileNames.sorted().map { "**/\($0)" } + ["**/pyproject.toml"]).map { .object([("globPattern", .string($0))]) })
        writer.send(.object([
            ("jsonrpc", .string("2.0")), ("id", .string("gradience-lint-\(id)")), ("method", .string("client/registerCapability")),
            ("params", .object([("registrations", .array([.object([
                ("id", .string("gradience-lint-settings")), ("method", .string("workspace/didChangeWatchedFiles")),
                ("registerOptions", .object([("watchers", watchers)])),
            ])]))])),
        ]))
    }

    // MARK: documents

    private func didOpen(_ params: JSONValue) {
        let item = params["textDocument"]
        guard let uri = item?["uri"]?.stringValue, let text = item?["text"]?.stringValue else { return }
        let language = item?["languageId"]?.stringValue
        guard ServerDocument.isConfig(path: ServerDocument.path(fromURI: uri), languageID: language) else { return }
        lock.lock()
        revisions += 1
        documents[uri] = ServerDocument(uri: uri, languageID: language, version: item?["version"]?.intValue, text: text, revision: revisions)
        lock.unlock()
        schedule(uri)
    }

    private func didChange(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, let changes = params["contentChanges"]?.arrayValue else { return }
        lock.lock()
        guard var document = documents[uri] else { lock.unlock(); return }
        revisions += 1
        do {
            try document.apply(changes: changes, version: params["textDocument"]?["version"]?.intValue, revision: revisions)
            documents[uri] = document
            lock.unlock()
        } catch {
            lock.unlock()
            log("\(uri): \((error as? ServerDocument.ChangeError)?.message ?? "\(error)"); change ignored")
            return
        }
        schedule(uri)
    }

    private func didSave(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.stringValue else { return }
        if ServerDocument.isSettingsPath(ServerDocument.path(fromURI: uri)) {
            settingsChanged()
        } else {
            schedule(uri)
        }
    }

    private func didClose(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.stringValue else { return }
        lock.lock()
        let known = documents.removeValue(forKey: uri) != nil
        latest[uri] = nil
        wanted.remove(uri)
        lock.unlock()
        if known { publish(uri: uri, version: nil, diagnostics: []) }
    }

    /// A settings or inventory file changed: read them again and re-lint every open document.
    private func settingsChanged() {
        settings.invalidate()
        lock.lock()
        let open = Array(documents.keys)
        latest = [:]
        settingsGeneration += 1
        lock.unlock()
        for uri in open { schedule(uri) }
    }

    // MARK: analysis

    private func schedule(_ uri: String) {
        lock.lock()
        wanted.insert(uri)
        lock.unlock()
        startIfPossible(uri)
    }

    private func startIfPossible(_ uri: String) {
        lock.lock()
        guard wanted.contains(uri), running[uri, default: 0] < Self.analysesPerDocument, let document = documents[uri] else {
            lock.unlock()
            return
        }
        wanted.remove(uri)
        running[uri, default: 0] += 1
        lock.unlock()
        if let pool { return startInWorker(document, pool) }
        // On a thread of its own (see AnalysisBudget); past the time limit the document is
        // told so, and the late answer is still published if the document has not moved on.
        let finished = AnswerBox<Bool>()
        budget.start {
            let analysis = self.analyse(document, self.settings)
            finished.set(true)
            self.lock.lock()
            self.running[uri, default: 1] -= 1
            let current = self.documents[uri]?.revision == document.revision
            if current { self.latest[uri] = analysis }
            let pages = self.pages
            self.lock.unlock()
            if current {
                self.publish(uri: uri, version: document.version, diagnostics: analysis.lspDiagnostics(pages: pages))
            }
            self.startIfPossible(uri)
        }
        workers.asyncAfter(deadline: .now() + budget.timeLimit) {
            guard !finished.isSet else { return }
            self.lock.lock()
            let current = self.documents[uri]?.revision == document.revision
            self.lock.unlock()
            if current { self.publish(uri: uri, version: document.version, diagnostics: [self.budget.timeoutDiagnostic()]) }
        }
    }

    /// `startIfPossible` with a worker process: its answer, or the news that it crashed or
    /// was stopped at the time limit, goes to the document if it has not moved on.
    private func startInWorker(_ document: ServerDocument, _ pool: AnalysisWorkerPool) {
        let uri = document.uri
        pool.submit(meta: workerJob(document, kind: "analyse"), text: document.text.bytes, timeLimit: budget.timeLimit) { outcome in
            self.lock.lock()
            self.running[uri, default: 1] -= 1
            let current = self.documents[uri]?.revision == document.revision
            self.lock.unlock()
            if current {
                switch outcome {
                case .answered(let diagnostics): self.publish(uri: uri, version: document.version, rawDiagnostics: diagnostics)
                case .timedOut: self.publish(uri: uri, version: document.version, diagnostics: [self.budget.stoppedDiagnostic()])
                case .died(let death): self.publish(uri: uri, version: document.version, diagnostics: [death.diagnostic()])
                }
            }
            self.startIfPossible(uri)
        }
    }

    /// A worker job's description (see `AnalysisWorker`); the text goes separately.
    private func workerJob(_ document: ServerDocument, kind: String, method: String? = nil, params: JSONValue = .null) -> JSONValue {
        lock.lock()
        let generation = settingsGeneration, pagesBase = pages.base
        lock.unlock()
        var members: [(String, JSONValue)] = [
            ("kind", .string(kind)), ("uri", .string(document.uri)), ("isJSON", .bool(document.isJSON)),
            ("version", document.version.map { .int($0) } ?? .null), ("revision", .int(document.revision)),
            ("settingsGeneration", .int(generation)), ("pagesBase", pagesBase.map { .string($0) } ?? .null),
        ]
        if let method { members += [("method", .string(method)), ("params", params)] }
        return .object(members)
    }

    /// The analysis of the document's current text: the published one when it is current,
    /// else a fresh one (kept if the document has not moved on meanwhile).
    private func currentAnalysis(_ uri: String) -> DocumentAnalysis? {
        lock.lock()
        guard let document = documents[uri] else { lock.unlock(); return nil }
        if let known = latest[uri], known.document.revision == document.revision {
            lock.unlock()
            return known
        }
        lock.unlock()
        guard let analysis = budget.run({ self.analyse(document, self.settings) }) else { return nil }
        lock.lock()
        if documents[uri]?.revision == document.revision { latest[uri] = analysis }
        lock.unlock()
        return analysis
    }

    // MARK: requests

    private func request(_ id: JSONValue?, _ method: String, _ params: JSONValue) {
        guard let id else { return }
        let key = Self.key(id)
        lock.lock()
        pendingRequests.insert(key)
        let document = params["textDocument"]?["uri"]?.stringValue.flatMap { documents[$0] }
        lock.unlock()
        if let pool {
            guard let document, !isCancelled(key) else { return answer(key, id, result: Array("null".utf8)) }
            pool.submit(meta: workerJob(document, kind: "request", method: method, params: params), text: document.text.bytes,
                        timeLimit: budget.timeLimit) { outcome in
                switch outcome {
                case .answered(let result): self.answer(key, id, result: result)
                case .timedOut: self.answer(key, id, error: "the analysis of this document did not finish within the time limit")
                case .died(let death): self.answer(key, id, error: "the analysis of this document \(death.explanation)")
                }
            }
            return
        }
        workers.async {
            var result: JSONValue = .null
            if !self.isCancelled(key), let uri = params["textDocument"]?["uri"]?.stringValue, let analysis = self.currentAnalysis(uri) {
                result = ServerRequests.answer(method: method, analysis: analysis, params: params, pages: self.currentPages())
            }
            self.answer(key, id, result: Array(result.rendered(indent: nil).utf8))
        }
    }

    /// Answers a pending request with `result` (JSON), with `error` (an internal error), or,
    /// when it was cancelled meanwhile, with `RequestCancelled`.
    private func answer(_ key: String, _ id: JSONValue, result: [UInt8] = [], error: String? = nil) {
        lock.lock()
        pendingRequests.remove(key)
        let cancelled = cancelledRequests.remove(key) != nil
        lock.unlock()
        if cancelled {
            send(error: -32800, "request cancelled", id: id)
        } else if let error {
            send(error: -32603, error, id: id)
        } else {
            writer.send(body: Array("{\"jsonrpc\":\"2.0\",\"id\":\(id.rendered(indent: nil)),\"result\":".utf8) + result + [0x7D])
        }
    }

    private func isCancelled(_ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelledRequests.contains(key)
    }

    private func currentPages() -> RulePages {
        lock.lock()
        defer { lock.unlock() }
        return pages
    }

    private static func key(_ id: JSONValue) -> String { id.rendered(indent: nil) }

    // MARK: output

    private func publish(uri: String, version: Int?, diagnostics: [JSONValue]) {
        var params: [(String, JSONValue)] = [("uri", .string(uri))]
        if let version { params.append(("version", .int(version))) }
        params.append(("diagnostics", .array(diagnostics)))
        writer.send(.object([("jsonrpc", .string("2.0")), ("method", .string("textDocument/publishDiagnostics")), ("params", .object(params))]))
    }

    /// `publish` with the diagnostics array already rendered (a worker's answer, as it came).
    private func publish(uri: String, version: Int?, rawDiagnostics: [UInt8]) {
        var head = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":{\"uri\":\(JSONValue.string(uri).rendered(indent: nil))"
        if let version { head += ",\"version\":\(version)" }
        writer.send(body: Array((head + ",\"diagnostics\":").utf8) + rawDiagnostics + Array("}}".utf8))
    }

    private func send(result: JSONValue, id: JSONValue) {
        writer.send(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
    }

    private func send(error code: Int, _ message: String, id: JSONValue) {
        writer.send(.object([("jsonrpc", .string("2.0")), ("id", id), ("error", .object([("code", .int(code)), ("message", .string(message))]))]))
    }

    private func log(_ message: String) {
        writer.send(.object([("jsonrpc", .string("2.0")), ("method", .string("window/logMessage")),
                             ("params", .object([("type", .int(3)), ("message", .string("gradience-lint: \(message)"))]))]))
    }
}
