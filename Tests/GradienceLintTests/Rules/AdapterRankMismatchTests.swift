import Foundation
import Testing
@testable import GradienceLint

/// GL015 end to end: an adapter folder written by the test (config + a safetensors file of
/// headers and zero-filled data), linted as the CLI lints it.
@Suite struct AdapterRankMismatchTests {
    typealias Entry = SafetensorsFixture.Entry

    static let q0 = "model.layers.0.self_attn.q_proj"
    static let v0 = "model.layers.0.self_attn.v_proj"
    static let q1 = "model.layers.1.self_attn.q_proj"
    static let v1 = "model.layers.1.self_attn.v_proj"

    /// lora_A and lora_B for each module at its rank, with PEFT's saved names.
    static func entries(_ ranks: [(String, Int)], adapter: String? = nil) -> [Entry] {
        let infix = adapter.map { ".\($0)" } ?? ""
        return ranks.flatMap { module, rank in [
            Entry(name: "base_model.model.\(module).lora_A\(infix).weight", shape: [rank, 16]),
            Entry(name: "base_model.model.\(module).lora_B\(infix).weight", shape: [16, rank]),
        ] }
    }

    /// "line:column message" for each GL015 diagnostic, plus the severities.
    struct Outcome {
        var lines: [String]
        var severities: [Severity]
        var all: [Diagnostic]
        var notes: [String]
    }

    /// Writes `adapter_config.json` (and the weights) under `subfolder` of a temp folder and lints it.
    private func lint(_ config: String, weights: [UInt8]?, subfolder: String = "", options: LintOptions = LintOptions(),
                      setUp: (TemporaryFolder) throws -> Void = { _ in }) throws -> (Outcome, String) {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let prefix = subfolder.isEmpty ? "" : subfolder + "/"
        let path = try folder.write(prefix + "adapter_config.json", config)
        if let weights { try folder.write(prefix + "adapter_model.safetensors", weights) }
        try setUp(folder)
        let result = Linter(options: options).lint(SourceText(path: path, bytes: Array(config.utf8)))
        let gl015 = result.diagnostics.filter { $0.code == "GL015" }
        #expect(gl015.allSatisfy { $0.path == path && $0.name == "adapter-rank-mismatch" })
        let outcome = Outcome(lines: gl015.map { "\($0.range.start.line):\($0.range.start.column) \($0.message)" },
                              severities: gl015.map(\.severity), all: result.diagnostics, notes: result.notes)
        return (outcome, folder.path + "/" + prefix)
    }

    static let config = """
        {
          "lora_alpha": 16,
          "peft_type": "LORA",
          "r": 8,
          "rank_pattern": {
            "model.layers.1.self_attn.q_proj": 4,
            "q_proj": 16
          },
          "target_modules": ["q_proj", "v_proj"]
        }
        """

    @Test func aPatternTrainedAsConfiguredIsSilent() throws {
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)]))
        let (outcome, _) = try lint(Self.config, weights: weights)
        #expect(outcome.lines == [])
        #expect(outcome.notes == [])
    }

    @Test func aTrainedRankThatDiffersPointsAtTheKeyThatSetIt() throws {
        // Layer 1's q_proj trained at 16 (the key 'model.layers.1…' was ignored), v_proj at 4.
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 4), (Self.q1, 16), (Self.v1, 4)]))
        let (outcome, _) = try lint(Self.config, weights: weights)
        #expect(outcome.lines == [
            "4:3 the default r=8 applies (no rank_pattern key matches), but the weights were trained at r=4 for 2 modules: model.layers.0.self_attn.v_proj, model.layers.1.self_attn.v_proj; size mismatch at load time, or a pattern PEFT ignored during training",
            "6:5 rank_pattern key 'model.layers.1.self_attn.q_proj' gives r=4, but the weights were trained at r=16 for 1 module: model.layers.1.self_attn.q_proj; size mismatch at load time, or a pattern PEFT ignored during training",
        ])
        #expect(outcome.severities == [.error, .error])
        #expect(outcome.all.filter { $0.code == "GL015" }.map(\.keyPath) == ["/r", "/rank_pattern/model.layers.1.self_attn.q_proj"])
    }

    /// The seed team's regression: keys copied from `named_modules()`, never matched, so the
    /// adapter trained uniform at r while the config still asks for per-layer ranks.
    @Test func prefixedKeysIgnoredInTrainingCollapseToUniform() throws {
        let config = """
            {
              "lora_alpha": 16,
              "peft_type": "LORA",
              "r": 8,
              "rank_pattern": {
                "base_model.model.model.layers.0.self_attn.q_proj": 4,
                "base_model.model.model.layers.1.self_attn.q_proj": 16
              },
              "target_modules": ["q_proj", "v_proj"]
            }
            """
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 8), (Self.v0, 8), (Self.q1, 8), (Self.v1, 8)]))
        let (outcome, _) = try lint(config, weights: weights)
        #expect(outcome.lines == [
            "5:3 rank_pattern asks for r=4 and r=16 besides the default r=8, but the weights are uniform: all 4 trained modules have r=8 (collapsed to uniform)",
            "6:5 rank_pattern key 'base_model.model.model.layers.0.self_attn.q_proj' asks for r=4, but the weights were trained at r=8 for 1 module: model.layers.0.self_attn.q_proj; PEFT ignored this key during training (its wrapper prefix or internal suffix never matches, GL001)",
            "7:5 rank_pattern key 'base_model.model.model.layers.1.self_attn.q_proj' asks for r=16, but the weights were trained at r=8 for 1 module: model.layers.1.self_attn.q_proj; PEFT ignored this key during training (its wrapper prefix or internal suffix never matches, GL001)",
        ])
        // The per-module findings sit on GL001's keys; GL004 says the same from the config alone.
        #expect(outcome.all.map { "\($0.code) \($0.range.start.line):\($0.range.start.column)" } == [
            "GL002 4:8", "GL003 5:3", "GL004 5:3", "GL015 5:3", "GL001 6:5", "GL015 6:5", "GL001 7:5", "GL015 7:5",
        ])
    }

    @Test func aModuleTrainedButNotTargetedPointsAtTargetModules() throws {
        let config = """
            {
              "peft_type": "LORA",
              "r": 8,
              "target_modules": ["q_proj"]
            }
            """
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 8), (Self.v0, 8), (Self.q1, 8), (Self.v1, 8)]))
        let (outcome, _) = try lint(config, weights: weights)
        #expect(outcome.lines == [
            "4:3 the weights hold LoRA tensors for 2 modules that target_modules does not select: model.layers.0.self_attn.v_proj, model.layers.1.self_attn.v_proj; loading with this config leaves those trained weights out",
        ])
    }

    @Test func excludedAndLayerFilteredModulesPointAtTheirSetting() throws {
        let config = """
            {
              "exclude_modules": ["model.layers.0.self_attn.v_proj"],
              "layers_to_transform": [0],
              "peft_type": "LORA",
              "r": 8,
              "target_modules": ["q_proj", "v_proj"]
            }
            """
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 8), (Self.v0, 8), (Self.q1, 8)]))
        let (outcome, _) = try lint(config, weights: weights)
        #expect(outcome.lines == [
            "2:3 the weights hold LoRA tensors for 1 module that exclude_modules excludes: model.layers.0.self_attn.v_proj; loading with this config leaves those trained weights out",
            "3:3 the weights hold LoRA tensors for 1 module in layers that layers_to_transform leaves out: model.layers.1.self_attn.q_proj; loading with this config leaves those trained weights out",
        ])
    }

    /// Missing modules only mean something when the inventory is not the weights themselves:
    /// here a modules file lists the base model's modules.
    @Test func aTargetedModuleMissingFromTheWeightsIsAWarning() throws {
        let config = """
            {
              "peft_type": "LORA",
              "r": 8,
              "target_modules": ["q_proj", "v_proj"]
            }
            """
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 8), (Self.q1, 8)]))
        var options = LintOptions()
        let modules = NSTemporaryDirectory() + "gradience-modules-\(UUID().uuidString).txt"
        try [Self.q0, Self.v0, Self.q1, Self.v1, "model.layers.0.mlp.up_proj"].joined(separator: "\n").write(toFile: modules, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: modules) }
        options.model.modulesFile = modules
        let (outcome, _) = try lint(config, weights: weights, options: options)
        #expect(outcome.lines == [
            "4:3 the config adapts 2 modules without LoRA tensors in the weights: model.layers.0.self_attn.v_proj, model.layers.1.self_attn.v_proj; they load with freshly initialised, untrained adapters (PEFT only warns \"Found missing adapter keys\")",
        ])
        #expect(outcome.severities == [.warning])
        // The same weights as the inventory: nothing can be missing from a list of what was trained.
        #expect(try lint(config, weights: weights).0.lines == [])
    }

    @Test func ranksOutsideAllowedRanksThatTheConfigDoesNotState() throws {
        var options = LintOptions()
        options.allowedRanks = [4, 8, 16]
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 6), (Self.q1, 4), (Self.v1, 6)]))
        let (outcome, _) = try lint(Self.config, weights: weights, options: options)
        #expect(outcome.lines == [
            "4:3 the default r=8 applies (no rank_pattern key matches), but the weights were trained at r=6 for 2 modules: model.layers.0.self_attn.v_proj, model.layers.1.self_attn.v_proj; size mismatch at load time, or a pattern PEFT ignored during training",
            "4:3 the weights hold r=6 for 2 modules, not in allowed-ranks [4, 8, 16]: model.layers.0.self_attn.v_proj, model.layers.1.self_attn.v_proj",
        ])
        // A rank the config states is GL009's, not repeated here.
        options.allowedRanks = [8, 16]
        let consistent = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)]))
        let (stated, _) = try lint(Self.config, weights: consistent, options: options)
        #expect(stated.lines == [])
        #expect(stated.all.filter { $0.code == "GL009" || $0.code == "GL015" }.map(\.code) == ["GL009"])
    }

    /// A 32-layer model whose q_proj trained at another rank: one finding, not 32.
    @Test func findingsAreGroupedPerResponsibleKey() throws {
        let config = """
            {
              "peft_type": "LORA",
              "r": 8,
              "rank_pattern": {"q_proj": 16},
              "target_modules": ["q_proj", "v_proj"]
            }
            """
        // The key was ignored in training for every layer but layer 5.
        let ranks = (0..<32).flatMap { [("model.layers.\($0).self_attn.q_proj", $0 == 5 ? 16 : 8), ("model.layers.\($0).self_attn.v_proj", 8)] }
        let (outcome, _) = try lint(config, weights: SafetensorsFixture.file(Self.entries(ranks)))
        let expected = [
            "4:20 rank_pattern key 'q_proj' gives r=16, but the weights were trained at r=8 for 31 modules: model.layers.0.self_attn.q_proj, model.layers.1.self_attn.q_proj, model.layers.2.self_attn.q_proj and 28 more; size mismatch at load time, or a pattern PEFT ignored during training",
        ]
        #expect(outcome.lines == expected)
        // All 32 ignored: the adapter collapsed to uniform, and both findings say so once each.
        let uniform = (0..<32).flatMap { [("model.layers.\($0).self_attn.q_proj", 8), ("model.layers.\($0).self_attn.v_proj", 8)] }
        let (collapsed, _) = try lint(config, weights: SafetensorsFixture.file(Self.entries(uniform)))
        let expectedCollapsed = [
            "4:3 rank_pattern asks for r=16 besides the default r=8, but the weights are uniform: all 64 trained modules have r=8 (collapsed to uniform)",
            "4:20 rank_pattern key 'q_proj' gives r=16, but the weights were trained at r=8 for 32 modules: model.layers.0.self_attn.q_proj, model.layers.1.self_attn.q_proj, model.layers.2.self_attn.q_proj and 29 more; size mismatch at load time, or a pattern PEFT ignored during training",
        ]
        #expect(collapsed.lines == expectedCollapsed)
        // Mixed trained ranks in one group are counted per rank.
        let mixed = (0..<3).flatMap { [("model.layers.\($0).self_attn.q_proj", $0 == 0 ? 4 : 8), ("model.layers.\($0).self_attn.v_proj", 8)] }
        let (counted, _) = try lint(config, weights: SafetensorsFixture.file(Self.entries(mixed)))
        let expectedCounted = [
            "4:20 rank_pattern key 'q_proj' gives r=16, but the weights were trained at r=4 (1 module) and r=8 (2 modules) for 3 modules: model.layers.0.self_attn.q_proj, model.layers.1.self_attn.q_proj, model.layers.2.self_attn.q_proj; size mismatch at load time, or a pattern PEFT ignored during training",
        ]
        #expect(counted.lines == expectedCounted)
    }

    /// `save_pretrained` of an adapter named `my_task` writes `<dir>/my_task/`; a raw state
    /// dict keeps the name inside the tensor names.
    @Test func aRenamedAdapterInItsSubfolder() throws {
        let silent = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)], adapter: "my_task"))
        #expect(try lint(Self.config, weights: silent, subfolder: "my_task").0.lines == [])
        let wrong = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 16), (Self.v1, 8)], adapter: "my_task"))
        #expect(try lint(Self.config, weights: wrong, subfolder: "my_task").0.lines == [
            "6:5 rank_pattern key 'model.layers.1.self_attn.q_proj' gives r=4, but the weights were trained at r=16 for 1 module: model.layers.1.self_attn.q_proj; size mismatch at load time, or a pattern PEFT ignored during training",
        ])
        // Two adapters in one file: the one named like the folder is compared.
        let both = SafetensorsFixture.file(
            Self.entries([(Self.q0, 4), (Self.v0, 4), (Self.q1, 4), (Self.v1, 4)], adapter: "other")
                + Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)], adapter: "my_task"))
        #expect(try lint(Self.config, weights: both, subfolder: "my_task").0.lines == [])
        let (ambiguous, folder) = try lint(Self.config, weights: both, subfolder: "run")
        #expect(ambiguous.lines == [
            "1:1 cannot compare the trained ranks with this config: \(folder)adapter_model.safetensors holds LoRA tensors of 2 adapters (other, my_task) and none is named like this config's folder or 'default', so which one this config describes cannot be told",
        ])
    }

    // MARK: broken weights: each one clean finding at 1:1, never a crash

    private func loadProblem(_ bytes: [UInt8]) throws -> [String] {
        let (outcome, folder) = try lint(Self.config, weights: bytes)
        #expect(outcome.all.filter { $0.code == "GL015" }.allSatisfy { $0.keyPath == "" && $0.range.start.offset == 0 })
        return outcome.lines.map { $0.replacingOccurrences(of: folder, with: "<dir>/") }
    }

    @Test func aTruncatedFile() throws {
        let good = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)]))
        #expect(try loadProblem(Array(good.dropLast(100))) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: tensor 'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight' ends at byte 4608 of the data area, which has only 4508 bytes",
        ])
        let cut = try loadProblem(Array(good.prefix(100)))
        #expect(cut == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: the header length is 1024 bytes but only 92 bytes follow the length field (truncated file?)",
        ])
        #expect(try loadProblem([]) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: the file has 0 bytes; a safetensors file starts with an 8-byte header length",
        ])
    }

    @Test func aHeaderLengthOfTwoToTheSixtyThird() throws {
        #expect(try loadProblem(SafetensorsFixture.lengthField(1 << 63) + Array("{}      ".utf8)) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: the header length is 9223372036854775808 bytes, over the 100000000-byte limit",
        ])
    }

    @Test func overlappingOffsets() throws {
        let header = #"{"base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}}"#
        #expect(try loadProblem(SafetensorsFixture.file(header: header, dataSize: 24)) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: tensors 'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight' and 'base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight' overlap in the data area",
        ])
    }

    @Test func aHeaderThatIsAJSONArray() throws {
        #expect(try loadProblem(SafetensorsFixture.file(header: #"[{"dtype":"F32"}]"#, dataSize: 0)) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: the header must be a JSON object, but it starts with '['",
        ])
        #expect(try loadProblem(SafetensorsFixture.lengthField(0)) == [
            "1:1 cannot compare the trained ranks with this config: <dir>/adapter_model.safetensors: invalid safetensors header: the header is empty; it must be a JSON object",
        ])
    }

    // MARK: what is not checked

    @Test func withoutWeightsTheRuleIsSilent() throws {
        let (outcome, _) = try lint(Self.config, weights: nil)
        #expect(outcome.lines == [])
        #expect(outcome.notes == [])
        // Only a file named adapter_config.json has weights beside it.
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("adapter_model.safetensors", [1, 2, 3])
        let other = try folder.write("copy.adapter_config.json", Self.config)
        #expect(Linter(options: LintOptions()).lint(SourceText(path: other, bytes: Array(Self.config.utf8))).diagnostics.filter { $0.code == "GL015" }.isEmpty)
    }

    @Test func aPickleIsNeverOpenedAndSaidOnce() throws {
        let (outcome, folder) = try lint(Self.config, weights: nil) { folder in
            // Not a pickle at all: opening it would show up as a parse error, not silence.
            try folder.write("adapter_model.bin", Array("import os; os.system('false')".utf8))
        }
        #expect(outcome.lines == [])
        #expect(outcome.notes == [
            "\(folder)adapter_model.bin is a pickle, which gradience-lint never loads (unpickling runs code); the trained ranks were not checked (GL015 reads adapter_model.safetensors)",
        ])
        // With safetensors beside it, PEFT loads that, and so do we: no note.
        let weights = SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)]))
        let (both, _) = try lint(Self.config, weights: weights) { try $0.write("adapter_model.bin", [0x80, 0x04]) }
        #expect(both.notes == [])
    }

    @Test func theWeightsAreReadOncePerRunAndShared() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("adapter_config.json", Self.config)
        try folder.write("adapter_model.safetensors", SafetensorsFixture.file(Self.entries([(Self.q0, 16), (Self.v0, 8), (Self.q1, 4), (Self.v1, 8)])))
        let cache = InventoryCache()
        let linter = Linter(options: LintOptions(), inventories: cache)
        let result = linter.lint(SourceText(path: path, bytes: Array(Self.config.utf8)))
        #expect(result.analyses.first?.inventory?.source == .adapterWeights)
        #expect(result.analyses.first?.adapterWeights?.modules.count == 4)
        // Replace the file: the run keeps what it read (the inventory and GL015 saw one file).
        try folder.write("adapter_model.safetensors", [1, 2, 3])
        let codes = { (linter: Linter) in linter.lint(SourceText(path: path, bytes: Array(Self.config.utf8))).diagnostics.map(\.code).filter { $0 == "GL015" } }
        #expect(codes(linter) == [])
        #expect(codes(Linter(options: LintOptions())) == ["GL015"])
    }
}
