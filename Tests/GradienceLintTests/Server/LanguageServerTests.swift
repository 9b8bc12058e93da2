import Foundation
@testable import GradienceLint
import Testing

/// `gradience-lint server` end to end, through its stdio.
@Suite struct LanguageServerTests {
    /// A folder with its own settings (a two-layer llama), so the inventory and the
    /// settings are the test's, whatever lies above the temporary folder.
    static func workspace(settings: String = "model: {architecture: llama, num-layers: 2}\n") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gl-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try settings.write(to: folder.appendingPathComponent(".gradience-lint.yml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A prefixed key after a key holding `é` and an emoji on the same line: its UTF-16
    /// column (25) differs from its scalar column (24) and its byte column (28).
    static let config = """
    peft_type: LORA
    target_modules: [q_proj, v_proj]
    r: 8
    lora_alpha: 16
    rank_pattern: {"é😀": 8, base_model.model.model.layers.0.self_attn.q_proj: 8}

    """

    /// start line, start character, end line, end character.
    static func range(_ range: JSONValue?) -> [Int] {
        ["start", "end"].flatMap { end in ["line", "character"].map { range?[end]?[$0]?.intValue ?? -1 } }
    }

    static func codes(_ diagnostics: [JSONValue]) -> [String] {
        diagnostics.compactMap { $0["code"]?.stringValue }.sorted()
    }

    @Test func diagnosticsCodeActionHoverChangeAndShutdown() throws {
        let folder = try Self.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("train.yaml").absoluteString
        try client.open(uri, Self.config)
        let diagnostics = try #require(client.diagnostics(uri, version: 1))
        let gl001 = try #require(diagnostics.first { $0["code"]?.stringValue == "GL001" })
        #expect(Self.range(gl001["range"]) == [4, 25, 4, 73])
        #expect(gl001["severity"]?.intValue == 1)
        #expect(gl001["source"]?.stringValue == "gradience-lint")
        let href = try #require(gl001["codeDescription"]?["href"]?.stringValue)
        #expect(href.hasSuffix("/GL001-prefixed-pattern-key.md"))
        // The link opens: the page is the one `rules/` holds.
        let page = try String(contentsOf: try #require(URL(string: href)), encoding: .utf8)
        #expect(page == (try String(contentsOf: Fixtures.url("rules/GL001-prefixed-pattern-key.md"), encoding: .utf8)))

        // The same findings as `check` on the same bytes and settings.
        let path = folder.appendingPathComponent("train.yaml").path
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", "--format", "json", path], in: folder)
        let checked = try JSONValue(parsing: Data(check.stdout.utf8))
        let checkCodes = (checked["files"]?.arrayValue?.first?["diagnostics"]?.arrayValue ?? checked["diagnostics"]?.arrayValue ?? [])
            .compactMap { $0["code"]?.stringValue }.sorted()
        #expect(!checkCodes.isEmpty)
        #expect(Self.codes(diagnostics) == checkCodes)

        // The quick fix, applied as the client applies it, removes the finding.
        let actions = try client.request("textDocument/codeAction", [
            "textDocument": ["uri": uri],
            "range": ["start": ["line": 4, "character": 30], "end": ["line": 4, "character": 30]],
            "context": ["diagnostics": [[String: Any]]()],
        ])["result"]?.arrayValue ?? []
        let fix = try #require(actions.first { $0["title"]?.stringValue?.hasPrefix("GL001:") == true })
        #expect(fix["kind"]?.stringValue == "quickfix")
        #expect(fix["isPreferred"]?.boolValue == true)
        let edits = try #require(fix["edit"]?["changes"]?[uri]?.arrayValue)
        let fixed = ClientEdits.apply(edits, to: Self.config)
        #expect(fixed == Self.config.replacingOccurrences(of: "base_model.model.model.layers", with: "model.layers"))
        // Sent back as an incremental change (the edit's own range and text).
        let changes: [[String: Any]] = edits.map { edit in
            ["range": ["start": ["line": edit["range"]!["start"]!["line"]!.intValue!, "character": edit["range"]!["start"]!["character"]!.intValue!],
                       "end": ["line": edit["range"]!["end"]!["line"]!.intValue!, "character": edit["range"]!["end"]!["character"]!.intValue!]],
             "text": edit["newText"]!.stringValue!]
        }
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": changes])
        let updated = try #require(client.diagnostics(uri, version: 2))
        #expect(!Self.codes(updated).contains("GL001"))
        try fixed.write(toFile: path, atomically: true, encoding: .utf8)
        let recheck = try JSONValue(parsing: Data(try CLI.run(["check", "--format", "json", path], in: folder).stdout.utf8))
        let recheckCodes = (recheck["files"]?.arrayValue?.first?["diagnostics"]?.arrayValue ?? recheck["diagnostics"]?.arrayValue ?? [])
            .compactMap { $0["code"]?.stringValue }.sorted()
        #expect(Self.codes(updated) == recheckCodes)

        // Hover on the now-stripped key: the module it matches.
        let (line, character) = ClientEdits.position(of: "model.layers.0.self_attn.q_proj", in: fixed)
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": line, "character": character + 3]])
        let text = try #require(hover["result"]?["contents"]?["value"]?.stringValue)
        #expect(text.contains("Matches 1 adapted module; decides all of them"))
        #expect(text.contains("- `model.layers.0.self_attn.q_proj`\n"))
        #expect(!text.contains("layers.1"))

        #expect(try client.shutdownAndExit() == 0)
    }

    /// First match wins: the later, broader key decides only what the earlier one leaves,
    /// exactly as `resolve` says.
    @Test func hoverOnPatternKeyMatchesResolve() throws {
        let folder = try Self.workspace()
        let config = """
        peft_type: LORA
        target_modules: [q_proj, v_proj]
        r: 4
        lora_alpha: 8
        rank_pattern:
          model.layers.0.self_attn.q_proj: 16
          q_proj: 8

        """
        let path = folder.appendingPathComponent("recipe.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = URL(fileURLWithPath: path).absoluteString
        try client.open(uri, config)
        _ = client.diagnostics(uri)
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 6, "character": 3]])
        let text = try #require(hover["result"]?["contents"]?["value"]?.stringValue)
        #expect(Self.range(hover["result"]?["range"]) == [6, 2, 6, 8])
        let resolved = try JSONValue(parsing: Data(try CLI.run(["resolve", "--format", "json", path], in: folder).stdout.utf8))
        let modules = resolved["modules"]?.arrayValue ?? []
        let decided = modules.filter { $0["rank_key"]?.stringValue == "q_proj" }.compactMap { $0["name"]?.stringValue }
        let matching = modules.filter { $0["rank_keys_matching"]?.arrayValue?.contains(.string("q_proj")) == true }
        #expect(decided == ["model.layers.1.self_attn.q_proj"])
        #expect(text.contains("Matches \(matching.count) adapted modules; decides \(decided.count)"))
        #expect(text.contains("Decides:\n- `model.layers.1.self_attn.q_proj`\n"))
        #expect(text.contains("Taken by an earlier key:\n- `model.layers.0.self_attn.q_proj`: 1 module (`model.layers.0.self_attn.q_proj`)"))

        let onR = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 2, "character": 0]])
        let atDefault = modules.filter { $0["rank_key"] == .null }.count
        #expect(onR["result"]?["contents"]?["value"]?.stringValue?.contains("\(atDefault) of \(modules.count) adapted modules train at r=4") == true)
        let onTargets = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 1, "character": 20]])
        #expect(onTargets["result"]?["contents"]?["value"]?.stringValue?.contains("\(modules.count) modules adapted") == true)
        #expect(try client.shutdownAndExit() == 0)
    }

    @Test func disableForThisLineAndFixAllSafe() throws {
        let folder = try Self.workspace()
        let config = "peft_type: LORA\ntarget_modules: [q_proj, v_proj]\nr: 8\nlora_alpha: 16\nrank_pattern:\n  base_model.model.model.layers.0.self_attn.q_proj: 8  # from named_modules()\n  base_model.model.model.layers.1.self_attn.q_proj: 8\n"
        let path = folder.appendingPathComponent("a.yaml").path
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = URL(fileURLWithPath: path).absoluteString
        try client.open(uri, config)
        let before = try #require(client.diagnostics(uri, version: 1))
        #expect(Self.codes(before).filter { $0 == "GL001" }.count == 2)
        func actions(line: Int, only: [String]? = nil) throws -> [JSONValue] {
            var context: [String: Any] = ["diagnostics": [[String: Any]]()]
            if let only { context["only"] = only }
            return try client.request("textDocument/codeAction", ["textDocument": ["uri": uri],
                "range": ["start": ["line": line, "character": 4], "end": ["line": line, "character": 4]], "context": context])["result"]?.arrayValue ?? []
        }
        // A line with a comment of its own: the directive goes on a line above.
        let disable4 = try #require(try actions(line: 5).first { $0["title"]?.stringValue == "Disable GL001 for this line" })
        let disabled4 = ClientEdits.apply(disable4["edit"]?["changes"]?[uri]?.arrayValue ?? [], to: config)
        #expect(disabled4.contains("rank_pattern:\n  # gradience-lint: disable=GL001\n  base_model.model.model.layers.0"))
        // A line without one: at its end.
        let disable5 = try #require(try actions(line: 6).first { $0["title"]?.stringValue == "Disable GL001 for this line" })
        // Both edits are on the text the server has; applied together, as one change.
        let disabled = ClientEdits.apply((disable4["edit"]?["changes"]?[uri]?.arrayValue ?? []) + (disable5["edit"]?["changes"]?[uri]?.arrayValue ?? []), to: config)
        #expect(disabled.hasSuffix("layers.1.self_attn.q_proj: 8  # gradience-lint: disable=GL001\n"))
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": disabled]]])
        let after = try #require(client.diagnostics(uri, version: 2))
        #expect(!Self.codes(after).contains("GL001"))
        #expect(!Self.codes(after).contains("GL018"))

        // Fix all safe: the same bytes as `check --fix` on the original text.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": config]]])
        _ = client.diagnostics(uri, version: 3)
        let onlyFixAll = try actions(line: 0, only: ["source.fixAll"])
        #expect(onlyFixAll.count == 1)
        let fixAll = try #require(onlyFixAll.first)
        #expect(fixAll["kind"]?.stringValue == "source.fixAll.gradience-lint")
        let fixedByServer = ClientEdits.apply(fixAll["edit"]?["changes"]?[uri]?.arrayValue ?? [], to: config)
        let cli = try CLI.run(["check", "--fix", "--stdin-filename", path], stdin: config, in: folder)
        #expect(fixedByServer == cli.stdout)
        #expect(fixedByServer != config)
        #expect(try client.shutdownAndExit() == 0)
    }

    @Test func malformedInputGetsDiagnosticsNeverACrash() throws {
        let folder = try Self.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        // Not JSON at all: a parse error answer, and the server goes on.
        client.sendRaw(Data("{not json".utf8))
        let parseError = client.waitFor { $0["error"]?["code"]?.intValue == -32700 }
        #expect(parseError != nil)
        let uri = folder.appendingPathComponent("broken.yaml").absoluteString
        try client.open(uri, "lora:\n  r: [8\n  é: 😀\n")
        let diagnostics = try #require(client.diagnostics(uri))
        #expect(Self.codes(diagnostics) == ["GL000"])
        let jsonURI = folder.appendingPathComponent("adapter_config.json").absoluteString
        try client.open(jsonURI, "{\"r\": 8, \"rank_pattern\": {\"q_proj\": }", language: "json")
        #expect(Self.codes(try #require(client.diagnostics(jsonURI))) == ["GL000"])
        // Requests on a broken document answer, with nothing to offer.
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 1, "character": 3]])
        #expect(hover["result"] == .null)
        // A change with a range past the end is clamped, as the protocol says.
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [
            ["range": ["start": ["line": 99, "character": 0], "end": ["line": 99, "character": 0]], "text": "x"]]])
        #expect(client.diagnostics(uri, version: 2) != nil)
        let unknown = try client.request("textDocument/definition", ["textDocument": ["uri": uri], "position": ["line": 0, "character": 0]])
        #expect(unknown["error"]?["code"]?.intValue == -32601)
        // exit without shutdown: exit code 1.
        try client.notify("exit", [:])
        #expect(client.exitStatus() == 1)
    }

    @Test func settingsAreReadAgainWhenTheyChange() throws {
        let folder = try Self.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("train.yaml").absoluteString
        try client.open(uri, Self.config)
        #expect(Self.codes(try #require(client.diagnostics(uri, version: 1))).contains("GL001"))
        let settings = folder.appendingPathComponent(".gradience-lint.yml")
        try "model: {architecture: llama, num-layers: 2}\nignore: [GL001]\n".write(to: settings, atomically: true, encoding: .utf8)
        try client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": settings.absoluteString, "type": 2]]])
        #expect(!Self.codes(try #require(client.diagnostics(uri, version: 1))).contains("GL001"))
        // Without a notification the next analysis sees the new file by its stamp.
        try "model: {architecture: llama, num-layers: 2}\nignroe: [GL001]\n".write(to: settings, atomically: true, encoding: .utf8)
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": Self.config]]])
        let broken = try #require(client.diagnostics(uri, version: 2))
        #expect(Self.codes(broken) == ["settings"])
        #expect(broken.first?["message"]?.stringValue?.contains("unknown setting 'ignroe'; did you mean 'ignore'?") == true)
        // The settings file itself, open in the editor: its problem at its place.
        try client.open(settings.absoluteString, "model: {architecture: llama}\nselectt: [GL001]\n")
        let own = try #require(client.diagnostics(settings.absoluteString))
        #expect(Self.range(own.first?["range"]) == [1, 0, 1, 16])
        #expect(try client.shutdownAndExit() == 0)
    }

    /// Many quick changes: the last one's diagnostics are published, and never an older
    /// version's after a newer one's.
    @Test func staleAnalysesAreDropped() throws {
        let folder = try Self.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("train.yaml").absoluteString
        try client.open(uri, Self.config)
        for version in 2...30 {
            let text = version == 30 ? "r: 8\nlora_alpha: 16\ntarget_modules: [q_proj]\n" : Self.config + "# edit \(version)\n"
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version], "contentChanges": [["text": text]]])
        }
        // In arrival order: every publish until version 30's, then any that come after it.
        let published = client.publishes(until: 30)
        let versions = published.map(\.version)
        let last = published.last?.diagnostics ?? []
        #expect(versions.last == 30)
        #expect(!Self.codes(last).contains("GL001"))
        #expect(versions == versions.sorted() && Set(versions).count == versions.count, "out of order: \(versions)")
        while let message = client.nextPublish(timeout: 0.5) {
            Issue.record("published after version 30: \(message["params"]?["version"]?.intValue ?? -1)")
        }
        #expect(try client.shutdownAndExit() == 0)
    }

    /// A newer change does not wait for a slow analysis of an older text, and the older
    /// one's result is never shown: version 1 (a large pattern) is stale as soon as
    /// version 2 arrives, so it must never be published whenever it finishes.
    @Test func aSlowAnalysisNeverHoldsUpANewerChange() throws {
        let folder = try Self.workspace(settings: "model: {architecture: llama, num-layers: 200}\n")
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("adapter_config.json").absoluteString
        let names = (0..<200).flatMap { layer in ["q_proj", "k_proj", "v_proj", "o_proj"].map { "\"model.layers.\(layer).self_attn.\($0)\": 8" } }
        let large = "{\"peft_type\": \"LORA\", \"r\": 8, \"lora_alpha\": 16, \"target_modules\": [\"q_proj\", \"k_proj\", \"v_proj\", \"o_proj\"],\n"
            + "\"rank_pattern\": {\(names.joined(separator: ",\n")), \"base_model.model.x\": 4},\n\"alpha_pattern\": {\(names.joined(separator: ",\n"))}}\n"
        try client.open(uri, large, language: "json")
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 2], "contentChanges": [["text": "{\"peft_type\": \"LORA\", \"r\": 8}\n"]]])
        try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": 3], "contentChanges": [["text": large]]])
        let versions = client.publishes(until: 3, timeout: 120).map(\.version)
        #expect(versions == [2, 3] || versions == [3], "published: \(versions)")
        // Hover and code actions answer from the newest text too.
        let hover = try client.request("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 1, "character": 20]])
        #expect(hover["result"]?["contents"]?["value"]?.stringValue?.contains("model.layers.0.self_attn.q_proj") == true)
        #expect(try client.shutdownAndExit() == 0)
    }

    /// `$/cancelRequest` sent with its request: exactly one answer, a result or RequestCancelled.
    @Test func aCancelledRequestIsAnsweredOnce() throws {
        let folder = try Self.workspace()
        let client = try LSPTestClient(folder: folder)
        try client.initialize()
        let uri = folder.appendingPathComponent("train.yaml").absoluteString
        try client.open(uri, Self.config)
        let id = try client.send("textDocument/hover", ["textDocument": ["uri": uri], "position": ["line": 4, "character": 30]])
        try client.notify("$/cancelRequest", ["id": id])
        let answer = try #require(client.response(to: id))
        #expect(answer["result"] != nil || answer["error"]?["code"]?.intValue == -32800)
        #expect(client.response(to: id, timeout: 0.5) == nil)
        #expect(try client.shutdownAndExit() == 0)
    }
}
