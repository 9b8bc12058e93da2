import Testing
@testable import GradienceLint

@Suite struct CatalogTests {
    static let v4 = TransformersVersion(4, 57, 6)

    private func names(_ architecture: String, layers: Int, experts: Int? = nil, transformers: TransformersVersion = .newest) throws -> [String] {
        try Catalog.inventory(architecture: architecture, numLayers: layers, numExperts: experts, transformers: transformers).modules.map(\.name)
    }

    private func classes(_ architecture: String, layers: Int) throws -> [String: String] {
        let modules = try Catalog.inventory(architecture: architecture, numLayers: layers).modules
        return Dictionary(uniqueKeysWithValues: modules.map { ($0.name, $0.className ?? "") })
    }

    @Test func llamaTwoLayersIsExactlyNamedModulesOrder() throws {
        func layer(_ n: Int) -> [String] {
            let p = "model.layers.\(n)"
            return [p, "\(p).self_attn", "\(p).self_attn.q_proj", "\(p).self_attn.k_proj", "\(p).self_attn.v_proj", "\(p).self_attn.o_proj",
                    "\(p).mlp", "\(p).mlp.gate_proj", "\(p).mlp.up_proj", "\(p).mlp.down_proj", "\(p).mlp.act_fn",
                    "\(p).input_layernorm", "\(p).post_attention_layernorm"]
        }
        let expected = ["model", "model.embed_tokens", "model.layers"] + layer(0) + layer(1)
            + ["model.norm", "model.rotary_emb", "lm_head"]
        #expect(try names("llama", layers: 2) == expected)
        let inventory = try Catalog.inventory(architecture: "llama", numLayers: 2)
        #expect(inventory.source == .catalog)
        #expect(inventory.detail == "catalog: llama, 2 layers")
        #expect(inventory.outputEmbedding == "lm_head")
        #expect(inventory.modelType == "llama")
        #expect(inventory.numLayers == 2)
        let classes = try classes("llama", layers: 2)
        #expect(classes["model.layers.1.self_attn.q_proj"] == "Linear")
        #expect(classes["model.embed_tokens"] == "Embedding")
        #expect(classes["model.norm"] == "LlamaRMSNorm")
        #expect(classes["model.layers"] == "ModuleList")
    }

    /// Module counts per architecture: a fixed part plus a per-layer part, so a change
    /// to any template shows up here.
    @Test(arguments: [
        ("llama", 32, 6 + 32 * 13), ("mistral", 32, 6 + 32 * 13), ("qwen2", 24, 6 + 24 * 13),
        ("qwen3", 28, 6 + 28 * 15), ("gemma", 18, 6 + 18 * 13), ("gemma2", 26, 6 + 26 * 15),
        ("gemma3_text", 26, 6 + 26 * 17), ("phi", 32, 7 + 32 * 12), ("phi3", 32, 6 + 32 * 12),
        ("gpt2", 12, 7 + 12 * 13), ("gpt_bigcode", 2, 7 + 2 * 12), ("gpt_neox", 6, 7 + 6 * 12),
        ("falcon", 32, 6 + 32 * 9) /* 5.25 dropped attention_dropout */, ("bloom", 2, 6 + 2 * 11), ("opt", 2, 7 + 2 * 11),
        ("bert", 12, 14 + 12 * 18), ("roberta", 12, 13 + 12 * 18), ("distilbert", 6, 11 + 6 * 14),
        ("deberta-v2", 12, 14 + 12 * 19), ("t5", 6, 14 + 6 * 18 + 6 * 26),
        ("qwen3_moe", 2, 6 + 2 * 14), ("llava", 2, 8 + 24 * 12 + 1 + 4 + 5 + 2 * 13 + 1),
    ])
    func moduleCounts(architecture: String, layers: Int, count: Int) throws {
        #expect(try names(architecture, layers: layers).count == count)
    }

    /// transformers 4's per-expert modules (v5 fuses them, checked after).
    @Test func mixtralExperts() throws {
        let names = try names("mixtral", layers: 32, transformers: Self.v4)
        #expect(names.count == 6 + 32 * (1 + 5 + (3 + 8 * 5) + 2))
        #expect(Array(names[8...15]) == [
            "model.layers.0.self_attn.o_proj", "model.layers.0.block_sparse_moe", "model.layers.0.block_sparse_moe.gate",
            "model.layers.0.block_sparse_moe.experts", "model.layers.0.block_sparse_moe.experts.0",
            "model.layers.0.block_sparse_moe.experts.0.w1", "model.layers.0.block_sparse_moe.experts.0.w2",
            "model.layers.0.block_sparse_moe.experts.0.w3",
        ])
        #expect(names.contains("model.layers.31.block_sparse_moe.experts.7.w2"))
        #expect(!names.contains("model.layers.31.block_sparse_moe.experts.8.w2"))
        #expect(try Catalog.inventory(architecture: "mixtral", numLayers: 1, numExperts: 2).detail == "catalog: mixtral, 1 layers, 2 experts")
        let fused = try Catalog.inventory(architecture: "mixtral", numLayers: 2, numExperts: 4)
        #expect(fused.modules.filter { $0.name.hasPrefix("model.layers.0.mlp") }.map { "\($0.name) \($0.className ?? "")" } == [
            "model.layers.0.mlp MixtralSparseMoeBlock", "model.layers.0.mlp.gate MixtralTopKRouter",
            "model.layers.0.mlp.experts MixtralExperts", "model.layers.0.mlp.experts.act_fn SiLUActivation",
        ])
        #expect(fused.parameters.map(\.fullName) == ["model.layers.0.mlp.gate.weight", "model.layers.0.mlp.experts.gate_up_proj",
                                                      "model.layers.0.mlp.experts.down_proj", "model.layers.1.mlp.gate.weight",
                                                      "model.layers.1.mlp.experts.gate_up_proj", "model.layers.1.mlp.experts.down_proj"])
        #expect(fused.transformers == .newest)
    }

    @Test func qwen2MoeHasSharedExpert() throws {
        let names = try names("qwen2_moe", layers: 1, experts: 2, transformers: Self.v4)
        #expect(names.contains("model.layers.0.mlp.gate"))
        #expect(names.contains("model.layers.0.mlp.experts.1.down_proj"))
        #expect(names.contains("model.layers.0.mlp.shared_expert.gate_proj"))
        #expect(names.last(where: { $0.hasPrefix("model.layers.0.mlp.") }) == "model.layers.0.mlp.shared_expert_gate")
        #expect(try Self().names("qwen2_moe", layers: 24, transformers: Self.v4).contains("model.layers.23.mlp.experts.59.up_proj"))
        #expect(try Self().names("qwen2_moe", layers: 1).contains("model.layers.0.mlp.shared_expert.up_proj"))
    }

    @Test func decoderNames() throws {
        let gpt2 = try classes("gpt2", layers: 1)
        #expect(gpt2["transformer.h.0.attn.c_attn"] == "Conv1D")
        #expect(gpt2["transformer.h.0.attn.c_proj"] == "Conv1D")
        #expect(gpt2["transformer.h.0.mlp.c_fc"] == "Conv1D")
        #expect(gpt2["transformer.h.0.mlp.c_proj"] == "Conv1D")
        #expect(gpt2["transformer.wte"] == "Embedding")
        #expect(gpt2["lm_head"] == "Linear")
        #expect(try classes("gpt_bigcode", layers: 1)["transformer.h.0.attn.c_attn"] == "Linear")
        let neox = try Catalog.inventory(architecture: "gpt_neox", numLayers: 1, transformers: Self.v4)
        #expect(neox.outputEmbedding == "embed_out")
        #expect(neox.modules.last?.name == "embed_out")
        let neox5 = try Catalog.inventory(architecture: "gpt_neox", numLayers: 1)
        #expect(neox5.outputEmbedding == "lm_head")
        #expect(neox5.modules.last?.name == "lm_head")
        #expect(neox.modules.map(\.name).contains("gpt_neox.layers.0.attention.query_key_value"))
        #expect(neox.modules.map(\.name).contains("gpt_neox.layers.0.mlp.dense_4h_to_h"))
        #expect(try names("falcon", layers: 1).contains("transformer.h.0.self_attention.query_key_value"))
        #expect(try names("bloom", layers: 1).contains("transformer.h.0.mlp.dense_h_to_4h"))
        #expect(try names("opt", layers: 1).filter { $0.hasPrefix("model.decoder.layers.0.") && !$0.contains("norm") } == [
            "model.decoder.layers.0.self_attn", "model.decoder.layers.0.self_attn.k_proj", "model.decoder.layers.0.self_attn.v_proj",
            "model.decoder.layers.0.self_attn.q_proj", "model.decoder.layers.0.self_attn.out_proj",
            "model.decoder.layers.0.activation_fn", "model.decoder.layers.0.fc1", "model.decoder.layers.0.fc2",
        ])
        #expect(try names("phi", layers: 1).filter { $0.hasSuffix("dense") || $0.contains("fc") } == [
            "model.layers.0.self_attn.dense", "model.layers.0.mlp.fc1", "model.layers.0.mlp.fc2",
        ])
        #expect(try names("phi3", layers: 1).filter { $0.hasSuffix("_proj") } == [
            "model.layers.0.self_attn.o_proj", "model.layers.0.self_attn.qkv_proj",
            "model.layers.0.mlp.gate_up_proj", "model.layers.0.mlp.down_proj",
        ])
        #expect(try names("qwen3", layers: 1).contains("model.layers.0.self_attn.k_norm"))
        #expect(try names("gemma2", layers: 1).contains("model.layers.0.post_feedforward_layernorm"))
    }

    @Test func encoderNames() throws {
        let bert = try names("bert", layers: 1)
        #expect(bert.filter { $0.hasPrefix("bert.encoder.layer.0.") && !$0.contains("LayerNorm") && !$0.contains("dropout") } == [
            "bert.encoder.layer.0.attention", "bert.encoder.layer.0.attention.self",
            "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.self.key",
            "bert.encoder.layer.0.attention.self.value", "bert.encoder.layer.0.attention.output",
            "bert.encoder.layer.0.attention.output.dense", "bert.encoder.layer.0.intermediate",
            "bert.encoder.layer.0.intermediate.dense", "bert.encoder.layer.0.intermediate.intermediate_act_fn",
            "bert.encoder.layer.0.output", "bert.encoder.layer.0.output.dense",
        ])
        #expect(Array(bert.suffix(4)) == ["bert.pooler.dense", "bert.pooler.activation", "dropout", "classifier"])
        #expect(try Catalog.inventory(architecture: "bert", numLayers: 1).outputEmbedding == nil)
        #expect(Array(try names("roberta", layers: 1).suffix(4)) == ["classifier", "classifier.dense", "classifier.dropout", "classifier.out_proj"])
        let distil = try names("distilbert", layers: 1)
        #expect(distil.contains("distilbert.transformer.layer.0.attention.q_lin"))
        #expect(distil.contains("distilbert.transformer.layer.0.ffn.lin2"))
        #expect(Array(distil.suffix(3)) == ["pre_classifier", "classifier", "dropout"])
        let deberta = try names("deberta-v2", layers: 1)
        #expect(deberta.contains("deberta.encoder.layer.0.attention.self.query_proj"))
        #expect(deberta.contains("deberta.encoder.rel_embeddings"))
        #expect(Array(deberta.suffix(5)) == ["pooler", "pooler.dense", "pooler.dropout", "classifier", "dropout"])
    }

    @Test func t5EncoderDecoder() throws {
        let t5 = try Catalog.inventory(architecture: "t5", numLayers: 2, transformers: Self.v4)
        let names = t5.modules.map(\.name)
        #expect(names.first == "shared")
        #expect(!names.contains("encoder.embed_tokens"))
        let t5v5 = try Self().names("t5", layers: 2)
        #expect(Array(t5v5.prefix(3)) == ["shared", "encoder", "encoder.embed_tokens"])
        #expect(t5v5.contains("decoder.embed_tokens"))
        #expect(names.contains("encoder.block.0.layer.0.SelfAttention.q"))
        #expect(names.contains("encoder.block.0.layer.0.SelfAttention.relative_attention_bias"))
        #expect(!names.contains("encoder.block.1.layer.0.SelfAttention.relative_attention_bias"))
        #expect(names.contains("encoder.block.1.layer.1.DenseReluDense.wi"))
        #expect(!names.contains("encoder.block.1.layer.2"))
        #expect(names.contains("decoder.block.1.layer.1.EncDecAttention.v"))
        #expect(names.contains("decoder.block.1.layer.2.DenseReluDense.wo"))
        #expect(names.last == "lm_head")
        #expect(t5.outputEmbedding == "lm_head")
        let gated = try Catalog.inventory(architecture: "t5", numLayers: 1, numDecoderLayers: 3, gatedFeedForward: true).modules.map(\.name)
        #expect(gated.contains("encoder.block.0.layer.1.DenseReluDense.wi_0"))
        #expect(gated.contains("encoder.block.0.layer.1.DenseReluDense.wi_1"))
        #expect(gated.contains("decoder.block.2.layer.2.DenseReluDense.wi_1"))
        #expect(!gated.contains("decoder.block.3"))
    }

    @Test func everyTemplateHasUniqueNamesAndAnOutputOrHead() throws {
        for template in Catalog.templates {
            for release in [Self.v4, TransformersVersion.newest] {
                let modules = template.modules(ArchitectureShape(numLayers: 2, numExperts: 2, transformers: release))
                #expect(Set(modules.map(\.name)).count == modules.count, "\(template.modelType)")
                if let output = template.outputEmbedding(release) {
                    // Usually a Linear; FSMT's is its decoder's Embedding, IDEFICS's an IdeficsDecoupledLinear.
                    #expect(modules.contains { $0.name == output }, "\(template.modelType) \(release)")
                }
            }
        }
        #expect(Catalog.architectures.count >= 150)  // generated from transformers (was 24 hand-written)
    }

    @Test func architectureLookupIsForgivingAboutCaseAndSeparators() throws {
        #expect(Catalog.template(for: "GPT-NeoX")?.modelType == "gpt_neox")
        #expect(Catalog.template(for: "deberta_v2")?.modelType == "deberta-v2")
        #expect(throws: InventoryError.unknownArchitecture("llama9", known: Catalog.architectures)) {
            try Catalog.inventory(architecture: "llama9", numLayers: 2)
        }
        #expect(throws: InventoryError.invalidCount(what: "num_layers", value: 0)) {
            try Catalog.inventory(architecture: "llama", numLayers: 0)
        }
    }

    @Test(arguments: [
        ("meta-llama/Llama-2-7b-hf", "llama", 32), ("META-LLAMA/llama-2-13B-HF", "llama", 40), ("meta-llama/Llama-2-70b-chat-hf", "llama", 80),
        ("meta-llama/Meta-Llama-3-8B-Instruct", "llama", 32), ("unsloth/llama-3-8b-bnb-4bit", "llama", 32),
        ("unsloth/Meta-Llama-3.1-8B-Instruct-bnb-4bit", "llama", 32), ("meta-llama/Llama-3.1-405B", "llama", 126),
        ("unsloth/Llama-3.2-1B-Instruct", "llama", 16), ("/models/Llama-3.2-3B/", "llama", 28),
        ("mistralai/Mistral-7B-Instruct-v0.3", "mistral", 32), ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral", 32),
        ("Qwen/Qwen2.5-0.5B-Instruct", "qwen2", 24), ("Qwen/Qwen2.5-7B", "qwen2", 28), ("Qwen/Qwen2.5-72B-Instruct", "qwen2", 80),
        ("Qwen/Qwen3-8B", "qwen3", 36), ("unsloth/Qwen3-14B-unsloth-bnb-4bit", "qwen3", 40),
        ("google/gemma-2b", "gemma", 18), ("google/gemma-7b-it", "gemma", 28), ("google/gemma-2-2b", "gemma2", 26),
        ("google/gemma-2-9b-it", "gemma2", 42), ("google/gemma-2-27b", "gemma2", 46), ("google/gemma-3-1b-it", "gemma3_text", 26),
        ("microsoft/phi-2", "phi", 32), ("microsoft/Phi-3-mini-4k-instruct", "phi3", 32),
        ("gpt2", "gpt2", 12), ("gpt2-medium", "gpt2", 24), ("openai-community/gpt2-large", "gpt2", 36), ("gpt2-xl", "gpt2", 48),
        ("EleutherAI/pythia-70m", "gpt_neox", 6), ("EleutherAI/pythia-160m-deduped", "gpt_neox", 12), ("EleutherAI/pythia-410m", "gpt_neox", 24),
        ("EleutherAI/pythia-1b", "gpt_neox", 16), ("EleutherAI/pythia-1.4b", "gpt_neox", 24), ("EleutherAI/pythia-2.8b", "gpt_neox", 32),
        ("EleutherAI/pythia-6.9b", "gpt_neox", 32), ("EleutherAI/pythia-12b", "gpt_neox", 36),
        ("bert-base-uncased", "bert", 12), ("bert-large-uncased", "bert", 24), ("roberta-base", "roberta", 12),
        ("FacebookAI/roberta-large", "roberta", 24), ("distilbert-base-uncased", "distilbert", 6),
        ("t5-small", "t5", 6), ("google-t5/t5-base", "t5", 12), ("t5-large", "t5", 24),
    ])
    func modelIDLookup(id: String, modelType: String, layers: Int) throws {
        let inventory = try #require(Catalog.inventory(modelID: id))
        #expect(inventory.modelType == modelType)
        #expect(inventory.numLayers == layers)
    }

    @Test func modelIDLookupDetailAndMisses() throws {
        #expect(Catalog.inventory(modelID: "meta-llama/Llama-2-7b-hf")?.detail == "catalog: llama, 32 layers (meta-llama/Llama-2-7b-hf)")
        #expect(Catalog.inventory(modelID: "unsloth/llama-2-7b-bnb-4bit")?.detail
                == "catalog: llama, 32 layers (unsloth/llama-2-7b-bnb-4bit taken as meta-llama/Llama-2-7b-hf)")
        #expect(Catalog.inventory(modelID: "mistralai/Mixtral-8x7B-v0.1")?.detail == "catalog: mixtral, 32 layers, 8 experts (mistralai/Mixtral-8x7B-v0.1)")
        #expect(Catalog.inventory(modelID: "meta-llama/Llama-2-8b-hf") == nil)
        #expect(Catalog.inventory(modelID: "my-org/private-model") == nil)
        #expect(Catalog.inventory(modelID: "") == nil)
    }
}
