import GradienceSyntax
/// The fields of a base model's `config.json` that decide its module names.
public struct ModelConfig: Sendable, Equatable {
    public var modelType: String?
    /// The first of `num_hidden_layers`, `n_layer`, `num_layers`, `n_layers`, then
    /// `num_decoder_layers`; for multimodal models, `text_config`'s when the top level has none.
    public var numLayers: Int?
    /// T5's `num_decoder_layers`.
    public var numDecoderLayers: Int?
    /// `num_local_experts` (Mixtral) or `num_experts` (Qwen2-MoE).
    public var numExperts: Int?
    public var tieWordEmbeddings: Bool?
    /// T5's `feed_forward_proj`; `gated-*` means `wi_0`/`wi_1`.
    public var feedForwardProj: String?
    /// `text_config.model_type` for multimodal models.
    public var textModelType: String?
    /// `vision_config.num_hidden_layers` (LLaVA's vision tower).
    public var numVisionLayers: Int?
    /// DeBERTa-v2's `relative_attention`; absent, the DeBERTa-v3 setting (true) is assumed.
    public var relativeAttention: Bool?
    /// `architectures` (`BloomForCausalLM`, or `BloomModel` for a headless checkpoint).
    public var architectures: [String] = []
    /// Every integer field by dotted path, top level and one `*_config` level down
    /// (`vision_config.depth`): the catalog reads the counts its placeholders name.
    public var configCounts: [String: Int] = [:]

    static let layerFields = ["num_hidden_layers", "n_layer", "num_layers", "n_layers", "num_decoder_layers"]

    public init(modelType: String? = nil, numLayers: Int? = nil, numDecoderLayers: Int? = nil, numExperts: Int? = nil,
                tieWordEmbeddings: Bool? = nil, feedForwardProj: String? = nil, textModelType: String? = nil) {
        self.modelType = modelType
        self.numLayers = numLayers
        self.numDecoderLayers = numDecoderLayers
        self.numExperts = numExperts
        self.tieWordEmbeddings = tieWordEmbeddings
        self.feedForwardProj = feedForwardProj
        self.textModelType = textModelType
    }

    /// `transformers_version`: the release that saved the config, whose layout the names follow.
    public var transformersVersion: TransformersVersion?

    public static func read(atPath path: String) throws -> ModelConfig {
        try ModelConfig(json: JSONFile.object(atPath: path))
    }

    init(json root: Node) {
        let text = root.value(forKey: "text_config")
        func int(_ keys: [String]) -> Int? {
            for node in [root, text].compactMap({ $0 }) {
                for key in keys { if let value = node.value(forKey: key)?.jsonInt { return value } }
            }
            return nil
        }
        modelType = root.value(forKey: "model_type")?.jsonString
        numLayers = int(Self.layerFields)
        numDecoderLayers = int(["num_decoder_layers"])
        numExperts = int(["num_local_experts", "num_experts"])
        tieWordEmbeddings = root.value(forKey: "tie_word_embeddings")?.jsonBool
        feedForwardProj = root.value(forKey: "feed_forward_proj")?.jsonString
        textModelType = text?.value(forKey: "model_type")?.jsonString
        numVisionLayers = root.value(forKey: "vision_config")?.value(forKey: "num_hidden_layers")?.jsonInt
        relativeAttention = root.value(forKey: "relative_attention")?.jsonBool
        transformersVersion = root.value(forKey: "transformers_version")?.jsonString.flatMap(TransformersVersion.init)
        architectures = root.value(forKey: "architectures")?.items?.compactMap(\.jsonString) ?? []
        for entry in root.entries ?? [] {
            guard let key = entry.keyText else { continue }
            if let value = entry.value.jsonInt {
                configCounts[key] = value
            } else if key.hasSuffix("_config"), let nested = entry.value.entries {
                for inner in nested {
                    if let innerKey = inner.keyText, let value = inner.value.jsonInt { configCounts[key + "." + innerKey] = value }
                }
            }
        }
    }

    /// The catalog shape for this config, when it names a layer count.
    var shape: ArchitectureShape? {
        numLayers.map {
            var shape = ArchitectureShape(numLayers: $0, numDecoderLayers: numDecoderLayers, numExperts: numExperts,
                                          gatedFeedForward: feedForwardProj?.hasPrefix("gated-") ?? false, numVisionLayers: numVisionLayers,
                                          relativeAttention: relativeAttention ?? true, transformers: transformersVersion ?? .newest)
            shape.configCounts = configCounts
            return shape
        }
    }
}
