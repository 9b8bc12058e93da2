/// Vision-language models: LLaVA (`LlavaForConditionalGeneration`), a CLIP vision tower,
/// a two-layer projector and a Llama text model, all under `model`, with `lm_head` beside it.
/// transformers 5 drops the tower's `vision_model` level (`model.vision_tower.encoder…`).
enum CatalogMultimodal {
    static let templates: [ArchitectureTemplate] = [llava]

    /// `num_hidden_layers` is the text model's (`text_config`); the tower's depth is
    /// `vision_config.num_hidden_layers`, 24 for llava-1.5's CLIP ViT-L/14-336.
    static let llava = ArchitectureTemplate(
        modelType: "llava", modelClass: "LlavaForConditionalGeneration", layerCountFields: ["num_hidden_layers"],
        expertCountFields: [], outputEmbedding: "lm_head", baseModelPrefix: "model"
    ) { shape in
        let encoderLayers = ModuleTree.list("layers", count: shape.numVisionLayers ?? 24) { _ in
            ModuleTree("", "CLIPEncoderLayer", [
                ModuleTree("self_attn", "CLIPAttention", [.linear("k_proj"), .linear("v_proj"), .linear("q_proj"), .linear("out_proj")]),
                .layerNorm("layer_norm1"),
                ModuleTree("mlp", "CLIPMLP", [ModuleTree("activation_fn", "QuickGELUActivation"), .linear("fc1"), .linear("fc2")]),
                .layerNorm("layer_norm2"),
            ])
        }
        let tower: [ModuleTree] = [
            ModuleTree("embeddings", "CLIPVisionEmbeddings", [ModuleTree("patch_embedding", "Conv2d"), .embedding("position_embedding")]),
            .layerNorm("pre_layrnorm"),
            ModuleTree("encoder", "CLIPEncoder", [encoderLayers]),
            .layerNorm("post_layernorm"),
        ]
        let visionTower = shape.isVersion4
            ? ModuleTree("vision_tower", "CLIPVisionModel", [ModuleTree("vision_model", "CLIPVisionTransformer", tower)])
            : ModuleTree("vision_tower", "CLIPVisionModel", tower)
        let projector = ModuleTree("multi_modal_projector", "LlavaMultiModalProjector",
                                   [.linear("linear_1"), ModuleTree("act", "GELUActivation"), .linear("linear_2")])
        var text = CatalogLlamaFamily.causalLM(CatalogLlamaFamily.Variant(prefix: "Llama"), shape)[0]
        text.name = "language_model"
        return [ModuleTree("model", "LlavaModel", [visionTower, projector, text]), .linear("lm_head")]
    }
}
