import Testing
@testable import GradienceLint

/// PEFT writes `json.dumps(indent=2, sort_keys=True)`; mergekit-style files use 4 spaces
/// in their own order; some tools write one line. Each keeps its layout.
@Suite struct JSONTransformTests {
    static let peft = """
    {
      "alpha_pattern": {},
      "lora_alpha": 16,
      "r": 16,
      "rank_pattern": {},
      "target_modules": [
        "q_proj",
        "v_proj"
      ],
      "use_rslora": false
    }

    """

    static let fourSpaceUnsorted = """
    {
        "r": 8,
        "lora_alpha": 16,
        "lora_parameters": {
            "rank": 8,
            "scale": 20.0
        }
    }
    """

    static let singleLine = #"{"r": 8, "lora_alpha": 16, "rank_pattern": {}, "target_modules": ["q_proj", "v_proj"]}"# + "\n"

    @Test func emptyRankPatternBecomesAnIndentedObjectInSortedOrder() throws {
        let result = try transformed(Self.peft, json: true) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("v_proj", .int(8)), ("q_proj", .int(4))]))]
        }
        #expect(result == """
        {
          "alpha_pattern": {},
          "lora_alpha": 16,
          "r": 16,
          "rank_pattern": {
            "q_proj": 4,
            "v_proj": 8
          },
          "target_modules": [
            "q_proj",
            "v_proj"
          ],
          "use_rslora": false
        }

        """)
        let pattern = try parsedRoot(result, json: true).requireValue("rank_pattern")
        #expect(LoadedValue(pattern) == .dict([("q_proj", .scalar(.int(4))), ("v_proj", .scalar(.int(8)))]))
    }

    @Test func appendingToASortedObjectInsertsEachKeyInSortedPosition() throws {
        let result = try transformed(Self.peft, json: true) { root in
            [.appendEntries(mapping: root, entries: [("zeta", .float(1e-05)), ("bias", .string("none")), ("s", .float(2))])]
        }
        #expect(result == """
        {
          "alpha_pattern": {},
          "bias": "none",
          "lora_alpha": 16,
          "r": 16,
          "rank_pattern": {},
          "s": 2.0,
          "target_modules": [
            "q_proj",
            "v_proj"
          ],
          "use_rslora": false,
          "zeta": 1e-05
        }

        """)
        let root = try parsedRoot(result, json: true)
        #expect(root.entries?.map { $0.keyText ?? "" } == ["alpha_pattern", "bias", "lora_alpha", "r", "rank_pattern", "s", "target_modules", "use_rslora", "zeta"])
        #expect(try root.requireValue("zeta").scalar?.value == .float(1e-05))
        #expect(try root.requireValue("s").scalar?.value == .float(2))
    }

    @Test func createMappingInSortedJSONSortsTheNewKeysToo() throws {
        let input = "{\n  \"lora_alpha\": 16,\n  \"r\": 16\n}"
        let result = try transformed(input, json: true) { root in
            [.createMapping(parent: root, key: "rank_pattern", entries: [("v_proj", .int(8)), ("q_proj", .int(4))])]
        }
        #expect(result == "{\n  \"lora_alpha\": 16,\n  \"r\": 16,\n  \"rank_pattern\": {\n    \"q_proj\": 4,\n    \"v_proj\": 8\n  }\n}")
    }

    @Test func unsortedFourSpaceFileAppendsAtTheEndWithItsIndentation() throws {
        let result = try transformed(Self.fourSpaceUnsorted, json: true) { root in
            [.appendEntries(mapping: try root.requireValue("lora_parameters"), entries: [("dropout", .float(0.05))]),
             .createMapping(parent: root, key: "alpha_pattern", entries: [("model.layers.0.self_attn.q_proj", .int(32))])]
        }
        #expect(result == """
        {
            "r": 8,
            "lora_alpha": 16,
            "lora_parameters": {
                "rank": 8,
                "scale": 20.0,
                "dropout": 0.05
            },
            "alpha_pattern": {
                "model.layers.0.self_attn.q_proj": 32
            }
        }
        """)
    }

    @Test func tabIndentedJSONKeepsTabs() throws {
        let input = "{\n\t\"r\": 8,\n\t\"rank_pattern\": {}\n}\n"
        let result = try transformed(input, json: true) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("q_proj", .int(4))]))]
        }
        #expect(result == "{\n\t\"r\": 8,\n\t\"rank_pattern\": {\n\t\t\"q_proj\": 4\n\t}\n}\n")
    }

    @Test func singleLineJSONStaysOnOneLine() throws {
        let result = try transformed(Self.singleLine, json: true) { root in
            [.setValue(node: try root.requireValue("rank_pattern"), to: .mapping([("q_proj", .int(4)), ("v_proj", .float(0.5))])),
             .appendEntries(mapping: root, entries: [("use_rslora", .bool(true))]),
             .removeSequenceItem(sequence: try root.requireValue("target_modules"), item: try #require(root.requireValue("target_modules").items?.first))]
        }
        #expect(result == #"{"r": 8, "lora_alpha": 16, "rank_pattern": {"q_proj": 4, "v_proj": 0.5}, "target_modules": ["v_proj"], "use_rslora": true}"# + "\n")
    }

    @Test func renameSetAndRemoveKeepEveryOtherLine() throws {
        let result = try transformed(Self.peft, json: true) { root in
            [.renameKey(entry: try root.requireEntry("lora_alpha"), to: "alpha"),
             .setValue(node: try root.requireValue("r"), to: .int(8)),
             .removeEntry(mapping: root, entry: try root.requireEntry("use_rslora")),
             .removeSequenceItem(sequence: try root.requireValue("target_modules"), item: try #require(root.requireValue("target_modules").items?.first))]
        }
        #expect(result == """
        {
          "alpha_pattern": {},
          "alpha": 16,
          "r": 8,
          "rank_pattern": {},
          "target_modules": [
            "v_proj"
          ]
        }

        """)
    }

    @Test func removingTheOnlyEntryLeavesAnEmptyObject() throws {
        let input = "{\n  \"rank_pattern\": {\n    \"q_proj\": 8\n  },\n  \"r\": 4\n}\n"
        let result = try transformed(input, json: true) { root in
            let pattern = try root.requireValue("rank_pattern")
            return [.removeEntry(mapping: pattern, entry: try pattern.requireEntry("q_proj"))]
        }
        #expect(result == "{\n  \"rank_pattern\": {},\n  \"r\": 4\n}\n")
    }

    @Test func stringsAreEscapedAsJSONDumpsWrites() throws {
        let result = try transformed(Self.singleLine, json: true) { root in
            [.appendEntries(mapping: root, entries: [("note", .string("a \"b\"\\ é\n"))])]
        }
        #expect(result.contains(#""note": "a \"b\"\\ \u00e9\n""#))
        #expect(try parsedRoot(result, json: true).requireValue("note").scalar?.value == .string("a \"b\"\\ é\n"))
    }
}
