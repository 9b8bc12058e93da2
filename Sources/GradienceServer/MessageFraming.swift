import Foundation
import GradienceSyntax

/// LSP's base protocol: each JSON-RPC message is preceded by `Content-Length: N\r\n`
/// (other headers such as `Content-Type` are allowed and ignored) and a blank line.
public final class MessageReader {
    public enum Frame: Equatable {
        case message([UInt8])
        /// A header block without a usable `Content-Length`: the block is skipped.
        case badHeader(String)
        /// The stream ended (at a frame boundary or inside one).
        case end
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func next() -> Frame {
        guard let headerEnd = find([13, 10, 13, 10]) else { return .end }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        start = headerEnd + 4
        var length: Int?
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length, length >= 0 else { return .badHeader(header) }
        while buffer.count - start < length {
            guard fill() else { return .end }
        }
        let body = Array(buffer[start..<start + length])
        start += length
        compact()
        return .message(body)
    }

    /// The offset of `pattern` at or after `start`, reading more input as needed.
    private func find(_ pattern: [UInt8]) -> Int? {
        var from = start
        while true {
            if buffer.count - from >= pattern.count {
                var index = from
                while index + pattern.count <= buffer.count {
                    if buffer[index] == pattern[0], buffer[index..<index + pattern.count].elementsEqual(pattern) { return index }
                    index += 1
                }
                from = max(start, buffer.count - pattern.count + 1)
            }
            guard fill() else { return nil }
        }
    }

    private func fill() -> Bool {
        guard !ended else { return false }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer += chunk[0..<count]
                return true
            }
            if count < 0, errno == EINTR { continue }
            ended = true
            return false
        }
    }

    private func compact() {
        if start > 1 << 20 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

/// Writes framed messages; one lock, so replies and notifications from several threads
/// never interleave their bytes.
// @unchecked Sendable: its one piece of state, the descriptor, is immutable, and whole frames
// are written while `lock` is held.
public final class MessageWriter: @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public func send(_ message: JSONValue) {
        send(body: Array(message.rendered(indent: nil).utf8))
    }

    /// One frame around `body` as it is (the worker protocol's raw text and answers).
    public func send(body: [UInt8]) {
        let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < frame.count {
            let count = frame[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            // The client is gone: nothing can be delivered any more.
            guard count > 0 else { return }
            written += count
        }
    }
}
