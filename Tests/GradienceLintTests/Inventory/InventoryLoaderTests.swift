import Testing
@testable import GradienceLint

@Suite struct InventoryLoaderTests {
    @Test func modulesFileWinsOverEverythingElse() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let modules = try folder.write("modules.txt", "model\nmodel.layers.0.self_attn.q_proj\tLinear\n")
        try folder.write("model/config.json", #"{"model_type": "llama", "num_hidden_layers": 2}"#)
        let result = try InventoryLoader.load(InventoryRequest(modulesFile: modules, modelDirectory: folder.path + "/model",
                                                               modelID: "meta-llama/Llama-2-7b-hf"))
        #expect(result.inventory?.source == .modulesFile)
        #expect(result.inventory?.modules.count == 2)
    }

    @Test func aLocalModelIDFolderIsAModelDirectory() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"model_type": "qwen2", "num_hidden_layers": 3}"#)
        let result = try InventoryLoader.load(InventoryRequest(modelID: folder.path))
        #expect(result.inventory?.detail == "catalog: qwen2, 3 layers (\(folder.path)/config.json)")
    }

    @Test func adapterWeightsBeatTheCatalogAndBrokenOnesFallBack() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("adapter_model.safetensors", SafetensorsFixture.file([
            .init(name: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", shape: [8, 4]),
        ]))
        let result = try InventoryLoader.load(InventoryRequest(adapterDirectory: folder.path, modelID: "meta-llama/Llama-2-7b-hf"))
        #expect(result.inventory?.source == .adapterWeights)
        #expect(result.inventory?.modules == [ModuleInfo(name: "model.layers.0.self_attn.q_proj", className: "Linear")])
        #expect(result.inventory?.numLayers == 32)
        #expect(result.inventory?.outputEmbedding == "lm_head")

        try folder.write("adapter_model.safetensors", SafetensorsFixture.lengthField(1 << 63))
        let fallback = try InventoryLoader.load(InventoryRequest(adapterDirectory: folder.path, modelID: "meta-llama/Llama-2-7b-hf"))
        #expect(fallback.inventory?.source == .catalog)
        #expect(fallback.skipped == [.badSafetensors(SafetensorsHeaderError(path: folder.path + "/adapter_model.safetensors",
                                                                             problem: .headerTooLarge(length: 1 << 63)))])
    }

    @Test func explicitArchitectureBeatsTheModelID() throws {
        let result = try InventoryLoader.load(InventoryRequest(modelID: "gpt2", architecture: "gpt2", numLayers: 2))
        #expect(result.inventory?.detail == "catalog: gpt2, 2 layers (from settings)")
        #expect(throws: InventoryError.badJSON(path: "settings", reason: "architecture 'gpt2' needs num-layers too")) {
            try InventoryLoader.load(InventoryRequest(architecture: "gpt2"))
        }
    }

    @Test func noSourceNamesTheSourcesThatWouldWork() throws {
        let result = try InventoryLoader.load(InventoryRequest(modelID: "my-org/private-7b"))
        #expect(result.inventory == nil)
        let reason = try #require(result.unavailableReason)
        #expect(reason.hasPrefix("no module inventory for the base model: 'my-org/private-7b' is not a local model folder and not in the catalog of known models. Give one of: a modules file"))
        #expect(reason.contains("adapter_model.safetensors beside the adapter config"))
        #expect(reason.contains("gpt_neox"))
    }

    @Test func anExplicitBrokenModulesFileThrows() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let modules = try folder.write("modules.txt", "model\n  (layers): ModuleList(\n")
        #expect(throws: InventoryError.self) {
            try InventoryLoader.load(InventoryRequest(modulesFile: modules, modelID: "gpt2"))
        }
    }
}
