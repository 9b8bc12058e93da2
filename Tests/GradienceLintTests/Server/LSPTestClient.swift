import Foundation
import GradienceLint
import Testing

/// Drives `gradience-lint server` through its stdin and stdout as an editor would: real
/// JSON-RPC messages with their `Content-Length` framing, written and read here by hand
/// (not with the server's own framing code).
// @unchecked Sendable: the pipe's handler thread touches only `buffer` and `received`, under
// `lock`; `nextID` and the rest are used by the test's own thread alone.
final class LSPTestClient: @unchecked Sendable {
    let process = Process()
    private let input: FileHandle
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var received: [JSONValue] = []
    private var nextID = 0
    let folder: URL

    /// `environment`: added to the server's (a test-only fault for its workers).
    init(folder: URL, environment extra: [String: String] = [:]) throws {
        self.folder = folder
        process.executableURL = CLIRunner.binary
        process.arguments = ["server"]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        // Rule pages are written under the cache folder: keep them in the test's folder.
        environment["XDG_CACHE_HOME"] = folder.appendingPathComponent(".cache").path
        environment.merge(extra) { $1 }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        input = stdin.fileHandleForWriting
        listen(to: stdout.fileHandleForReading)
        try process.run()
    }

    /// A client of a server running in this process (`LanguageServer.run()` on a thread of
    /// the test's), over two pipes: `serverInput` is what the server reads, `serverOutput`
    /// what it writes. For servers built with a test's own analysis or budget.
    init(folder: URL, serverInput: Pipe, serverOutput: Pipe) {
        self.folder = folder
        input = serverInput.fileHandleForWriting
        listen(to: serverOutput.fileHandleForReading)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Collects what the server writes and splits it into messages as it arrives.
    private func listen(to output: FileHandle) {
        output.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.buffer += data
            self.parseFrames()
            self.lock.unlock()
        }
    }

    /// Splits complete `Content-Length` frames off the buffer (lock held).
    private func parseFrames() {
        while let headerEnd = buffer.indices.dropLast(3).first(where: { buffer[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }) {
            let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
            guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                  let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) else {
                Issue.record("a frame without Content-Length: \(header)")
                buffer = []
                return
            }
            let start = headerEnd + 4
            guard buffer.count >= start + length else { return }
            do {
                received.append(try JSONValue(parsing: Data(buffer[start..<start + length])))
            } catch {
                Issue.record("the server sent a body that is not JSON: \(String(decoding: buffer[start..<start + length], as: UTF8.self))")
            }
            buffer.removeFirst(start + length)
        }
    }

    func sendRaw(_ body: Data) {
        input.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify(_ method: String, _ params: [String: Any]) throws {
        sendRaw(try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "method": method, "params": params]))
    }

    /// Sends a request and returns its id (the answer comes with `response(to:)`).
    @discardableResult
    func send(_ method: String, _ params: Any = [String: Any]()) throws -> Int {
        lock.lock()
        nextID += 1
        let id = nextID
        lock.unlock()
        sendRaw(try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": id, "method": method, "params": params]))
        return id
    }

    func request(_ method: String, _ params: Any = [String: Any]()) throws -> JSONValue {
        let id = try send(method, params)
        return try #require(response(to: id), "no answer to \(method)")
    }

    func response(to id: Int, timeout: TimeInterval = 30) -> JSONValue? {
        waitFor(timeout: timeout) { $0["id"]?.intValue == id && $0["method"] == nil }
    }

    /// The first message (received so far or within `timeout`) that `matches`; removed.
    func waitFor(timeout: TimeInterval = 30, _ matches: (JSONValue) -> Bool) -> JSONValue? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            if let index = received.firstIndex(where: matches) {
                let message = received.remove(at: index)
                lock.unlock()
                return message
            }
            lock.unlock()
            usleep(2_000)
        }
        return nil
    }

    /// The next `publishDiagnostics` notification, for any document.
    func nextPublish(timeout: TimeInterval = 30) -> JSONValue? {
        waitFor(timeout: timeout) { $0["method"]?.stringValue == "textDocument/publishDiagnostics" }
    }

    /// Every publish in arrival order, up to and including the first for `version` (or
    /// until one does not come within `timeout`): its version and its diagnostics.
    func publishes(until version: Int, timeout: TimeInterval = 30) -> [(version: Int, diagnostics: [JSONValue])] {
        var published: [(version: Int, diagnostics: [JSONValue])] = []
        while published.last?.version != version, let message = nextPublish(timeout: timeout) {
            published.append((message["params"]?["version"]?.intValue ?? -1, message["params"]?["diagnostics"]?.arrayValue ?? []))
        }
        return published
    }

    /// The next diagnostics published for `uri` (optionally for one version).
    func diagnostics(_ uri: String, version: Int? = nil, timeout: TimeInterval = 30) -> [JSONValue]? {
        waitFor(timeout: timeout) {
            $0["method"]?.stringValue == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri
                && (version == nil || $0["params"]?["version"]?.intValue == version)
        }?["params"]?["diagnostics"]?.arrayValue
    }

    func initialize() throws {
        let answer = try request("initialize", ["processId": NSNull(), "rootUri": folder.absoluteString, "capabilities": [String: Any]()])
        #expect(answer["result"]?["capabilities"]?["textDocumentSync"]?["change"]?.intValue == 2)
        try notify("initialized", [:])
    }

    func open(_ uri: String, _ text: String, language: String = "yaml", version: Int = 1) throws {
        try notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": language, "version": version, "text": text]])
    }

    /// `shutdown` (whose result must be null), then `exit`: the exit code.
    func shutdownAndExit() throws -> Int32? {
        #expect(try request("shutdown")["result"] == .null)
        try notify("exit", [:])
        return exitStatus()
    }

    func exitStatus(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// Applies LSP text edits to a string the way a client does: UTF-16 positions, computed
/// here with Swift's own UTF-16 view (independently of the server's conversion).
enum ClientEdits {
    static func offset(_ text: String, _ position: JSONValue?) -> Int {
        let line = position?["line"]?.intValue ?? 0, character = position?["character"]?.intValue ?? 0
        let units = Array(text.utf16)
        var index = 0, currentLine = 0
        while currentLine < line, index < units.count {
            if units[index] == 0x0A { currentLine += 1 }
            index += 1
        }
        var column = 0
        while column < character, index < units.count, units[index] != 0x0A { index += 1; column += 1 }
        return index
    }

    static func apply(_ edits: [JSONValue], to text: String) -> String {
        var units = Array(text.utf16)
        let sorted = edits.sorted { offset(text, $0["range"]?["start"]) > offset(text, $1["range"]?["start"]) }
        for edit in sorted {
            let start = offset(text, edit["range"]?["start"]), end = offset(text, edit["range"]?["end"])
            units.replaceSubrange(start..<end, with: Array((edit["newText"]?.stringValue ?? "").utf16))
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// The position of the n-th occurrence of `needle` (UTF-16 units).
    static func position(of needle: String, in text: String, occurrence: Int = 1) -> (line: Int, character: Int) {
        var range = text.startIndex..<text.startIndex
        for _ in 0..<occurrence { range = text.range(of: needle, range: range.upperBound..<text.endIndex)! }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? text.startIndex
        return (line, text[lineStart..<range.lowerBound].utf16.count)
    }
}
