/// The built-in architectures: module names for a model that is not at hand, from its
/// `model_type` and size (or from a well-known model id). The names are those of the usual
/// fine-tuning head on either transformers major (4.4x–4.57 or 5.x), selected by the
/// transformers version (the newest when none is known); a modules file or the model's own
/// folder is more exact and wins when available. On transformers 5 the fused MoE experts'
/// 3-D parameters and the routers' weights are the inventory's `parameters`.
public enum Catalog {
    public static let templates: [ArchitectureTemplate] =
        CatalogLlamaFamily.templates + CatalogOtherDecoders.templates + CatalogEncoders.templates
        + CatalogMultimodal.templates

    /// Every `model_type` the catalog knows, in catalog order.
    public static var architectures: [String] { templates.map(\.modelType) }

    /// Case-insensitive, and `-`/`_` are interchangeable (`gpt-neox`, `deberta_v2`).
    public static func template(for architecture: String) -> ArchitectureTemplate? {
        let key = normalized(architecture)
        return templates.first { normalized($0.modelType) == key }
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// An inventory for an architecture and size given directly (settings, or a config.json).
    public static func inventory(architecture: String, numLayers: Int, numExperts: Int? = nil,
                                 numDecoderLayers: Int? = nil, gatedFeedForward: Bool = false,
                                 numVisionLayers: Int? = nil, relativeAttention: Bool = true,
                                 transformers: TransformersVersion = .newest,
                                 origin: String? = nil) throws -> Inventory {
        guard let template = template(for: architecture) else {
            throw InventoryError.unknownArchitecture(architecture, known: architectures)
        }
        for (what, value) in [("num_layers", numLayers), ("num_experts", numExperts ?? 1), ("num_decoder_layers", numDecoderLayers ?? 1),
                              ("num_vision_layers", numVisionLayers ?? 1)]
        where value < 1 {
            throw InventoryError.invalidCount(what: what, value: value)
        }
        let decoderLayers = max(numLayers, numDecoderLayers ?? 1, numVisionLayers ?? 1)
        if let problem = ModelSizeLimits.problem(layers: decoderLayers, experts: numExperts) {
            throw InventoryError.sizeBeyondLimits(problem)
        }
        let shape = ArchitectureShape(numLayers: numLayers, numDecoderLayers: numDecoderLayers, numExperts: numExperts,
                                      gatedFeedForward: gatedFeedForward, numVisionLayers: numVisionLayers,
                                      relativeAttention: relativeAttention, transformers: transformers)
        var detail = "catalog: \(template.modelType), \(numLayers) layers"
        if let numExperts, !template.expertCountFields.isEmpty { detail += ", \(numExperts) experts" }
        if let origin { detail += " (\(origin))" }
        let modules = template.modules(shape)
        // v5 fused experts hold 3-D gate_up_proj/down_proj, routers a 2-D weight (in module order).
        let parameters = Inventory.fusedParameters(of: modules)
        return Inventory(source: .catalog, detail: detail, modules: modules, modelType: template.modelType,
                         numLayers: numLayers, outputEmbedding: template.outputEmbedding(transformers),
                         parameters: parameters, transformers: transformers,
                         numExperts: template.expertCountFields.isEmpty ? nil : numExperts)
    }

    /// An inventory for a model id or a path ending in one (see `KnownModels`), or nil
    /// when the id is not in the table.
    public static func inventory(modelID: String, transformers: TransformersVersion = .newest) -> Inventory? {
        byModelID.value(for: ModelKey(id: modelID, transformers: transformers)) { build(modelID: modelID, transformers: transformers) }
    }

    struct ModelKey: Hashable, Sendable {
        var id: String
        var transformers: TransformersVersion
    }

    /// Every adapter folder asks for its base model again; the answer depends on the id and release only.
    private static let byModelID = Memo<ModelKey, Inventory?>()

    private static func build(modelID: String, transformers: TransformersVersion) -> Inventory? {
        guard let known = KnownModels.find(modelID) else { return nil }
        let origin = known.id.lowercased() == modelID.lowercased() ? known.id : "\(modelID) taken as \(known.id)"
        // A model_type the catalog has no template for throws, and the id yields no inventory.
        return try? inventory(architecture: known.modelType, numLayers: known.numLayers, numExperts: known.numExperts,
                              numDecoderLayers: known.numDecoderLayers, gatedFeedForward: known.gatedFeedForward,
                              numVisionLayers: known.numVisionLayers, transformers: transformers, origin: origin)
    }
}
