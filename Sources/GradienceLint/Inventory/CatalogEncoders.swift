/// Encoders with a sequence-classification head (what LoRA fine-tuning of BERT-style
/// models usually uses: PEFT's `SEQ_CLS` saves `classifier`), and T5 with its LM head.
enum CatalogEncoders {
    static let templates: [ArchitectureTemplate] = [bert, roberta, distilbert, debertaV2, t5]

    /// BERT's encoder, shared by RoBERTa (`Roberta*` classes); transformers 4 builds the
    /// SDPA subclass of the self-attention (`BertSdpaSelfAttention`).
    static func bertEncoder(prefix: String, shape: ArchitectureShape) -> ModuleTree {
        let numLayers = shape.numLayers
        let selfAttention = shape.isVersion4 ? "\(prefix)SdpaSelfAttention" : "\(prefix)SelfAttention"
        return ModuleTree("encoder", "\(prefix)Encoder", [
            .list("layer", count: numLayers) { _ in
                ModuleTree("", "\(prefix)Layer", [
                    ModuleTree("attention", "\(prefix)Attention", [
                        ModuleTree("self", selfAttention, [.linear("query"), .linear("key"), .linear("value"), .dropout("dropout")]),
                        ModuleTree("output", "\(prefix)SelfOutput", [.linear("dense"), .layerNorm("LayerNorm"), .dropout("dropout")]),
                    ]),
                    ModuleTree("intermediate", "\(prefix)Intermediate", [.linear("dense"), ModuleTree("intermediate_act_fn", "GELUActivation")]),
                    ModuleTree("output", "\(prefix)Output", [.linear("dense"), .layerNorm("LayerNorm"), .dropout("dropout")]),
                ])
            },
        ])
    }

    /// RoBERTa on transformers 5 registers `position_embeddings` last.
    static func bertEmbeddings(prefix: String, positionsLast: Bool = false) -> ModuleTree {
        let positions: [ModuleTree] = [.embedding("position_embeddings")]
        return ModuleTree("embeddings", "\(prefix)Embeddings", [.embedding("word_embeddings")] + (positionsLast ? [] : positions)
            + [.embedding("token_type_embeddings"), .layerNorm("LayerNorm"), .dropout("dropout")] + (positionsLast ? positions : []))
    }

    static let bert = ArchitectureTemplate(
        modelType: "bert", modelClass: "BertForSequenceClassification", layerCountFields: ["num_hidden_layers"],
        expertCountFields: [], outputEmbedding: nil, baseModelPrefix: "bert"
    ) { shape in
        [ModuleTree("bert", "BertModel", [
            bertEmbeddings(prefix: "Bert"),
            bertEncoder(prefix: "Bert", shape: shape),
            ModuleTree("pooler", "BertPooler", [.linear("dense"), ModuleTree("activation", "Tanh")]),
        ]),
         .dropout("dropout"),
         .linear("classifier")]
    }

    /// RoBERTa's classification model has no pooler; its head is a small module
    /// (`classifier.dense`, `classifier.out_proj`).
    static let roberta = ArchitectureTemplate(
        modelType: "roberta", modelClass: "RobertaForSequenceClassification", layerCountFields: ["num_hidden_layers"],
        expertCountFields: [], outputEmbedding: nil, baseModelPrefix: "roberta"
    ) { shape in
        [ModuleTree("roberta", "RobertaModel", [
            bertEmbeddings(prefix: "Roberta", positionsLast: !shape.isVersion4),
            bertEncoder(prefix: "Roberta", shape: shape),
        ]),
         ModuleTree("classifier", "RobertaClassificationHead", [.linear("dense"), .dropout("dropout"), .linear("out_proj")])]
    }

    static let distilbert = ArchitectureTemplate(
        modelType: "distilbert", modelClass: "DistilBertForSequenceClassification", layerCountFields: ["n_layers", "num_hidden_layers"],
        expertCountFields: [], outputEmbedding: nil, baseModelPrefix: "distilbert"
    ) { shape in
        [ModuleTree("distilbert", "DistilBertModel", [
            ModuleTree("embeddings", "Embeddings", [.embedding("word_embeddings"), .embedding("position_embeddings"),
                                                    .layerNorm("LayerNorm"), .dropout("dropout")]),
            ModuleTree("transformer", "Transformer", [
                .list("layer", count: shape.numLayers) { _ in
                    ModuleTree("", "TransformerBlock", [
                        shape.isVersion4
                            ? ModuleTree("attention", "DistilBertSdpaAttention", [.dropout("dropout"), .linear("q_lin"), .linear("k_lin"),
                                                                                  .linear("v_lin"), .linear("out_lin")])
                            : ModuleTree("attention", "DistilBertSelfAttention", [.linear("q_lin"), .linear("k_lin"), .linear("v_lin"),
                                                                                  .linear("out_lin"), .dropout("dropout")]),
                        .layerNorm("sa_layer_norm"),
                        ModuleTree("ffn", "FFN", [.dropout("dropout"), .linear("lin1"), .linear("lin2"), ModuleTree("activation", "GELUActivation")]),
                        .layerNorm("output_layer_norm"),
                    ])
                },
            ]),
        ]),
         .linear("pre_classifier"),
         .linear("classifier"),
         .dropout("dropout")]
    }

    /// By default DeBERTa-v3 settings (`relative_attention: true`, `position_biased_input: false`,
    /// `type_vocab_size: 0`, `share_att_key: true`, `norm_rel_ebd: layer_norm`), the usual
    /// DeBERTa-v2 checkpoints; `relativeAttention: false` is `DebertaV2Config()`'s defaults
    /// (`position_embeddings`, no `rel_embeddings`, `pos_dropout` or encoder `LayerNorm`).
    static let debertaV2 = ArchitectureTemplate(
        modelType: "deberta-v2", modelClass: "DebertaV2ForSequenceClassification", layerCountFields: ["num_hidden_layers"],
        expertCountFields: [], outputEmbedding: nil, baseModelPrefix: "deberta"
    ) { shape in
        let relative = shape.relativeAttention
        return [ModuleTree("deberta", "DebertaV2Model", [
            ModuleTree("embeddings", "DebertaV2Embeddings", [.embedding("word_embeddings")]
                       + (relative ? [] : [.embedding("position_embeddings")]) + [.layerNorm("LayerNorm"), .dropout("dropout")]),
            ModuleTree("encoder", "DebertaV2Encoder", [
                .list("layer", count: shape.numLayers) { _ in
                    ModuleTree("", "DebertaV2Layer", [
                        ModuleTree("attention", "DebertaV2Attention", [
                            ModuleTree("self", "DisentangledSelfAttention", [.linear("query_proj"), .linear("key_proj"), .linear("value_proj")]
                                       + (relative ? [.dropout("pos_dropout")] : []) + [.dropout("dropout")]),
                            ModuleTree("output", "DebertaV2SelfOutput", [.linear("dense"), .layerNorm("LayerNorm"), .dropout("dropout")]),
                        ]),
                        ModuleTree("intermediate", "DebertaV2Intermediate", [.linear("dense"), ModuleTree("intermediate_act_fn", "GELUActivation")]),
                        ModuleTree("output", "DebertaV2Output", [.linear("dense"), .layerNorm("LayerNorm"), .dropout("dropout")]),
                    ])
                },
            ] + (relative ? [.embedding("rel_embeddings"), .layerNorm("LayerNorm")] : [])),
        ]),
         ModuleTree("pooler", "ContextPooler", [.linear("dense"), .dropout("dropout")]),
         .linear("classifier"),
         .dropout("dropout")]
    }

    /// T5ForConditionalGeneration. On transformers 4 `encoder.embed_tokens` and
    /// `decoder.embed_tokens` are the `shared` module itself, so `named_modules()` lists it
    /// once, as `shared`; transformers 5 gives each stack its own (tied) `embed_tokens`.
    static let t5 = ArchitectureTemplate(
        modelType: "t5", modelClass: "T5ForConditionalGeneration", layerCountFields: ["num_layers"], expertCountFields: [],
        outputEmbedding: "lm_head", baseModelPrefix: nil
    ) { shape in
        func attention(_ name: String, relativeBias: Bool) -> ModuleTree {
            ModuleTree(name, "T5Attention", [.linear("q"), .linear("k"), .linear("v"), .linear("o")]
                       + (relativeBias ? [.embedding("relative_attention_bias")] : []))
        }
        func feedForward() -> ModuleTree {
            let dense = shape.gatedFeedForward
                ? ModuleTree("DenseReluDense", "T5DenseGatedActDense", [.linear("wi_0"), .linear("wi_1"), .linear("wo"), .dropout("dropout"),
                                                                        ModuleTree("act", "NewGELUActivation")])
                : ModuleTree("DenseReluDense", "T5DenseActDense", [.linear("wi"), .linear("wo"), .dropout("dropout"), ModuleTree("act", "ReLU")])
            return ModuleTree("", "T5LayerFF", [dense, ModuleTree("layer_norm", "T5LayerNorm"), .dropout("dropout")])
        }
        func stack(_ name: String, layers: Int, decoder: Bool) -> ModuleTree {
            ModuleTree(name, "T5Stack", (shape.isVersion4 ? [] : [.embedding("embed_tokens")]) + [
                .list("block", count: layers) { index in
                    var sublayers = [ModuleTree("", "T5LayerSelfAttention", [attention("SelfAttention", relativeBias: index == 0),
                                                                             ModuleTree("layer_norm", "T5LayerNorm"), .dropout("dropout")])]
                    if decoder {
                        sublayers.append(ModuleTree("", "T5LayerCrossAttention", [attention("EncDecAttention", relativeBias: false),
                                                                                  ModuleTree("layer_norm", "T5LayerNorm"), .dropout("dropout")]))
                    }
                    sublayers.append(feedForward())
                    return ModuleTree("", "T5Block", [.list("layer", count: sublayers.count) { sublayers[$0] }])
                },
                ModuleTree("final_layer_norm", "T5LayerNorm"),
                .dropout("dropout"),
            ])
        }
        return [.embedding("shared"),
                stack("encoder", layers: shape.numLayers, decoder: false),
                stack("decoder", layers: shape.numDecoderLayers ?? shape.numLayers, decoder: true),
                .linear("lm_head")]
    }
}
