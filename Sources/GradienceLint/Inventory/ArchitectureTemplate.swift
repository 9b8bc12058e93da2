/// One architecture in the catalog: how to spell its modules for a given size, and
/// where its `config.json` keeps that size.
public struct ArchitectureTemplate: Sendable {
    /// `config.json`'s `model_type`, e.g. `llama`, `gpt_neox`, `deberta-v2`.
    public let modelType: String
    /// The model class the names are for (the usual fine-tuning head).
    public let modelClass: String
    /// Fields that may hold the layer count, first present wins.
    public let layerCountFields: [String]
    /// Fields that hold the number of routed experts (MoE only).
    public let expertCountFields: [String]
    /// What `get_output_embeddings()` returns on the newest release; `all-linear` leaves it out.
    public let outputEmbedding: String?
    /// Where an older release's `get_output_embeddings()` differs (GPT-NeoX's `embed_out`
    /// before transformers 5).
    var version4OutputEmbedding: String?? = nil
    /// The attribute holding the bare model inside `modelClass` (`model`, `transformer`);
    /// checkpoints saved from the bare model lack it.
    public let baseModelPrefix: String?
    let build: @Sendable (ArchitectureShape) -> [ModuleTree]

    /// The base-relative modules for one size, in `named_modules()` order.
    public func modules(_ shape: ArchitectureShape) -> [ModuleInfo] {
        ModuleTree.flatten(build(shape))
    }

    /// `get_output_embeddings()` on that release.
    public func outputEmbedding(_ transformers: TransformersVersion) -> String? {
        if !transformers.isVersion5OrLater, let old = version4OutputEmbedding { return old }
        return outputEmbedding
    }
}

/// The size parameters a template needs.
public struct ArchitectureShape: Sendable, Equatable {
    public var numLayers: Int
    /// T5's decoder depth (`num_decoder_layers`); nil means the same as `numLayers`.
    public var numDecoderLayers: Int?
    /// Routed experts per MoE layer; nil means the architecture's usual count.
    public var numExperts: Int?
    /// T5 v1.1 / Flan-T5 (`feed_forward_proj: gated-gelu`) use `wi_0`/`wi_1`.
    public var gatedFeedForward: Bool
    /// DeBERTa-v2's `relative_attention` (with `position_biased_input` its opposite): true is
    /// the DeBERTa-v3 checkpoints' setting (`rel_embeddings`, no `position_embeddings`), false
    /// `DebertaV2Config()`'s defaults.
    public var relativeAttention: Bool
    /// LLaVA's CLIP vision tower depth (`vision_config.num_hidden_layers`); nil means 24 (ViT-L/14).
    public var numVisionLayers: Int?
    /// The release whose layout the names follow: transformers 5 fuses MoE experts, drops
    /// the SDPA attention subclasses, and lists tied embeddings under each owner.
    public var transformers: TransformersVersion

    public init(numLayers: Int, numDecoderLayers: Int? = nil, numExperts: Int? = nil, gatedFeedForward: Bool = false,
                numVisionLayers: Int? = nil, relativeAttention: Bool = true, transformers: TransformersVersion = .newest) {
        self.relativeAttention = relativeAttention
        self.numLayers = numLayers
        self.numDecoderLayers = numDecoderLayers
        self.numExperts = numExperts
        self.gatedFeedForward = gatedFeedForward
        self.numVisionLayers = numVisionLayers
        self.transformers = transformers
    }

    /// transformers 4.x (4.4x–4.57).
    var isVersion4: Bool { !transformers.isVersion5OrLater }
}
