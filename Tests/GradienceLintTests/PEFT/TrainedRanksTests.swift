import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// `TrainedRanks.compare`: the module-by-module table behind GL015 and `resolve`.
@Suite struct TrainedRanksTests {
    static let names = ["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
                        "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.v_proj"]

    /// The base model's modules, as a modules file gives them (an exact inventory).
    static let model = Inventory(source: .modulesFile, detail: "modules.txt",
                                 modules: (names + ["model.layers.0.mlp.up_proj", "model.layers.1.mlp.up_proj"])
                                     .map { ModuleInfo(name: $0, className: "Linear") })

    /// Weights with `lora_A` (and `lora_B`) for each module at the given rank.
    static func weights(_ ranks: [(String, Int)]) -> AdapterWeights {
        let tensors = ranks.flatMap { module, rank in [
            SafetensorsHeader.Tensor(name: "base_model.model.\(module).lora_A.weight", dtype: "F32", shape: [rank, 16], dataOffsets: 0..<0),
            SafetensorsHeader.Tensor(name: "base_model.model.\(module).lora_B.weight", dtype: "F32", shape: [16, rank], dataOffsets: 0..<0),
        ] }
        return AdapterWeights(header: SafetensorsHeader(path: "adapter_model.safetensors", tensors: tensors,
                                                        metadata: ["format": "pt"], headerLength: 0, dataSize: 0))
    }

    static func spec(_ pattern: [(String, Double)] = []) -> LoraSpec {
        LoraSpec(r: 8, loraAlpha: 16, targetModules: .list(["q_proj", "v_proj"]),
                 rankPattern: pattern.map { PatternEntry(key: $0.0, value: $0.1) })
    }

    private func compare(_ spec: LoraSpec, _ weights: AdapterWeights, inventory: Inventory = model) -> [ModuleComparison] {
        TrainedRanks.compare(resolution: Resolver.resolve(spec: spec, inventory: inventory), weights: weights)
    }

    @Test func aPatternTrainedAsConfiguredIsAllOK() {
        let rows = compare(Self.spec([("q_proj", 16)]), Self.weights([
            (Self.names[0], 16), (Self.names[1], 8), (Self.names[2], 16), (Self.names[3], 8),
        ]))
        #expect(rows.map(\.module) == Self.names)
        #expect(rows.map(\.status) == [.ok, .ok, .ok, .ok])
        #expect(rows.map(\.resolvedRank) == [16, 8, 16, 8])
        #expect(rows.map(\.trainedRank) == [16, 8, 16, 8])
        #expect(rows.map(\.rankKey) == ["q_proj", nil, "q_proj", nil])
        #expect(rows[0].tensorName == "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")
        #expect(!rows.contains { $0.isMismatch })
    }

    @Test func aDifferentTrainedRankIsAMismatchNamingTheKey() {
        let rows = compare(Self.spec([("model.layers.1.self_attn.q_proj", 4)]), Self.weights([
            (Self.names[0], 8), (Self.names[1], 16), (Self.names[2], 8), (Self.names[3], 8),
        ]))
        #expect(rows.map(\.status) == [.ok, .rankMismatch, .rankMismatch, .ok])
        #expect(rows[1] == ModuleComparison(module: Self.names[1], status: .rankMismatch, resolvedRank: 8, rankKey: nil,
                                            trainedRank: 16, tensorName: "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight"))
        #expect(rows[2].rankKey == "model.layers.1.self_attn.q_proj")
        #expect(rows[2].resolvedRank == 4)
        #expect(rows[2].trainedRank == 8)
    }

    @Test func anExtraModuleInTheWeightsIsTrainedNotTargeted() {
        let rows = compare(Self.spec(), Self.weights([
            (Self.names[0], 8), (Self.names[1], 8), ("model.layers.0.mlp.up_proj", 8), (Self.names[2], 8), (Self.names[3], 8),
            ("model.layers.0.mlp.gate_proj", 8),
        ]))
        #expect(rows.map(\.module) == Self.names + ["model.layers.0.mlp.up_proj", "model.layers.0.mlp.gate_proj"])
        #expect(rows.map(\.status) == [.ok, .ok, .ok, .ok, .trainedNotTargeted, .trainedNotTargeted])
        // up_proj is in the model but not targeted; gate_proj is not in the inventory at all.
        #expect(rows[4].skipReason == .notTargeted)
        #expect(rows[4].resolvedRank == nil)
        #expect(rows[4].trainedRank == 8)
        #expect(rows[5].skipReason == nil)
    }

    @Test func aModuleMissingFromTheWeightsIsTargetedNotTrained() {
        let rows = compare(Self.spec(), Self.weights([(Self.names[0], 8), (Self.names[2], 8)]))
        #expect(rows.map(\.status) == [.ok, .targetedNotTrained, .ok, .targetedNotTrained])
        #expect(rows[1] == ModuleComparison(module: Self.names[1], status: .targetedNotTrained, resolvedRank: 8))
    }

    @Test func withTheWeightsAsTheInventoryNothingCanBeMissing() {
        let weights = Self.weights([(Self.names[0], 8), (Self.names[2], 8)])
        let rows = compare(Self.spec(), weights, inventory: weights.inventory)
        #expect(rows.map(\.status) == [.ok, .ok])
    }

    @Test func aModuleWithoutLoraAHasNoRankToCompare() {
        let header = SafetensorsHeader(path: "w", tensors: [
            .init(name: "base_model.model.\(Self.names[0]).lora_magnitude_vector", dtype: "F32", shape: [16], dataOffsets: 0..<0),
        ], metadata: nil, headerLength: 0, dataSize: 0)
        let rows = compare(Self.spec(), AdapterWeights(header: header))
        #expect(rows[0].status == .ok)
        #expect(rows[0].trainedRank == nil)
    }

    /// Keys copied from `named_modules()`: PEFT matched none, so the weights are uniform at
    /// r, which is also what the config resolves to. Only the intended resolution (GL001's
    /// keys stripped) tells these modules were meant to be different.
    @Test func aPrefixedKeyIgnoredInTrainingIsPatternIgnored() throws {
        let yaml = """
            peft_type: LORA
            r: 8
            target_modules: [q_proj, v_proj]
            rank_pattern:
              base_model.model.model.layers.0.self_attn.q_proj: 4
              model.layers.1.self_attn.q_proj.lora_A.weight: 8
              v_proj: 16
            """
        guard case .lora(let lora) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(yaml)).documents[0]) else {
            Issue.record("not a LoRA config")
            return
        }
        let weights = Self.weights([(Self.names[0], 8), (Self.names[1], 16), (Self.names[2], 8), (Self.names[3], 16)])
        let resolution = Resolver.resolve(spec: lora.spec, inventory: Self.model)
        let rows = TrainedRanks.compare(lora: lora, inventory: Self.model, resolution: resolution, weights: weights)
        #expect(rows.map(\.status) == [.patternIgnored, .ok, .ok, .ok])
        #expect(rows[0] == ModuleComparison(module: Self.names[0], status: .patternIgnored, resolvedRank: 8, rankKey: nil, trainedRank: 8,
                                            tensorName: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                                            intendedRank: 4, intendedKey: "base_model.model.model.layers.0.self_attn.q_proj"))
        // The second prefixed key means r=8, which is what trained: nothing was lost.
        #expect(rows[2].intendedKey == nil)
        // Without the config, compare(resolution:weights:) has no intent to go on.
        #expect(TrainedRanks.compare(resolution: resolution, weights: weights).map(\.status) == [.ok, .ok, .ok, .ok])
    }

    @Test func intendedPatternRenamesLikeGL001sFix() throws {
        let yaml = "peft_type: LORA\nr: 8\nrank_pattern:\n  base_model.model.q_proj: 4\n  q_proj: 2\n  base_model.model.model.v_proj: 16\n"
        guard case .lora(let lora) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(yaml)).documents[0]) else {
            Issue.record("not a LoRA config")
            return
        }
        let meant = try #require(IntendedRankPattern(lora))
        // 'q_proj' is already a key, so the first one stays as written (GL001 does not rename it either).
        #expect(meant.entries == [PatternEntry(key: "base_model.model.q_proj", value: 4), PatternEntry(key: "q_proj", value: 2),
                                  PatternEntry(key: "model.v_proj", value: 16)])
        #expect(meant.writtenKeys == ["model.v_proj": "base_model.model.model.v_proj"])
        guard case .lora(let plain) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text("peft_type: LORA\nrank_pattern:\n  q_proj: 4\n")).documents[0]) else {
            Issue.record("not a LoRA config")
            return
        }
        #expect(IntendedRankPattern(plain) == nil)
    }
}
