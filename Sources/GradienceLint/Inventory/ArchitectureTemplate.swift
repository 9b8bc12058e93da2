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
    /// What `get_output_embeddings()` returns; `all-linear` leaves it out.
    public let outputEmbedding: String?
    /// The attribute holding the bare model inside `modelClass` (`model`, `transformer`);
    /// checkpoints saved from the bare model lack it.
    public let baseModelPrefix: String?
    let build: @Sendable (ArchitectureShape) -> [ModuleTree]

    /// The base-relative modules for one size, in `named_modules()` order.
    public func modules(_ shape: ArchitectureShape) -> [ModuleInfo] {
        ModuleTree.flatten(build(shape))
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

    public init(numLayers: Int, numDecoderLayers: Int? = nil, numExperts: Int? = nil, gatedFeedForward: Bool = false) {
        self.numLayers = numLayers
        self.numDecoderLayers = numDecoderLayers
        self.numExperts = numExperts
        self.gatedFeedForward = gatedFeedForward
    }
}
