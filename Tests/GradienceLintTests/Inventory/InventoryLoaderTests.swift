import Foundation
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
        let cache = HuggingFaceCache(hubFolder: "/nonexistent/hub")
        var request = InventoryRequest(modelID: "my-org/private-7b")
        request.huggingFaceCache = cache
        let result = try InventoryLoader.load(request)
        #expect(result.inventory == nil && result.assumed == nil)
        #expect(result.unavailableReason == "'my-org/private-7b' is not in the local Hugging Face cache and not in the table of known models; give a modules file (`for n, m in model.named_modules(): print(n, type(m).__name__, sep='\\t')`), the base model's folder (config.json), or an architecture with its layer count")
        request.modelID = "/home/alice/models/merged"
        #expect(try InventoryLoader.load(request).unavailableReason?.hasPrefix("'/home/alice/models/merged' is a path that is not on this machine and not a model the catalog knows; give a modules file") == true)
        request.modelID = nil
        #expect(try InventoryLoader.load(request).unavailableReason?.hasPrefix("the file names no base model (base_model_name_or_path, base_model, model_name_or_path, …); give a modules file") == true)
    }

    /// `from_pretrained(id, local_files_only=True)`: `models--org--name/refs/main` names the
    /// snapshot; the config there gives the catalog inventory, and the output says so.
    @Test func aModelInTheHuggingFaceCacheIsFoundOffline() throws {
        let hub = try TemporaryFolder()
        defer { hub.cleanUp() }
        let config = try String(contentsOf: Fixtures.url("fixtures/modeldir/4.57.6/llama/config.json"), encoding: .utf8)
        try hub.write("models--acme--tiny-llama/refs/main", "abc123")
        try hub.write("models--acme--tiny-llama/snapshots/abc123/config.json", config)
        try hub.write("models--acme--tiny-llama/snapshots/old999/config.json", "{}")
        var request = InventoryRequest(modelID: "acme/tiny-llama")
        request.huggingFaceCache = HuggingFaceCache(hubFolder: hub.path)
        let inventory = try #require(try InventoryLoader.load(request).inventory)
        #expect(inventory.detail.hasPrefix("Hugging Face cache: catalog: llama, 3 layers (\(hub.path)/models--acme--tiny-llama/snapshots/abc123/config.json)"))
        #expect(inventory.modules.contains { $0.name == "model.layers.1.self_attn.q_proj" })
        // A cache path from another machine names the same model.
        request.modelID = "/data/other/hub/models--acme--tiny-llama/snapshots/ffff"
        #expect(try InventoryLoader.load(request).inventory?.detail.hasPrefix("Hugging Face cache: ") == true)
        // Without refs/main no other revision is taken (try_to_load_from_cache).
        try FileManager.default.removeItem(atPath: hub.path + "/models--acme--tiny-llama/refs/main")
        request.modelID = "acme/tiny-llama"
        #expect(try InventoryLoader.load(request).inventory == nil)
    }

    @Test func theCacheFolderFollowsTransformersAndHuggingFaceHub() {
        let home = ["HOME": "/home/u"]
        #expect(HuggingFaceCache.fromEnvironment(home).hubFolder == "/home/u/.cache/huggingface/hub")
        #expect(HuggingFaceCache.fromEnvironment(home.merging(["XDG_CACHE_HOME": "/x"]) { $1 }).hubFolder == "/x/huggingface/hub")
        #expect(HuggingFaceCache.fromEnvironment(home.merging(["HF_HOME": "~/hf"]) { $1 }).hubFolder == "/home/u/hf/hub")
        #expect(HuggingFaceCache.fromEnvironment(home.merging(["HF_HOME": "/h", "HF_HUB_CACHE": "/c"]) { $1 }).hubFolder == "/c")
        #expect(HuggingFaceCache.fromEnvironment(home.merging(["HUGGINGFACE_HUB_CACHE": "/legacy"]) { $1 }).hubFolder == "/legacy")
        #expect(HuggingFaceCache.fromEnvironment(home.merging(["HF_HUB_CACHE": "/c", "TRANSFORMERS_CACHE": "/t"]) { $1 }).hubFolder == "/t")
        #expect(HuggingFaceCache.repoID("meta-llama/Llama-2-7b-hf") == "meta-llama/Llama-2-7b-hf")
        #expect(HuggingFaceCache.repoID("gpt2") == "gpt2")
        #expect(HuggingFaceCache.repoID("/m/hub/models--meta-llama--Meta-Llama-3-8B/snapshots/0123") == "meta-llama/Meta-Llama-3-8B")
        #expect(HuggingFaceCache.repoID("/home/alice/models/merged") == nil)
        #expect(HuggingFaceCache.repoID("./out") == nil)
    }

    /// The name's family and a size, as a known model has them; never a family word alone.
    @Test func anUnknownNameOfAKnownFamilyAssumesItsArchitecture() throws {
        var request = InventoryRequest(modelID: "acme/Qwen2.5-32B-merged-v2")
        request.huggingFaceCache = HuggingFaceCache(hubFolder: "/nonexistent/hub")
        let result = try InventoryLoader.load(request)
        #expect(result.inventory == nil)
        let assumed = try #require(result.assumed)
        #expect(assumed.modelType == "qwen2")
        #expect(result.unavailableReason?.contains("architecture qwen2 assumed from the name 'acme/Qwen2.5-32B-merged-v2', like Qwen/Qwen2.5-") == true)
        #expect(assumed.hasModule(namedOrEndingWith: "q_proj") && !assumed.hasModule(namedOrEndingWith: "v_prj"))
        // A cache path of a model not cached here still names it.
        #expect(AssumedArchitecture.guess(from: "/x/hub/models--acme--Mixtral-8x22B-v0.1/snapshots/1", transformers: nil)?.modelType == "mixtral")
        // Same family word, other modules: no guess.
        for name in ["tiiuae/Falcon-H1-7B-Base", "meta-llama/Llama-4-Scout-17B-16E", "Qwen/Qwen3-Next-80B-A3B-Instruct",
                     "microsoft/Phi-4-reasoning-plus", "microsoft/Phi-3-vision-128k-instruct", "acme/qwen", "Qwen/Qwen3-235B-A22B"] {
            #expect(AssumedArchitecture.guess(from: name, transformers: nil) == nil, "\(name)")
        }
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
