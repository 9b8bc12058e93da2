/// Decoder-only models with their own layouts: Phi, Phi-3, GPT-2 (Conv1D), GPTBigCode,
/// GPT-NeoX (Pythia), Falcon, BLOOM, OPT. Registration order follows each modeling
/// file's `__init__` (the same on transformers 4.57 and 5.x unless a template says so).
enum CatalogOtherDecoders {
    static let templates: [ArchitectureTemplate] = [phi, phi3, gpt2, gptBigCode, gptNeoX, falcon, bloom, opt]

    static let phi = ArchitectureTemplate(
        modelType: "phi", modelClass: "PhiForCausalLM", layerCountFields: ["num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: "model"
    ) { shape in
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "PhiDecoderLayer", [
                ModuleTree("self_attn", "PhiAttention", [.linear("q_proj"), .linear("k_proj"), .linear("v_proj"), .linear("dense")]),
                ModuleTree("mlp", "PhiMLP", [ModuleTree("activation_fn", "NewGELUActivation"), .linear("fc1"), .linear("fc2")]),
                .layerNorm("input_layernorm"),
                .dropout("resid_dropout"),
            ])
        }
        return [ModuleTree("model", "PhiModel", [.embedding("embed_tokens"), layers, ModuleTree("rotary_emb", "PhiRotaryEmbedding"),
                                                 .dropout("embed_dropout"), .layerNorm("final_layernorm")]),
                .linear("lm_head")]
    }

    static let phi3 = ArchitectureTemplate(
        modelType: "phi3", modelClass: "Phi3ForCausalLM", layerCountFields: ["num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: "model"
    ) { shape in
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "Phi3DecoderLayer", [
                ModuleTree("self_attn", "Phi3Attention", [.linear("o_proj"), .linear("qkv_proj")]),
                ModuleTree("mlp", "Phi3MLP", [.linear("gate_up_proj"), .linear("down_proj"), ModuleTree("activation_fn", "SiLUActivation")]),
                ModuleTree("input_layernorm", "Phi3RMSNorm"),
                ModuleTree("post_attention_layernorm", "Phi3RMSNorm"),
                .dropout("resid_attn_dropout"),
                .dropout("resid_mlp_dropout"),
            ])
        }
        return [ModuleTree("model", "Phi3Model", [.embedding("embed_tokens"), layers, ModuleTree("norm", "Phi3RMSNorm"),
                                                  ModuleTree("rotary_emb", "Phi3RotaryEmbedding")]),
                .linear("lm_head")]
    }

    /// GPT-2 and GPTBigCode share the block shape; GPT-2 uses `Conv1D` (weights stored
    /// transposed, hence PEFT's `fan_in_fan_out`), GPTBigCode uses `Linear`.
    /// GPTBigCode has no `attn.attn_dropout` module (a float) and uses the tanh GELU.
    static func gptBlocks(prefix: String, numLayers: Int, activation: String, attentionDropout: Bool,
                          leaf: (String) -> ModuleTree) -> ModuleTree {
        ModuleTree("transformer", "\(prefix)Model", [
            .embedding("wte"), .embedding("wpe"), .dropout("drop"),
            .list("h", count: numLayers) { _ in
                ModuleTree("", "\(prefix)Block", [
                    .layerNorm("ln_1"),
                    ModuleTree("attn", "\(prefix)Attention", [leaf("c_attn"), leaf("c_proj")]
                               + (attentionDropout ? [.dropout("attn_dropout")] : []) + [.dropout("resid_dropout")]),
                    .layerNorm("ln_2"),
                    ModuleTree("mlp", "\(prefix)MLP", [leaf("c_fc"), leaf("c_proj"), ModuleTree("act", activation), .dropout("dropout")]),
                ])
            },
            .layerNorm("ln_f"),
        ])
    }

    static let gpt2 = ArchitectureTemplate(
        modelType: "gpt2", modelClass: "GPT2LMHeadModel", layerCountFields: ["n_layer", "num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: "transformer"
    ) { shape in
        [gptBlocks(prefix: "GPT2", numLayers: shape.numLayers, activation: "NewGELUActivation", attentionDropout: true, leaf: ModuleTree.conv1D),
         .linear("lm_head")]
    }

    static let gptBigCode = ArchitectureTemplate(
        modelType: "gpt_bigcode", modelClass: "GPTBigCodeForCausalLM", layerCountFields: ["n_layer", "num_hidden_layers"],
        expertCountFields: [], outputEmbedding: "lm_head", baseModelPrefix: "transformer"
    ) { shape in
        [gptBlocks(prefix: "GPTBigCode", numLayers: shape.numLayers, activation: "GELUTanh", attentionDropout: false, leaf: ModuleTree.linear),
         .linear("lm_head")]
    }

    /// The LM head is `embed_out` on transformers 4 and `lm_head` on 5.
    static let gptNeoX = ArchitectureTemplate(
        modelType: "gpt_neox", modelClass: "GPTNeoXForCausalLM", layerCountFields: ["num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", version4OutputEmbedding: "embed_out", baseModelPrefix: "gpt_neox"
    ) { shape in
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "GPTNeoXLayer", [
                .layerNorm("input_layernorm"), .layerNorm("post_attention_layernorm"),
                .dropout("post_attention_dropout"), .dropout("post_mlp_dropout"),
                ModuleTree("attention", "GPTNeoXAttention", [.linear("query_key_value"), .linear("dense")]),
                ModuleTree("mlp", "GPTNeoXMLP", [.linear("dense_h_to_4h"), .linear("dense_4h_to_h"), ModuleTree("act", "GELUActivation")]),
            ])
        }
        return [ModuleTree("gpt_neox", "GPTNeoXModel", [.embedding("embed_in"), .dropout("emb_dropout"), layers,
                                                       .layerNorm("final_layer_norm"), ModuleTree("rotary_emb", "GPTNeoXRotaryEmbedding")]),
                .linear(shape.isVersion4 ? "embed_out" : "lm_head")]
    }

    /// Falcon-7B's layout (`parallel_attn`, one `input_layernorm`); Falcon-40B/180B
    /// (`new_decoder_architecture`) use `ln_attn`/`ln_mlp` instead. The Linear names
    /// that LoRA targets are the same in both.
    static let falcon = ArchitectureTemplate(
        modelType: "falcon", modelClass: "FalconForCausalLM", layerCountFields: ["num_hidden_layers", "n_layer"],
        expertCountFields: [], outputEmbedding: "lm_head", baseModelPrefix: "transformer"
    ) { shape in
        func falconLinear(_ name: String) -> ModuleTree { ModuleTree(name, "FalconLinear") }
        let layers = ModuleTree.list("h", count: shape.numLayers) { _ in
            ModuleTree("", "FalconDecoderLayer", [
                ModuleTree("self_attention", "FalconAttention", [falconLinear("query_key_value"), falconLinear("dense"), .dropout("attention_dropout")]),
                ModuleTree("mlp", "FalconMLP", [falconLinear("dense_h_to_4h"), ModuleTree("act", "GELUActivation"), falconLinear("dense_4h_to_h")]),
                .layerNorm("input_layernorm"),
            ])
        }
        return [ModuleTree("transformer", "FalconModel", [.embedding("word_embeddings"), layers, .layerNorm("ln_f"),
                                                         ModuleTree("rotary_emb", "FalconRotaryEmbedding")]),
                .linear("lm_head")]
    }

    static let bloom = ArchitectureTemplate(
        modelType: "bloom", modelClass: "BloomForCausalLM", layerCountFields: ["n_layer", "num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: "transformer"
    ) { shape in
        let layers = ModuleTree.list("h", count: shape.numLayers) { _ in
            ModuleTree("", "BloomBlock", [
                .layerNorm("input_layernorm"),
                ModuleTree("self_attention", "BloomAttention", [.linear("query_key_value"), .linear("dense"), .dropout("attention_dropout")]),
                .layerNorm("post_attention_layernorm"),
                ModuleTree("mlp", "BloomMLP", [.linear("dense_h_to_4h"), ModuleTree("gelu_impl", "BloomGelu"), .linear("dense_4h_to_h")]),
            ])
        }
        return [ModuleTree("transformer", "BloomModel", [.embedding("word_embeddings"), .layerNorm("word_embeddings_layernorm"),
                                                        layers, .layerNorm("ln_f")]),
                .linear("lm_head")]
    }

    /// OPT as in opt-125m/1.3b/… (`word_embed_proj_dim == hidden_size`); opt-350m adds
    /// `project_in`/`project_out` and drops the final norm.
    static let opt = ArchitectureTemplate(
        modelType: "opt", modelClass: "OPTForCausalLM", layerCountFields: ["num_hidden_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: "model"
    ) { shape in
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "OPTDecoderLayer", [
                ModuleTree("self_attn", "OPTAttention", [.linear("k_proj"), .linear("v_proj"), .linear("q_proj"), .linear("out_proj")]),
                ModuleTree("activation_fn", "ReLU"),
                .layerNorm("self_attn_layer_norm"),
                .linear("fc1"), .linear("fc2"),
                .layerNorm("final_layer_norm"),
            ])
        }
        let decoder = ModuleTree("decoder", "OPTDecoder", [
            .embedding("embed_tokens"), ModuleTree("embed_positions", "OPTLearnedPositionalEmbedding"), .layerNorm("final_layer_norm"), layers,
        ])
        return [ModuleTree("model", "OPTModel", [decoder]), .linear("lm_head")]
    }
}
