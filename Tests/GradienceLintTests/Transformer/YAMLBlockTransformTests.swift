import Testing
@testable import GradienceLint

/// Block YAML as axolotl and friends write it: comments everywhere, nested blocks,
/// `- ` lists indented or not.
@Suite struct YAMLBlockTransformTests {
    static let axolotl = """
    base_model: NousResearch/Meta-Llama-3-8B
    # LoRA settings
    adapter: lora
    lora_r: 16  # keep at or below the pattern ranks
    lora_alpha: 32
    lora_target_modules:
      - q_proj
      - v_proj
    peft:
      rank_pattern:
        q_proj: 8
      use_rslora: false
    # logging
    wandb_project:

    """

    @Test func settingAValueKeepsTheCommentOnItsLine() throws {
        let result = try transformed(Self.axolotl) { root in
            [.setValue(node: try root.requireValue("lora_r"), to: .int(4))]
        }
        #expect(result == Self.axolotl.replacingOccurrences(of: "lora_r: 16  #", with: "lora_r: 4  #"))
    }

    @Test func settingAnEmptyValueWritesAfterTheColon() throws {
        let result = try transformed("wandb_project:\nwandb_name:  # later\nr: 8\n") { root in
            [.setValue(node: try root.requireValue("wandb_project"), to: .string("lora-runs")),
             .setValue(node: try root.requireValue("wandb_name"), to: .string("on"))]
        }
        #expect(result == "wandb_project: lora-runs\nwandb_name: 'on'  # later\nr: 8\n")
        let root = try parsedRoot(result)
        #expect(try root.requireValue("wandb_name").scalar?.value == .string("on"))
    }

    @Test func renamingAKeyKeepsItsValueAndComment() throws {
        let result = try transformed(Self.axolotl) { root in
            [.renameKey(entry: try root.requireEntry("lora_r"), to: "r")]
        }
        #expect(result == Self.axolotl.replacingOccurrences(of: "lora_r: 16", with: "r: 16"))
    }

    @Test func removingAnEntryTakesItsNestedBlockButNotTheCommentAbove() throws {
        let result = try transformed(Self.axolotl) { root in
            [.removeEntry(mapping: root, entry: try root.requireEntry("adapter")),
             .removeEntry(mapping: root, entry: try root.requireEntry("lora_target_modules"))]
        }
        #expect(result == """
        base_model: NousResearch/Meta-Llama-3-8B
        # LoRA settings
        lora_r: 16  # keep at or below the pattern ranks
        lora_alpha: 32
        peft:
          rank_pattern:
            q_proj: 8
          use_rslora: false
        # logging
        wandb_project:

        """)
    }

    @Test func appendingGoesAfterTheNestedBlockAndBeforeTheNextSectionsComment() throws {
        let result = try transformed(Self.axolotl) { root in
            let peft = try root.requireValue("peft")
            return [.appendEntries(mapping: try peft.requireValue("rank_pattern"), entries: [("v_proj", .int(8))]),
                    .appendEntries(mapping: peft, entries: [("alpha_pattern", .mapping([("q_proj", .int(16)), ("v_proj", .int(16))]))])]
        }
        #expect(result == """
        base_model: NousResearch/Meta-Llama-3-8B
        # LoRA settings
        adapter: lora
        lora_r: 16  # keep at or below the pattern ranks
        lora_alpha: 32
        lora_target_modules:
          - q_proj
          - v_proj
        peft:
          rank_pattern:
            q_proj: 8
            v_proj: 8
          use_rslora: false
          alpha_pattern:
            q_proj: 16
            v_proj: 16
        # logging
        wandb_project:

        """)
        let peft = try parsedRoot(result).requireValue("peft")
        #expect(peft.entries?.map { $0.keyText ?? "" } == ["rank_pattern", "use_rslora", "alpha_pattern"])
    }

    @Test func createMappingAtTheEndOfAFileWithoutFinalNewline() throws {
        let result = try transformed("adapter: lora\nlora_r: 16") { root in
            [.createMapping(parent: root, key: "peft_rank_pattern", entries: [(#".*\.q_proj"#, .int(8)), ("model.layers.0.self_attn.v_proj", .int(4))])]
        }
        #expect(result == "adapter: lora\nlora_r: 16\npeft_rank_pattern:\n  .*\\.q_proj: 8\n  model.layers.0.self_attn.v_proj: 4")
        let pattern = try parsedRoot(result).requireValue("peft_rank_pattern")
        #expect(LoadedValue(pattern) == .dict([(#".*\.q_proj"#, .scalar(.int(8))), ("model.layers.0.self_attn.v_proj", .scalar(.int(4)))]))
    }

    @Test func replacingAListKeepsItsIndentationAndQuotesWhatMustBeQuoted() throws {
        let result = try transformed(Self.axolotl) { root in
            [.setValue(node: try root.requireValue("lora_target_modules"), to: .strings(["q_proj", "yes", "1e3", "[qv]_proj"]))]
        }
        #expect(result.contains("lora_target_modules:\n  - q_proj\n  - 'yes'\n  - '1e3'\n  - '[qv]_proj'\npeft:\n"))
        let list = try parsedRoot(result).requireValue("lora_target_modules")
        #expect(LoadedValue(list) == .list(["q_proj", "yes", "1e3", "[qv]_proj"].map { .scalar(.string($0)) }))
    }

    @Test func unindentedListsStayUnindented() throws {
        let input = "target_modules:\n- q_proj\n- v_proj\nmodules_to_save: null\n"
        let result = try transformed(input) { root in
            [.setValue(node: try root.requireValue("modules_to_save"), to: .strings(["lm_head", "embed_tokens"]))]
        }
        #expect(result == "target_modules:\n- q_proj\n- v_proj\nmodules_to_save:\n- lm_head\n- embed_tokens\n")
    }

    @Test func emptyFlowMappingInBlockYAMLBecomesABlockAndKeepsItsComment() throws {
        let input = "lora:\n  r: 8\n  rank_pattern: {}  # filled by the linter\n  alpha: 16\n"
        let result = try transformed(input) { root in
            [.appendEntries(mapping: try root.requireValue("lora").requireValue("rank_pattern"), entries: [("q_proj", .int(4))])]
        }
        #expect(result == "lora:\n  r: 8\n  rank_pattern:  # filled by the linter\n    q_proj: 4\n  alpha: 16\n")
    }

    @Test func replacingABlockWithAScalarKeepsTheKeyLineComment() throws {
        let input = "target_modules:  # which layers\n  - q_proj\n  - v_proj\nr: 8\n"
        let result = try transformed(input) { root in
            [.setValue(node: try root.requireValue("target_modules"), to: .string("all-linear"))]
        }
        #expect(result == "target_modules: all-linear  # which layers\nr: 8\n")
    }

    @Test func removingListItemsTakesWholeLines() throws {
        let input = "target_modules:\n  - q_proj  # query\n  # the value projection\n  - v_proj\n  - k_proj\nr: 8\n"
        let result = try transformed(input) { root in
            let list = try root.requireValue("target_modules")
            return [.removeSequenceItem(sequence: list, item: list.items![0]), .removeSequenceItem(sequence: list, item: list.items![2])]
        }
        #expect(result == "target_modules:\n  # the value projection\n  - v_proj\nr: 8\n")
    }

    @Test func removingTheOnlyEntryOrItemLeavesAnEmptyCollection() throws {
        let input = "rank_pattern:\n  q_proj: 8\ntargets:\n  - q_proj\nr: 4\n"
        let result = try transformed(input) { root in
            let pattern = try root.requireValue("rank_pattern"), targets = try root.requireValue("targets")
            return [.removeEntry(mapping: pattern, entry: try pattern.requireEntry("q_proj")),
                    .removeSequenceItem(sequence: targets, item: targets.items![0])]
        }
        #expect(result == "rank_pattern:\n  {}\ntargets:\n  []\nr: 4\n")
        let root = try parsedRoot(result)
        #expect(LoadedValue(try root.requireValue("rank_pattern")) == .dict([]))
        #expect(LoadedValue(try root.requireValue("targets")) == .list([]))
    }

    @Test func removingTheLastLineOfAFileWithoutFinalNewlineKeepsItThatWay() throws {
        let result = try transformed("r: 8\nlora_alpha: 16\nlora_dropout: 0.05") { root in
            [.removeEntry(mapping: root, entry: try root.requireEntry("lora_dropout"))]
        }
        #expect(result == "r: 8\nlora_alpha: 16")
    }

    @Test func entriesOfAListItemMapping() throws {
        let input = "adapters:\n  - name: a\n    r: 8\n  - name: b\n    r: 16\n"
        let result = try transformed(input) { root in
            let first = try #require(root.requireValue("adapters").items?.first)
            return [.removeEntry(mapping: first, entry: try first.requireEntry("name")),
                    .appendEntries(mapping: first, entries: [("lora_alpha", .int(16))])]
        }
        #expect(result == "adapters:\n  - r: 8\n    lora_alpha: 16\n  - name: b\n    r: 16\n")
    }

    @Test func literalBlockScalarValueKeepsTheBlankLinesAfterIt() throws {
        let input = "notes: |\n  first\n  second\n\nr: 8\n"
        let result = try transformed(input) { root in
            [.setValue(node: try root.requireValue("notes"), to: .string("short")),
             .appendEntries(mapping: root, entries: [("lora_alpha", .int(16))])]
        }
        #expect(result == "notes: short\n\nr: 8\nlora_alpha: 16\n")
    }

    @Test func keepsQuoteStyleOfReplacedStrings() throws {
        let input = "a: 'x'\nb: \"y\"\nc: z\n"
        let result = try transformed(input) { root in
            [.setValue(node: try root.requireValue("a"), to: .string("it's")),
             .setValue(node: try root.requireValue("b"), to: .string("q_proj")),
             .setValue(node: try root.requireValue("c"), to: .int(3)),
             .renameKey(entry: try root.requireEntry("c"), to: "null")]
        }
        #expect(result == "a: 'it''s'\nb: \"q_proj\"\n'null': 3\n")
    }
}
