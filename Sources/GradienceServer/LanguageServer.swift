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

    public init(input: Int32, output: Int32, budget: AnalysisBudget = AnalysisBudget(),
                analyse: @escaping @Sendable (ServerDocument, ServerSettings) -> DocumentAnalysis = DocumentAnalysis.analyse) {
        reader = MessageReader(descriptor: input)
        writer = MessageWriter(descriptor: output)
        self.budget = budget
        self.analyse = analyse
    }

    /// Serves until `exit` (or the end of input); returns the process's exit code: 0 after
    /// `shutdown`, 1 otherwise, as the protocol says.
    public func run() -> Int32 {
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
        case "textDocument/codeAction": request(id, params) { analysis, params in
            let text = analysis.document.text
            guard let start = LSPPosition(params["range"]?["start"]), let end = LSPPosition(params["range"]?["end"]) else { return .array([]) }
            let range = text.offset(of: start)..<max(text.offset(of: start), text.offset(of: end))
            let only = params["context"]?["only"]?.arrayValue?.compactMap(\.stringValue)
            return .array(CodeActions.actions(analysis, range: range, only: only, pages: self.currentPages()))
        }
        case "textDocument/hover": request(id, params) { analysis, params in
            guard let result = analysis.result, let position = LSPPosition(params["position"]) else { return .null }
            let text = analysis.document.text
            guard let hover = HoverContent.hover(result, atOffset: text.offset(of: position)) else { return .null }
            return .object([("contents", .object([("kind", .string("markdown")), ("value", .string(hover.text))])),
                            ("range", text.lspRange(hover.range))])
        }
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

    private func request(_ id: JSONValue?, _ params: JSONValue, answer: @escaping @Sendable (DocumentAnalysis, JSONValue) -> JSONValue) {
        guard let id else { return }
        let key = Self.key(id)
        lock.lock()
        pendingRequests.insert(key)
        lock.unlock()
        workers.async {
            var result: JSONValue = .null
            if !self.isCancelled(key), let uri = params["textDocument"]?["uri"]?.stringValue, let analysis = self.currentAnalysis(uri) {
                result = answer(analysis, params)
            }
            self.lock.lock()
            self.pendingRequests.remove(key)
            let cancelled = self.cancelledRequests.remove(key) != nil
            self.lock.unlock()
            if cancelled { self.send(error: -32800, "request cancelled", id: id) } else { self.send(result: result, id: id) }
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
