import Testing
@testable import GradienceLint

/// `{a: 1, b: 2}` and `[q_proj, v_proj]` inside YAML stay in flow style.
@Suite struct YAMLFlowTransformTests {
    static let input = "lora: {r: 8, lora_alpha: 16}  # short form\ntarget_modules: [q_proj, v_proj]\nr: 4\n"

    @Test func appendingToAFlowMappingStaysFlowAndQuotesFlowIndicators() throws {
        let result = try transformed(Self.input) { root in
            [.appendEntries(mapping: try root.requireValue("lora"), entries: [("rank_pattern", .mapping([("q_proj,k_proj", .int(4)), (#".*\.v_proj"#, .int(2))]))])]
        }
        #expect(result == "lora: {r: 8, lora_alpha: 16, rank_pattern: {'q_proj,k_proj': 4, .*\\.v_proj: 2}}  # short form\ntarget_modules: [q_proj, v_proj]\nr: 4\n")
        let pattern = try parsedRoot(result).requireValue("lora").requireValue("rank_pattern")
        #expect(LoadedValue(pattern) == .dict([("q_proj,k_proj", .scalar(.int(4))), (#".*\.v_proj"#, .scalar(.int(2)))]))
    }

    @Test func settingAndRenamingInsideFlow() throws {
        let result = try transformed(Self.input) { root in
            let lora = try root.requireValue("lora")
            return [.setValue(node: try lora.requireValue("r"), to: .float(0.5)),
                    .renameKey(entry: try lora.requireEntry("lora_alpha"), to: "alpha"),
                    .setValue(node: try root.requireValue("target_modules"), to: .strings(["q_proj", "k_proj", "v_proj"]))]
        }
        #expect(result == "lora: {r: 0.5, alpha: 16}  # short form\ntarget_modules: [q_proj, k_proj, v_proj]\nr: 4\n")
    }

    @Test func removingFromFlowCollectionsTakesOneComma() throws {
        let result = try transformed(Self.input) { root in
            let lora = try root.requireValue("lora"), targets = try root.requireValue("target_modules")
            return [.removeEntry(mapping: lora, entry: try lora.requireEntry("lora_alpha")),
                    .removeSequenceItem(sequence: targets, item: targets.items![0])]
        }
        #expect(result == "lora: {r: 8}  # short form\ntarget_modules: [v_proj]\nr: 4\n")
    }

    @Test func removingTheMiddleEntryOfAFlowMapping() throws {
        let result = try transformed("p: {a: 1, b: 2, c: 3}\n") { root in
            let p = try root.requireValue("p")
            return [.removeEntry(mapping: p, entry: try p.requireEntry("b"))]
        }
        #expect(result == "p: {a: 1, c: 3}\n")
    }

    @Test func multiLineFlowMappingInYAMLGetsNewLinesAtItsIndentation() throws {
        let input = "rank_pattern: {\n    q_proj: 8,\n    v_proj: 8\n}\n"
        let result = try transformed(input) { root in
            [.appendEntries(mapping: try root.requireValue("rank_pattern"), entries: [("k_proj", .int(4))])]
        }
        #expect(result == "rank_pattern: {\n    q_proj: 8,\n    v_proj: 8,\n    k_proj: 4\n}\n")
    }

    /// Filling the last value and appending after it touch the same offset: the second
    /// edit waits for the next round, which sees the filled value.
    @Test func wholeDocumentInFlowStyleTakesTwoRoundsForTouchingEdits() throws {
        let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("{r: 8, target_modules: [q_proj], rank_pattern: {}}".utf8)))
        let root = try #require(file.documents.first)
        let append = SemanticEdit.appendEntries(mapping: root, entries: [("use_rslora", .bool(false))])
        let first = try Transformer.apply([.appendEntries(mapping: try root.requireValue("rank_pattern"), entries: [("q_proj", .int(4))]), append], to: file).get()
        #expect(String(decoding: first.bytes, as: UTF8.self) == "{r: 8, target_modules: [q_proj], rank_pattern: {q_proj: 4}}")
        #expect(first.deferred.count == 1)
        let secondRoot = try #require(first.parsed.documents.first)
        let second = try Transformer.apply([.appendEntries(mapping: secondRoot, entries: [("use_rslora", .bool(false))])], to: first.parsed).get()
        #expect(String(decoding: second.bytes, as: UTF8.self) == "{r: 8, target_modules: [q_proj], rank_pattern: {q_proj: 4}, use_rslora: false}")
    }
}
