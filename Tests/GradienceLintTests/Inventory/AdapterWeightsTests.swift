import Testing
@testable import GradienceLint
@testable import GradienceInventory

@Suite struct AdapterWeightsTests {
    typealias Entry = SafetensorsFixture.Entry

    private func weights(_ entries: [Entry]) throws -> AdapterWeights {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("adapter_model.safetensors", SafetensorsFixture.file(entries))
        var weights = try AdapterWeights.read(atPath: path)
        weights.path = "adapter_model.safetensors"
        return weights
    }

    @Test func defaultAdapterNamesGiveModulesAndRanks() throws {
        let weights = try weights([
            Entry(name: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", shape: [16, 64]),
            Entry(name: "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", shape: [64, 16]),
            Entry(name: "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight", shape: [8, 64]),
            Entry(name: "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight", shape: [32, 8]),
            Entry(name: "base_model.model.model.layers.0.self_attn.v_proj.lora_B.bias", shape: [32]),
            Entry(name: "base_model.model.score.weight", shape: [2, 64]),
        ])
        #expect(weights.ranks.map(\.module) == ["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj"])
        #expect(weights.ranks.map(\.rank) == [16, 8])
        #expect(weights.ranks.map(\.tensorName) == ["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                                                    "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight"])
        #expect(weights.modules[1].loraBShape == [32, 8])
        #expect(weights.modules[1].hasLoraBias)
        #expect(!weights.modules[0].hasLoraBias)
        #expect(weights.modules.allSatisfy { $0.kind == .linear && $0.adapterName == nil && !$0.isDoRA })
        #expect(weights.otherTensors == ["base_model.model.score.weight"])
        let inventory = weights.inventory
        #expect(inventory.source == .adapterWeights)
        #expect(inventory.modules == [ModuleInfo(name: "model.layers.0.self_attn.q_proj", className: "Linear"),
                                      ModuleInfo(name: "model.layers.0.self_attn.v_proj", className: "Linear")])
        #expect(inventory.detail == "adapter weights adapter_model.safetensors (2 adapted modules)")
    }

    @Test func renamedAdapterKeepsItsName() throws {
        let weights = try weights([
            Entry(name: "base_model.model.transformer.h.0.attn.c_attn.lora_A.my_task.weight", shape: [4, 768]),
            Entry(name: "base_model.model.transformer.h.0.attn.c_attn.lora_B.my_task.weight", shape: [2304, 4]),
        ])
        #expect(weights.modules.count == 1)
        #expect(weights.modules[0].module == "transformer.h.0.attn.c_attn")
        #expect(weights.modules[0].rank == 4)
        #expect(weights.modules[0].adapterName == "my_task")
        #expect(weights.modules[0].loraBShape == [2304, 4])
    }

    @Test func embeddingRankComesFromLoraEmbeddingA() throws {
        let weights = try weights([
            Entry(name: "base_model.model.model.embed_tokens.lora_embedding_A", shape: [12, 32000]),
            Entry(name: "base_model.model.model.embed_tokens.lora_embedding_B", shape: [64, 12]),
        ])
        #expect(weights.ranks.map(\.module) == ["model.embed_tokens"])
        #expect(weights.ranks.map(\.rank) == [12])
        #expect(weights.modules[0].kind == .embedding)
        #expect(weights.inventory.modules[0].className == "Embedding")
    }

    @Test func doraMarksTheModuleWithoutARank() throws {
        let weights = try weights([
            Entry(name: "base_model.model.model.layers.0.mlp.down_proj.lora_A.weight", shape: [8, 128]),
            Entry(name: "base_model.model.model.layers.0.mlp.down_proj.lora_B.weight", shape: [64, 8]),
            Entry(name: "base_model.model.model.layers.0.mlp.down_proj.lora_magnitude_vector", shape: [64]),
            Entry(name: "base_model.model.model.layers.0.mlp.up_proj.lora_magnitude_vector.weight", shape: [128]),
        ])
        #expect(weights.modules.map(\.isDoRA) == [true, true])
        #expect(weights.modules.map(\.rank) == [8, nil])
        #expect(weights.ranks.map(\.module) == ["model.layers.0.mlp.down_proj"])
        #expect(weights.modules[1].module == "model.layers.0.mlp.up_proj")
    }

    @Test func convRankFromFourDimensionalA() throws {
        let weights = try weights([
            Entry(name: "base_model.model.unet.conv_in.lora_A.weight", shape: [4, 3, 3, 3]),
            Entry(name: "base_model.model.unet.conv_in.lora_B.weight", shape: [32, 4, 1, 1]),
        ])
        #expect(weights.ranks.map(\.rank) == [4])
        #expect(weights.modules[0].kind == .conv(dimensions: 2))
        #expect(weights.inventory.modules[0].className == "Conv")
    }

    @Test func namesWithoutTheWrapperPrefixStillParse() {
        #expect(AdapterWeights.parseName("model.layers.3.self_attn.q_proj.lora_A.weight")?.module == "model.layers.3.self_attn.q_proj")
        #expect(AdapterWeights.parseName("lora_A.weight") == nil)
        #expect(AdapterWeights.parseName("x.lora_A.a.b.weight") == nil)
        #expect(AdapterWeights.parseName("x.lora_A.bias") == nil)
    }
}

@Suite struct AdapterSelectionTests {
    typealias Entry = SafetensorsFixture.Entry

    /// A raw `model.state_dict()` of a model holding two adapters: the names keep them apart.
    private func twoAdapters(_ first: String, _ second: String) -> AdapterWeights {
        var weights = AdapterWeights(header: SafetensorsHeader(path: "adapter_model.safetensors", tensors: [
            tensor("base_model.model.model.layers.0.self_attn.q_proj.lora_A.\(first).weight", [4, 16]),
            tensor("base_model.model.model.layers.0.self_attn.q_proj.lora_A.\(second).weight", [8, 16]),
            tensor("base_model.model.model.layers.0.self_attn.q_proj.lora_B.\(first).weight", [16, 4]),
            tensor("base_model.model.model.layers.0.self_attn.q_proj.lora_B.\(second).weight", [16, 8]),
            tensor("base_model.model.model.layers.0.self_attn.q_proj.base_layer.weight", [16, 16]),
        ], metadata: nil, headerLength: 0, dataSize: 0))
        weights.path = "adapter_model.safetensors"
        return weights
    }

    private func tensor(_ name: String, _ shape: [Int]) -> SafetensorsHeader.Tensor {
        SafetensorsHeader.Tensor(name: name, dtype: "F32", shape: shape, dataOffsets: 0..<0)
    }

    @Test func severalAdaptersInOneFileKeepTheirOwnRanks() {
        let weights = twoAdapters("one", "two")
        #expect(weights.adapterNames == ["one", "two"])
        #expect(weights.modules.map(\.rank) == [4, 8])
        #expect(weights.modules.map(\.loraBShape) == [[16, 4], [16, 8]])
        #expect(weights.otherTensors == ["base_model.model.model.layers.0.self_attn.q_proj.base_layer.weight"])
        // The inventory lists each module once.
        #expect(weights.inventory.modules == [ModuleInfo(name: "model.layers.0.self_attn.q_proj", className: "Linear")])
        #expect(weights.inventory.detail == "adapter weights adapter_model.safetensors (1 adapted modules)")
    }

    @Test func theConfigsFolderNamesTheAdapter() throws {
        let weights = twoAdapters("one", "two")
        // save_pretrained writes adapter "two" to <dir>/two/.
        let selected = try weights.forAdapterConfig(inFolder: "/runs/out/two").get()
        #expect(selected.modules.map(\.rank) == [8])
        #expect(selected.adapterNames == ["two"])
        #expect(try weights.forAdapterConfig(inFolder: "one").get().modules.map(\.rank) == [4])
    }

    @Test func defaultIsTakenWhenTheFolderNamesNoAdapter() throws {
        let weights = twoAdapters("default", "other")
        #expect(try weights.forAdapterConfig(inFolder: "/runs/out").get().modules.map(\.rank) == [4])
    }

    @Test func otherwiseWhichAdapterCannotBeTold() {
        let weights = twoAdapters("one", "two")
        let expected = AdapterWeights.AmbiguousAdapters(path: "adapter_model.safetensors", names: ["one", "two"])
        #expect(weights.forAdapterConfig(inFolder: "/runs/out") == .failure(expected))
        #expect(expected.message == "adapter_model.safetensors holds LoRA tensors of 2 adapters (one, two) and none is named like this config's folder or 'default', so which one this config describes cannot be told")
    }

    @Test func oneAdapterIsAlwaysTheOne() throws {
        let weights = AdapterWeights(header: SafetensorsHeader(path: "w", tensors: [
            tensor("base_model.model.transformer.h.0.attn.c_attn.lora_A.my_task.weight", [4, 768]),
        ], metadata: nil, headerLength: 0, dataSize: 0))
        #expect(try weights.forAdapterConfig(inFolder: "elsewhere").get() == weights)
    }
}
