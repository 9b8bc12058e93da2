/// Decoder-only models built on the Llama layout (`model.layers.N.self_attn.q_proj`),
/// as `*ForCausalLM` registers them: the rotary embedding at model level, `act_fn` inside
/// the MLP. MoE experts are a `ModuleList` of MLPs on transformers 4 and one fused
/// `<Model>Experts` module (3-D `gate_up_proj`/`down_proj`, its `act_fn`) with a
/// `<Model>TopKRouter` gate on transformers 5.
enum CatalogLlamaFamily {
    /// What differs between the members of the family.
    struct Variant {
        var prefix: String
        var modelClass: String? = nil
        var activation = "SiLUActivation"
        /// Qwen3 and Gemma 3 normalise queries and keys per head.
        var queryKeyNorms = false
        /// Gemma 2 and 3 add norms around the feed-forward block.
        var feedForwardNorms = false
        /// Gemma 3 on transformers 4 has a second rotary embedding for its sliding-window layers.
        var version4ExtraRotary: [String] = []
        /// Gemma's embedding scales by √hidden: `<Prefix>TextScaledWordEmbedding`, on
        /// transformers 5 (Gemma, Gemma 2) or on both (Gemma 3).
        var scaledEmbedding: ScaledEmbedding = .none
        var feedForward: FeedForward = .dense
    }

    enum FeedForward {
        case dense
        /// Mixtral: `block_sparse_moe.gate` + `experts.E.{w1,w2,w3}`.
        case mixtral(defaultExperts: Int)
        /// Qwen2-MoE: `mlp.gate`, `mlp.experts.E.*_proj`, `shared_expert`, `shared_expert_gate`;
        /// transformers 4 builds `Qwen2MoeSdpaAttention` with its own `rotary_emb`.
        case qwen2MoE(defaultExperts: Int)
        /// Qwen3-MoE: `mlp.gate` + `mlp.experts.E.*_proj` (transformers 5: experts, then gate).
        case qwen3MoE(defaultExperts: Int)
    }

    enum ScaledEmbedding {
        case none, version5, always
    }

    static let templates: [ArchitectureTemplate] = [
        template("llama", Variant(prefix: "Llama")),
        template("mistral", Variant(prefix: "Mistral")),
        template("mixtral", Variant(prefix: "Mixtral", feedForward: .mixtral(defaultExperts: 8)), experts: ["num_local_experts"]),
        template("qwen2", Variant(prefix: "Qwen2")),
        template("qwen2_moe", Variant(prefix: "Qwen2Moe", feedForward: .qwen2MoE(defaultExperts: 60)), experts: ["num_experts"]),
        template("qwen3", Variant(prefix: "Qwen3", queryKeyNorms: true)),
        template("qwen3_moe", Variant(prefix: "Qwen3Moe", queryKeyNorms: true, feedForward: .qwen3MoE(defaultExperts: 128)),
                 experts: ["num_experts"]),
        template("gemma", Variant(prefix: "Gemma", activation: "GELUTanh", scaledEmbedding: .version5)),
        template("gemma2", Variant(prefix: "Gemma2", activation: "GELUTanh", feedForwardNorms: true, scaledEmbedding: .version5)),
        template("gemma3_text", Variant(prefix: "Gemma3", modelClass: "Gemma3TextModel", activation: "GELUTanh",
                                        queryKeyNorms: true, feedForwardNorms: true, version4ExtraRotary: ["rotary_emb_local"],
                                        scaledEmbedding: .always)),
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
        let v4 = shape.isVersion4
        /// transformers 5's fused experts: one module, its activation inside.
        func fused() -> [ModuleTree] {
            [ModuleTree("gate", "\(prefix)TopKRouter"), ModuleTree("experts", "\(prefix)Experts", [ModuleTree("act_fn", variant.activation)])]
        }
        func feedForward() -> ModuleTree {
            switch variant.feedForward {
            case .dense:
                return mlp("mlp", "\(prefix)MLP")
            case .mixtral(let defaultExperts):
                guard v4 else { return ModuleTree("mlp", "MixtralSparseMoeBlock", fused()) }
                return ModuleTree("block_sparse_moe", "MixtralSparseMoeBlock", [
                    .linear("gate"),
                    .list("experts", count: shape.numExperts ?? defaultExperts) { _ in
                        ModuleTree("", "MixtralBlockSparseTop2MLP",
                                   [.linear("w1"), .linear("w2"), .linear("w3"), ModuleTree("act_fn", variant.activation)])
                    },
                ])
            case .qwen2MoE(let defaultExperts):
                let experts: [ModuleTree] = v4 ? [.linear("gate"), .list("experts", count: shape.numExperts ?? defaultExperts) { _ in mlp("", "Qwen2MoeMLP") }]
                    : fused()
                return ModuleTree("mlp", "Qwen2MoeSparseMoeBlock", experts + [
                    mlp("shared_expert", "Qwen2MoeMLP"),
                    .linear("shared_expert_gate"),
                ])
            case .qwen3MoE(let defaultExperts):
                let experts: [ModuleTree] = v4
                    ? [.linear("gate"), .list("experts", count: shape.numExperts ?? defaultExperts) { _ in mlp("", "Qwen3MoeMLP") }]
                    : fused().reversed()
                return ModuleTree("mlp", "Qwen3MoeSparseMoeBlock", experts)
            }
        }
        var attention: [ModuleTree] = [.linear("q_proj"), .linear("k_proj"), .linear("v_proj"), .linear("o_proj")]
        if variant.queryKeyNorms { attention += [ModuleTree("q_norm", norm), ModuleTree("k_norm", norm)] }
        var attentionClass = "\(prefix)Attention"
        if case .qwen2MoE = variant.feedForward, v4 {
            attentionClass = "Qwen2MoeSdpaAttention"
            attention.append(ModuleTree("rotary_emb", "\(prefix)RotaryEmbedding"))
        }
        var layerNorms = [ModuleTree("input_layernorm", norm), ModuleTree("post_attention_layernorm", norm)]
        if variant.feedForwardNorms {
            layerNorms += [ModuleTree("pre_feedforward_layernorm", norm), ModuleTree("post_feedforward_layernorm", norm)]
        }
        let layers = ModuleTree.list("layers", count: shape.numLayers) { _ in
            ModuleTree("", "\(prefix)DecoderLayer",
                       [ModuleTree("self_attn", attentionClass, attention), feedForward()] + layerNorms)
        }
        let rotary = (["rotary_emb"] + (v4 ? variant.version4ExtraRotary : [])).map { ModuleTree($0, "\(prefix)RotaryEmbedding") }
        let scaled = variant.scaledEmbedding == .always || (variant.scaledEmbedding == .version5 && !v4)
        let embedding = scaled ? ModuleTree("embed_tokens", "\(prefix)TextScaledWordEmbedding") : .embedding("embed_tokens")
        let model = ModuleTree("model", variant.modelClass ?? "\(prefix)Model",
                               [embedding, layers, ModuleTree("norm", norm)] + rotary)
        return [model, .linear("lm_head")]
    }
}
