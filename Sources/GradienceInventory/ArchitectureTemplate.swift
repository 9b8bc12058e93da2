/// One architecture in the catalog: how to spell its modules for a given size, and
/// where its `config.json` keeps that size. The names come from transformers itself
/// (`scripts/catalog/generate.py`), one recording per transformers major; a release picks
/// its major's (or the other's when transformers of that major does not have the type).
public struct ArchitectureTemplate: Sendable {
    /// `config.json`'s `model_type`, e.g. `llama`, `gpt_neox`, `deberta-v2`.
    public let modelType: String
    /// Recordings by transformers major (4, 5), each with its variants (`gated`, `relative`).
    let entries: [Int: [String: CatalogEntry]]

    /// The recording for a release and variant (nil: the default config's layout).
    func entry(_ transformers: TransformersVersion, variant: String? = nil) -> CatalogEntry {
        // The other major's recording when this major's transformers lacks the type.
        let recordings = entries[transformers.major] ?? entries[transformers.major >= 5 ? 4 : 5] ?? entries.values.first!
        if let variant, let chosen = recordings[variant] { return chosen }
        return recordings[""]!
    }

    private var newest: CatalogEntry { entry(.newest) }

    /// The model class the names are for (the usual fine-tuning head) on the newest release.
    public var modelClass: String { newest.modelClass }
    /// Fields that may hold the layer count, first present wins.
    public var layerCountFields: [String] { newest.variables.filter { $0.role == "layers" }.map(\.field) }
    /// Fields that hold the number of routed experts (MoE only).
    public var expertCountFields: [String] { newest.variables.filter { $0.role == "experts" }.map(\.field) }
    /// What `get_output_embeddings()` returns on the newest release; `all-linear` leaves it out.
    public var outputEmbedding: String? { newest.outputEmbedding }
    /// The attribute holding the bare model inside `modelClass` (`model`, `transformer`);
    /// checkpoints saved from the bare model lack it.
    public var baseModelPrefix: String? { newest.basePrefix }
    /// The vision and audio towers' module prefixes on the newest release.
    public var towers: [InventoryTower] { newest.towers }
    /// `MODEL_MAPPING`'s class for the type (`BloomModel`): a config naming it is headless.
    public var bareModelClass: String? { newest.bareClass }

    /// `get_output_embeddings()` on that release (GPT-NeoX's `embed_out` before transformers 5).
    public func outputEmbedding(_ transformers: TransformersVersion) -> String? {
        entry(transformers).outputEmbedding
    }

    /// The base-relative modules for one size, in `named_modules()` order.
    public func modules(_ shape: ArchitectureShape) -> [ModuleInfo] {
        expand(shape).modules
    }

    func expand(_ shape: ArchitectureShape) -> (entry: CatalogEntry, modules: [ModuleInfo], parameters: [ParameterInfo]) {
        let variant = shape.gatedFeedForward ? "gated" : shape.relativeAttention ? "relative" : nil
        let chosen = entry(shape.transformers, variant: variant)
        let counts = chosen.variables.map { variable -> Int in
            if let value = shape.configCounts[variable.field] { return value }
            switch variable.role {
            case "layers": return shape.numLayers
            case "decoder": return shape.numDecoderLayers ?? shape.numLayers
            case "vision": return shape.numVisionLayers ?? variable.defaultValue
            case "experts": return shape.numExperts ?? variable.defaultValue
            default: return variable.defaultValue
            }
        }
        let (modules, parameters) = chosen.expand(counts: counts)
        return (chosen, modules, parameters)
    }
}

/// The size parameters a template needs.
public struct ArchitectureShape: Sendable, Equatable {
    public var numLayers: Int
    /// The decoder depth of an encoder-decoder (`num_decoder_layers`, `decoder_layers`); nil means the same as `numLayers`.
    public var numDecoderLayers: Int?
    /// Routed experts per MoE layer; nil means the default config's count.
    public var numExperts: Int?
    /// T5 v1.1 / Flan-T5 (`feed_forward_proj: gated-gelu`) use `wi_0`/`wi_1`.
    public var gatedFeedForward: Bool
    /// DeBERTa-v2's `relative_attention` (with `position_biased_input` its opposite): true is
    /// the DeBERTa-v3 checkpoints' setting (`rel_embeddings`, no `position_embeddings`), false
    /// `DebertaV2Config()`'s defaults.
    public var relativeAttention: Bool
    /// The vision tower's depth (`vision_config.num_hidden_layers`); nil means the default config's.
    public var numVisionLayers: Int?
    /// The release whose layout the names follow: transformers 5 fuses MoE experts, drops
    /// the SDPA attention subclasses, and lists tied embeddings under each owner.
    public var transformers: TransformersVersion
    /// Integer fields of config.json by dotted path (`vision_config.depth`): any count a
    /// template's placeholder names wins over the fields above.
    public var configCounts: [String: Int] = [:]

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

extension ArchitectureTemplate {
    /// Whether a placeholder on any recording reads this config field.
    func usesCount(_ field: String) -> Bool {
        entries.values.contains { $0.values.contains { $0.variables.contains { $0.field == field } } }
    }

    /// The parameters each class holds itself in this type's recording (a class's first
    /// occurrence), for a modules file of this type, which lists modules only.
    func parametersByClass(_ transformers: TransformersVersion) -> [String: [(name: String, dimensions: Int)]] {
        let chosen = entry(transformers)
        let (modules, parameters) = chosen.expand(counts: chosen.variables.map { _ in 1 })
        let classOf = Dictionary(modules.map { ($0.name, $0.className ?? "") }, uniquingKeysWith: { first, _ in first })
        var held: [String: [(name: String, dimensions: Int)]] = [:]
        var seenModule: [String: String] = [:]
        for parameter in parameters {
            guard let className = classOf[parameter.module] else { continue }
            if let first = seenModule[className], first != parameter.module { continue }
            seenModule[className] = parameter.module
            held[className, default: []].append((parameter.name, parameter.dimensions))
        }
        return held
    }
}
