import Foundation
@testable import GradienceLint
import Testing

@Suite struct ServerUnitTests {
    /// `a é 中 😀 b`: bytes 1, 2, 3, 4; UTF-16 units 1, 1, 1, 2.
    static let text = SourceText(path: "t.yaml", bytes: Array("x: 1\na\u{E9}\u{4E2D}\u{1F600}b: 2\r\nlast".utf8))

    @Test func utf16PositionsOnNonASCIILines() {
        let text = Self.text
        let b = text.bytes.firstIndex(of: UInt8(ascii: "b"))!
        #expect(text.lspPosition(ofOffset: b) == LSPPosition(line: 1, character: 5))
        #expect(text.offset(of: LSPPosition(line: 1, character: 5)) == b)
        // Between the emoji's two UTF-16 halves: the emoji's start.
        #expect(text.offset(of: LSPPosition(line: 1, character: 4)) == b - 4)
        // Past the line's end: the end of the line, before its \r\n.
        #expect(text.offset(of: LSPPosition(line: 1, character: 99)) == b + 4)
        #expect(text.offset(of: LSPPosition(line: 9, character: 0)) == text.bytes.count)
        #expect(text.lspPosition(ofOffset: text.bytes.count) == LSPPosition(line: 2, character: 4))
    }

    @Test func incrementalChangesApplyInOrder() throws {
        var document = ServerDocument(uri: "file:///w/a.yaml", languageID: "yaml", version: 1, text: "r: 8\n\u{1F600}: 1\n", revision: 1)
        try document.apply(changes: [
            .object([("range", .object([("start", LSPPosition(line: 0, character: 3).json), ("end", LSPPosition(line: 0, character: 4).json)])),
                     ("text", .string("16"))]),
            // After the emoji (two UTF-16 units), on the text the first change left.
            .object([("range", .object([("start", LSPPosition(line: 1, character: 2).json), ("end", LSPPosition(line: 1, character: 2).json)])),
                     ("text", .string("x"))]),
        ], version: 2, revision: 2)
        #expect(String(decoding: document.text.bytes, as: UTF8.self) == "r: 16\n\u{1F600}x: 1\n")
        #expect(document.version == 2)
        try document.apply(changes: [.object([("text", .string("whole"))])], version: 3, revision: 3)
        #expect(String(decoding: document.text.bytes, as: UTF8.self) == "whole")
        #expect(throws: ServerDocument.ChangeError.self) { try document.apply(changes: [.object([])], version: 4, revision: 4) }
    }

    @Test func framesSplitAndJoinedAnyhow() throws {
        let pipe = Pipe()
        let reader = MessageReader(descriptor: pipe.fileHandleForReading.fileDescriptor)
        let first = #"{"a":"é"}"#, second = "{}"
        pipe.fileHandleForWriting.write(Data("Content-Length: \(first.utf8.count)\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n\(first)content-length: 2\r\n\r\n\(second)X-Other: 1\r\n\r\n".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(reader.next() == .message(Array(first.utf8)))
        #expect(reader.next() == .message(Array(second.utf8)))
        #expect(reader.next() == .badHeader("X-Other: 1"))
        #expect(reader.next() == .end)
    }
}
