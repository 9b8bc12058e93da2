import Testing
@testable import GradienceLint
@testable import GradienceInventory

@Suite struct ModelDirectoryTests {
    @Test func configAloneUsesTheCatalogTemplate() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"model_type": "llama", "num_hidden_layers": 2, "tie_word_embeddings": false}"#)
        let inventory = try ModelDirectory.inventory(at: folder.path)
        #expect(inventory.source == .catalog)
        #expect(inventory.detail == "catalog: llama, 2 layers (\(folder.path)/config.json)")
        #expect(inventory.modules.count == 6 + 2 * 13)
        #expect(inventory.numLayers == 2)
    }

    @Test func readsLayerAndExpertFieldsIncludingTextConfig() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let mixtral = try folder.write("mixtral.json", #"{"model_type": "mixtral", "num_hidden_layers": 32, "num_local_experts": 8}"#)
        var mixtralConfig = ModelConfig(modelType: "mixtral", numLayers: 32, numExperts: 8)
        mixtralConfig.configCounts = ["num_hidden_layers": 32, "num_local_experts": 8]
        #expect(try ModelConfig.read(atPath: mixtral) == mixtralConfig)
        let gpt2 = try folder.write("gpt2.json", #"{"model_type": "gpt2", "n_layer": 12, "n_head": 12}"#)
        #expect(try ModelConfig.read(atPath: gpt2).numLayers == 12)
        let t5 = try folder.write("t5.json", #"{"model_type": "t5", "num_layers": 8, "num_decoder_layers": 4, "feed_forward_proj": "gated-gelu"}"#)
        let t5Config = try ModelConfig.read(atPath: t5)
        var t5Shape = ArchitectureShape(numLayers: 8, numDecoderLayers: 4, gatedFeedForward: true)
        t5Shape.configCounts = ["num_layers": 8, "num_decoder_layers": 4]
        #expect(t5Config.shape == t5Shape)
        let vlm = try folder.write("vlm.json", #"{"model_type": "llava", "text_config": {"model_type": "llama", "num_hidden_layers": 40}}"#)
        var vlmConfig = ModelConfig(modelType: "llava", numLayers: 40, textModelType: "llama")
        vlmConfig.configCounts = ["text_config.num_hidden_layers": 40]
        #expect(try ModelConfig.read(atPath: vlm) == vlmConfig)
    }

    @Test func indexGivesParameterisedModulesWithCatalogClasses() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"model_type": "llama", "num_hidden_layers": 1, "tie_word_embeddings": true}"#)
        try folder.write("model.safetensors.index.json", """
        {"metadata": {"total_size": 1000},
         "weight_map": {
           "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
           "model.layers.0.self_attn.q_proj.weight": "model-00001-of-00002.safetensors",
           "model.layers.0.self_attn.q_proj.bias": "model-00001-of-00002.safetensors",
           "model.layers.0.mlp.down_proj.weight.absmax": "model-00002-of-00002.safetensors",
           "model.layers.0.input_layernorm.weight": "model-00002-of-00002.safetensors",
           "model.norm.weight": "model-00002-of-00002.safetensors"}}
        """)
        let inventory = try ModelDirectory.inventory(at: folder.path)
        #expect(inventory.source == .modelDir)
        // each parameter's owner, after its parents not listed yet (named_modules() order)
        #expect(inventory.modules == [
            ModuleInfo(name: "model", className: "LlamaModel"),
            ModuleInfo(name: "model.embed_tokens", className: "Embedding"),
            ModuleInfo(name: "model.layers", className: "ModuleList"),
            ModuleInfo(name: "model.layers.0", className: "LlamaDecoderLayer"),
            ModuleInfo(name: "model.layers.0.self_attn", className: "LlamaAttention"),
            ModuleInfo(name: "model.layers.0.self_attn.q_proj", className: "Linear"),
            ModuleInfo(name: "model.layers.0.mlp", className: "LlamaMLP"),
            ModuleInfo(name: "model.layers.0.mlp.down_proj", className: "Linear"),
            ModuleInfo(name: "model.layers.0.input_layernorm", className: "LlamaRMSNorm"),
            ModuleInfo(name: "model.norm", className: "LlamaRMSNorm"),
            ModuleInfo(name: "lm_head", className: "Linear"),
        ])
        #expect(inventory.modelType == "llama")
        #expect(inventory.numLayers == 1)
        #expect(inventory.outputEmbedding == "lm_head")
        #expect(inventory.detail == "model dir: 5 parameterised modules from \(folder.path)/model.safetensors.index.json, plus the tied lm_head; classes from the llama catalog template")
    }

    @Test func singleSafetensorsFromABareModelGetsTheHeadPrefix() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"model_type": "gpt2", "n_layer": 1}"#)
        try folder.write("model.safetensors", SafetensorsFixture.file([
            .init(name: "h.0.attn.c_attn.bias", shape: [6]),
            .init(name: "h.0.attn.c_attn.weight", shape: [2, 6]),
            .init(name: "h.0.mlp.c_fc.weight", shape: [2, 8]),
            .init(name: "wte.weight", shape: [10, 2]),
        ], metadata: false))
        let inventory = try ModelDirectory.inventory(at: folder.path)
        #expect(inventory.modules.map(\.name) == ["transformer", "transformer.h", "transformer.h.0", "transformer.h.0.attn", "transformer.h.0.attn.c_attn",
                                                  "transformer.h.0.mlp", "transformer.h.0.mlp.c_fc", "transformer.wte", "lm_head"])
        #expect(inventory.modules.map(\.className) == ["GPT2Model", "ModuleList", "GPT2Block", "GPT2Attention", "Conv1D", "GPT2MLP", "Conv1D", "Embedding", "Linear"])
    }

    /// Issue 25 §2: a checkpoint of the bare model (`BloomModel`) keeps its own names: no
    /// `transformer.` prefix, no `lm_head`, with or without weights in the folder.
    @Test func aHeadlessCheckpointKeepsTheHeadlessNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"architectures": ["BloomModel"], "model_type": "bloom", "n_layer": 2}"#)
        let catalog = try ModelDirectory.inventory(at: folder.path)
        #expect(catalog.modules.prefix(4).map(\.name) == ["word_embeddings", "word_embeddings_layernorm", "h", "h.0"])
        #expect(catalog.modules.map(\.name).contains("h.1.self_attention.query_key_value"))
        #expect(!catalog.modules.contains { $0.name.hasPrefix("transformer") || $0.name == "lm_head" })
        #expect(catalog.outputEmbedding == nil)
        #expect(catalog.detail.hasSuffix("headless (no 'transformer.', no head)"))
        try folder.write("model.safetensors.index.json", """
        {"weight_map": {"word_embeddings.weight": "a", "h.0.self_attention.query_key_value.weight": "a",
                        "h.1.mlp.dense_4h_to_h.weight": "a", "ln_f.weight": "a"}}
        """)
        let weights = try ModelDirectory.inventory(at: folder.path)
        #expect(weights.modules.map(\.name) == ["word_embeddings", "h", "h.0", "h.0.self_attention", "h.0.self_attention.query_key_value",
                                                "h.1", "h.1.mlp", "h.1.mlp.dense_4h_to_h", "ln_f"])
        #expect(weights.modules.map { $0.className ?? "?" } == ["Embedding", "ModuleList", "BloomBlock", "BloomAttention", "Linear",
                                                              "BloomBlock", "BloomMLP", "Linear", "LayerNorm"])
        #expect(weights.outputEmbedding == nil)
        // The same weights under the LM head's class get the head's prefix and its tied lm_head.
        try folder.write("config.json", #"{"architectures": ["BloomForCausalLM"], "model_type": "bloom", "n_layer": 2}"#)
        let head = try ModelDirectory.inventory(at: folder.path)
        #expect(head.modules.first?.name == "transformer")
        #expect(head.modules.last?.name == "lm_head")
        #expect(head.outputEmbedding == "lm_head")
    }

    @Test func unknownArchitectureKeepsNamesWithoutClasses() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("config.json", #"{"model_type": "my_custom_ssm", "n_layer": 2}"#)
        try folder.write("model.safetensors.index.json", #"{"weight_map": {"backbone.layers.0.mixer.in_proj.weight": "a", "backbone.layers.1.mixer.in_proj.weight": "a"}}"#)
        let inventory = try ModelDirectory.inventory(at: folder.path)
        #expect(inventory.modules.map(\.name) == ["backbone", "backbone.layers", "backbone.layers.0", "backbone.layers.0.mixer", "backbone.layers.0.mixer.in_proj",
                                                  "backbone.layers.1", "backbone.layers.1.mixer", "backbone.layers.1.mixer.in_proj"])
        #expect(inventory.modules.allSatisfy { $0.className == nil })
        #expect(inventory.numLayers == 2)
        #expect(inventory.outputEmbedding == nil)
    }

    @Test func brokenFilesAreErrorValues() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        #expect(throws: InventoryError.emptyModelDirectory(path: folder.path, reason: "no config.json, model.safetensors.index.json or model.safetensors")) {
            try ModelDirectory.inventory(at: folder.path)
        }
        try folder.write("model.safetensors.index.json", #"{"weight_map": {"a.weight": "x", "a.weight": "y"}}"#)
        #expect(throws: InventoryError.badJSON(path: folder.path + "/model.safetensors.index.json", reason: "weight_map lists 'a.weight' twice")) {
            try ModelDirectory.inventory(at: folder.path)
        }
        try folder.write("model.safetensors.index.json", "[1]")
        #expect(throws: InventoryError.badJSON(path: folder.path + "/model.safetensors.index.json", reason: "expected a JSON object at the top level")) {
            try ModelDirectory.inventory(at: folder.path)
        }
        #expect(throws: InventoryError.unreadable(path: "/nonexistent-model", reason: "no such folder")) {
            try ModelDirectory.inventory(at: "/nonexistent-model")
        }
    }
}
