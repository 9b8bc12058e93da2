/// Decoder-only models built on the Llama layout (`model.layers.N.self_attn.q_proj`),
/// as `*ForCausalLM` registers them in transformers 4.4x–4.5x: the rotary embedding at
/// model level, `act_fn` inside the MLP, MoE experts as a `ModuleList` of MLPs.
enum CatalogLlamaFamily {
    /// What differs between the members of the family.
    struct Variant {
        var prefix: String
        var modelClass: String? = nil
        var activation = "SiLU"
        /// Qwen3 and Gemma 3 normalise queries and keys per head.
        var queryKeyNorms = false
        /// Gemma 2 and 3 add norms around the feed-forward block.
        var feedForwardNorms = false
        var extraRotary: [String] = []
        var feedForward: FeedForward = .dense
    }

    enum FeedForward {
        case dense
        /// Mixtral: `block_sparse_moe.gate` + `experts.E.{w1,w2,w3}`.
        case mixtral(defaultExperts: Int)
        /// Qwen2-MoE: `mlp.gate`, `mlp.experts.E.*_proj`, `shared_expert`, `shared_expert_gate`.
        case qwen2MoE(defaultExperts: Int)
    }

    static let templates: [ArchitectureTemplate] = [
        template("llama", Variant(prefix: "Llama")),
        template("mistral", Variant(prefix: "Mistral")),
        template("mixtral", Variant(prefix: "Mixtral", feedForward: .mixtral(defaultExperts: 8)), experts: ["num_local_experts"]),
        template("qwen2", Variant(prefix: "Qwen2")),
        template("qwen2_moe", Variant(prefix: "Qwen2Moe", feedForward: .qwen2MoE(defaultExperts: 60)), experts: ["num_experts"]),
        template("qwen3", Variant(prefix: "Qwen3", queryKeyNorms: true)),
        template("gemma", Variant(prefix: "Gemma", activation: "PytorchGELUTanh")),
        template("gemma2", Variant(prefix: "Gemma2", activation: "PytorchGELUTanh", feedForwardNorms: true)),
        template("gemma3_text", Variant(prefix: "Gemma3", modelClass: "Gemma3TextModel", activation: "PytorchGELUTanh",
                                        queryKeyNorms: true, feedForwardNorms: true, extraRotary: ["rotary_emb_local"])),
    ]

    static func template(_ modelType: String, _ variant: Variant, experts: [String] = []) -> ArchitectureTemplate {
        ArchitectureTemplate(modelType: modelType, modelClass: "\(variant.prefix)ForCausalLM",
                             layerCountFields: ["num_hidden_layers"], expertCountFields: experts,
                             outputEmbedding: "lm_head", baseModelPrefix: "model") { shape in
            causalLM(variant, shape)
        }
    }

    static func causalLM(_ variant: Variant, _ shape: ArchitectureShape) -> [ModuleTree] {
        let prefix = variant.prefix
        let norm = "\(prefix)RMSNorm"
        func mlp(_ name: String, _ className: String) -> ModuleTree {
            ModuleTree(name, className, [.linear("gate_proj"), .linear("up_proj"), .linear("down_proj"),
                                         ModuleTree("act_fn", variant.activation)])
        }
        func feedForward() -> ModuleTree {
            switch variant.feedForward {
            case .dense:
                return mlp("mlp", "\(prefix)MLP")
            case .mixtral(let defaultExperts):
                return ModuleTree("block_sparse_moe", "MixtralSparseMoeBlock", [
                    .linear("gate"),
                    .list("experts", count: shape.numExperts ?? defaultExperts) { _ in
                        ModuleTree("", "MixtralBlockSparseTop2MLP",
                                   [.linear("w1"), .linear("w2"), .linear("w3"), ModuleTree("act_fn", variant.activation)])
                    },
                ])
            case .qwen2MoE(let defaultExperts):
                return ModuleTree("mlp", "Qwen2MoeSparseMoeBlock", [
                    .linear("gate"),
                    .list("experts", count: shape.numExperts ?? defaultExperts) { _ in mlp("", "Qwen2MoeMLP") },
                    mlp("shared_expert", "Qwen2MoeMLP"),
                    .linear("shared_expert_gate"),
                ])
            }
        }
        var attention: [ModuleTree] = [.linear("q_proj"), .linear("k_proj"), .linear("v_proj"), .linear("o_proj")]
        if variant.queryKeyNorms { attention += [ModuleTree("q_norm", norm), ModuleTree("k_norm", norm)] }
        var layerNorms = [ModuleTree("input_layernorm", norm), ModuleTree("post_attention_layernorm", norm)]
        if variant.feedForwardNorms {
            layerNorms += [ModuleTree("pre_feedforward_layernorm", norm), ModuleTree("post_feedforward_layernorm", norm)]
        }
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "\(prefix)DecoderLayer",
                       [ModuleTree("self_attn", "\(prefix)Attention", attention), feedForward()] + layerNorms)
        }
        let rotary = (["rotary_emb"] + variant.extraRotary).map { ModuleTree($0, "\(prefix)RotaryEmbedding") }
        let model = ModuleTree("model", variant.modelClass ?? "\(prefix)Model",
                               [.embedding("embed_tokens"), layers, ModuleTree("norm", norm)] + rotary)
        return [model, .linear("lm_head")]
    }
}
