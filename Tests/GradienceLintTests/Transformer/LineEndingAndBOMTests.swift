import Testing
@testable import GradienceLint

/// CRLF files get CRLF in new lines; a BOM stays first; a missing final newline stays missing.
@Suite struct LineEndingAndBOMTests {
    @Test func crlfYAMLGetsCRLFInNewLines() throws {
        let input = "# LoRA\r\nlora_r: 16\r\nlora_alpha: 32\r\nrank_pattern: {}\r\n"
        let first = try transformed(input) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("q_proj", .int(8))])),
             .removeEntry(mapping: root, entry: try root.requireEntry("lora_alpha"))]
        }
        let result = try transformed(first) { root in
            [.appendEntries(mapping: root, entries: [("target_modules", .strings(["q_proj", "v_proj"]))])]
        }
        #expect(result == "# LoRA\r\nlora_r: 16\r\nrank_pattern:\r\n  q_proj: 8\r\ntarget_modules:\r\n  - q_proj\r\n  - v_proj\r\n")
    }

    @Test func crlfJSONGetsCRLFInNewLines() throws {
        let input = "{\r\n  \"r\": 16,\r\n  \"rank_pattern\": {}\r\n}\r\n"
        let result = try transformed(input, json: true) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("q_proj", .int(8))]))]
        }
        #expect(result == "{\r\n  \"r\": 16,\r\n  \"rank_pattern\": {\r\n    \"q_proj\": 8\r\n  }\r\n}\r\n")
    }

    @Test func bomIsKeptAndFirstLineEditsLandAfterIt() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let output = try transformOutput(bom + Array("lora_r: 16\nlora_alpha: 32\n".utf8)) { root in
            [.renameKey(entry: try root.requireEntry("lora_r"), to: "r"),
             .appendEntries(mapping: root, entries: [("lora_dropout", .float(0.05))])]
        }
        #expect(output.bytes == bom + Array("r: 16\nlora_alpha: 32\nlora_dropout: 0.05\n".utf8))
    }

    @Test func bomWithRemovalOfTheFirstLine() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let output = try transformOutput(bom + Array("lora_r: 16\nlora_alpha: 32\n".utf8)) { root in
            [.removeEntry(mapping: root, entry: try root.requireEntry("lora_r"))]
        }
        #expect(output.bytes == bom + Array("lora_alpha: 32\n".utf8))
    }

    @Test func bomJSONKeepsItsIndentation() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let output = try transformOutput(bom + Array("{\n  \"r\": 16\n}".utf8), json: true) { root in
            [.appendEntries(mapping: root, entries: [("rank_pattern", .mapping([("q_proj", .int(8))]))])]
        }
        #expect(output.bytes == bom + Array("{\n  \"r\": 16,\n  \"rank_pattern\": {\n    \"q_proj\": 8\n  }\n}".utf8))
    }

    @Test func noFinalNewlineAfterAppendingToTheLastEntry() throws {
        let result = try transformed("peft:\n  r: 8") { root in
            [.appendEntries(mapping: try root.requireValue("peft"), entries: [("lora_alpha", .int(16))])]
        }
        #expect(result == "peft:\n  r: 8\n  lora_alpha: 16")
    }
}
