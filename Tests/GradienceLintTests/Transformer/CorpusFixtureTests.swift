import Foundation
import Testing
@testable import GradienceLint

/// Real configs from `fixtures/transformer/`: an edit changes its own lines and no others.
@Suite struct CorpusFixtureTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("fixtures/transformer/\(name)")))
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
    }

    @Test func peftAdapterConfigGetsARankPatternAndNothingElseMoves() throws {
        let original = try Self.fixture("peft-adapter_config.json")
        let output = try transformOutput(original, json: true) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("v_proj", .int(32)), ("q_proj", .int(32))])),
             .setValue(node: try root.requireValue("r"), to: .int(8))]
        }
        let before = Self.lines(original), after = Self.lines(output.bytes)
        let rankLine = try #require(before.firstIndex(of: "  \"rank_pattern\": {},"))
        let rLine = try #require(before.firstIndex(of: "  \"r\": 16,"))
        #expect(Array(after[..<rLine]) == Array(before[..<rLine]))
        #expect(after[rLine] == "  \"r\": 8,")
        #expect(Array(after[(rLine + 1)..<rankLine]) == Array(before[(rLine + 1)..<rankLine]))
        #expect(Array(after[rankLine..<(rankLine + 4)]) == ["  \"rank_pattern\": {", "    \"q_proj\": 32,", "    \"v_proj\": 32", "  },"])
        #expect(Array(after[(rankLine + 4)...]) == Array(before[(rankLine + 1)...]))
        let root = try #require(output.parsed.documents.first)
        #expect(LoadedValue(try root.requireValue("rank_pattern")) == .dict([("q_proj", .scalar(.int(32))), ("v_proj", .scalar(.int(32)))]))
    }

    @Test func axolotlConfigGetsAPatternAfterTheLoRABlock() throws {
        let original = try Self.fixture("axolotl-lora-8b.yml")
        let output = try transformOutput(original) { root in
            [.setValue(node: try root.requireValue("lora_r"), to: .int(16)),
             .removeSequenceItem(sequence: try root.requireValue("lora_modules_to_save"),
                                 item: try #require(root.requireValue("lora_modules_to_save").items?.first))]
        }
        let before = Self.lines(original), after = Self.lines(output.bytes)
        let diff = before.indices.filter { $0 >= after.count || before[$0] != after[$0] }
        // Line 24 changes in place; line 29 (`  - embed_tokens`) goes, shifting the rest by one.
        let rLine = try #require(before.firstIndex(of: "lora_r: 32"))
        let itemLine = try #require(before.firstIndex(of: "  - embed_tokens"))
        #expect(diff.first == rLine)
        #expect(after[rLine] == "lora_r: 16")
        #expect(Array(after[(rLine + 1)..<itemLine]) == Array(before[(rLine + 1)..<itemLine]))
        #expect(Array(after[itemLine...]) == Array(before[(itemLine + 1)...]))
        let root = try #require(output.parsed.documents.first)
        #expect(LoadedValue(try root.requireValue("lora_modules_to_save")) == .list([.scalar(.string("lm_head"))]))
    }

    @Test func axolotlCreateMappingUsesTheFilesListAndIndentStyle() throws {
        let original = try Self.fixture("axolotl-lora-8b.yml")
        let output = try transformOutput(original) { root in
            [.createMapping(parent: root, key: "peft_rank_pattern", entries: [(#".*\.q_proj"#, .int(8))])]
        }
        let text = String(decoding: output.bytes, as: UTF8.self)
        // Appended after the last entry's last line, before the trailing comment.
        #expect(text.hasSuffix("   pad_token: <|end_of_text|>\npeft_rank_pattern:\n  .*\\.q_proj: 8\n\n# save_first_step: true  # uncomment this to validate checkpoint saving works with your config\n"))
        #expect(output.bytes.count == original.count + "\npeft_rank_pattern:\n  .*\\.q_proj: 8".utf8.count)
    }
}
