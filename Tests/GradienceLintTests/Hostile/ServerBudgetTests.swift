import Foundation
@testable import GradienceLint
@testable import GradienceServer
import Testing

/// Issue 28, the language server: one document's analysis never holds up the others, a
/// document whose analysis passes the time limit is told so, and the regex that used to
/// hang the server gets its diagnostics.
@Suite struct ServerBudgetTests {
    @Test func aDocumentThatNeverFinishesIsToldSoAndTheOthersGoOn() throws {
        let folder = try LanguageServerTests.workspace()
        let toServer = Pipe(), fromServer = Pipe()
        // The stand-in for an analysis stuck on a hostile file: "stuck.yaml" takes 6 s,
        // past a 0.3 s limit; every other document is analysed as usual.
        let server = LanguageServer(input: toServer.fileHandleForReading.fileDescriptor,
                                    output: fromServer.fileHandleForWriting.fileDescriptor,
                                    budget: AnalysisBudget(timeLimit: 0.3)) { document, settings in
            if document.uri.hasSuffix("stuck.yaml") { Thread.sleep(forTimeInterval: 6) }
            return DocumentAnalysis.analyse(document, settings: settings)
        }
        let finished = AnswerBox<Int32>()
        Thread { finished.set(server.run()) }.start()
        let client = LSPTestClient(folder: folder, serverInput: toServer, serverOutput: fromServer)
        try client.initialize()

        let stuck = folder.appendingPathComponent("stuck.yaml").absoluteString
        let other = folder.appendingPathComponent("other.yaml").absoluteString
        try client.open(stuck, LanguageServerTests.config)
        try client.open(other, LanguageServerTests.config)
        // The other document's findings arrive while the stuck one still runs.
        let started = Date()
        let otherDiagnostics = try #require(client.diagnostics(other, version: 1, timeout: 10))
        #expect(LanguageServerTests.codes(otherDiagnostics).contains("GL001"))
        #expect(Date().timeIntervalSince(started) < 6)
        // The stuck one is told, at the top of the file, that its analysis did not finish.
        let told = try #require(client.diagnostics(stuck, version: 1, timeout: 10))
        #expect(LanguageServerTests.codes(told) == ["analysis-time-limit"])
        #expect(told.first?["message"]?.stringValue == "the analysis of this document did not finish within 0.3 s, so its findings are not shown (other documents are not affected); `gradience-lint check` on the file shows what takes so long")
        #expect(LanguageServerTests.range(told.first?["range"]) == [0, 0, 0, 0])
        // Its late answer still arrives (the document did not move on).
        let late = try #require(client.diagnostics(stuck, version: 1, timeout: 10))
        #expect(LanguageServerTests.codes(late).contains("GL001"))
        #expect(try client.request("shutdown")["result"] == .null)
        try client.notify("exit", [:])
        #expect(finished.wait(seconds: 10) == 0)
    }

    @Test func theRegexThatHungTheServerGetsItsDiagnostics() throws {
        let folder = try LanguageServerTests.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("redos.yaml").absoluteString
        try client.open(uri, "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: \"(.*)*x$\"\n")
        let diagnostics = try #require(client.diagnostics(uri, version: 1, timeout: 20))
        let gl011 = try #require(diagnostics.first { $0["code"]?.stringValue == "GL011" })
        #expect(gl011["message"]?.stringValue?.contains("Python's re backtracks the same way, so PEFT's own matching would hang on it too") == true)
        #expect(LanguageServerTests.range(gl011["range"]) == [3, 16, 3, 25])
        #expect(try client.shutdownAndExit() == 0)
    }
}
