/// The built-in architectures: module names for a model that is not at hand, from its
/// `model_type` and size (or from a well-known model id). The names are those of the usual
/// fine-tuning head as transformers builds it on either major (4.57 or 5.x), recorded by
/// `scripts/catalog/generate.py` into `CatalogData`; a type's text is decoded the first time
/// a file needs it. A modules file or the model's own folder is more exact and wins when
/// available. On transformers 5 the fused MoE experts' 3-D parameters and the routers'
/// weights are the inventory's `parameters`.
public enum Catalog {
    /// Every `model_type` the catalog knows (either major), sorted.
    public static var architectures: [String] { index.sorted }

    /// Every template (decodes them all: for tests and listings, not for linting).
    public static var templates: [ArchitectureTemplate] { architectures.compactMap { template(for: $0) } }

    private struct Index: Sendable {
        var sorted: [String]
        /// normalized name -> model_type
        var byKey: [String: String]
    }

    private static let index: Index = {
        let types = Set(CatalogData.types(major: 4) + CatalogData.types(major: 5))
        let sorted = types.sorted()
        return Index(sorted: sorted, byKey: Dictionary(sorted.map { (normalized($0), $0) }, uniquingKeysWith: { first, _ in first }))
    }()

    /// Case-insensitive, and `-`/`_` are interchangeable (`gpt-neox`, `deberta_v2`).
    public static func template(for architecture: String) -> ArchitectureTemplate? {
        guard let modelType = index.byKey[normalized(architecture)] else { return nil }
        return decoded.value(for: modelType) { decode(modelType) }
    }

    private static let decoded = Memo<String, ArchitectureTemplate?>()

    private static func decode(_ modelType: String) -> ArchitectureTemplate? {
        var entries: [Int: [String: CatalogEntry]] = [:]
        for major in [4, 5] {
            guard let text = CatalogData.entry(modelType, major: major) else { continue }
            var recordings: [String: CatalogEntry] = [:]
            for block in text.components(separatedBy: "\nT ").enumerated() {
                guard let entry = CatalogEntry(block.offset == 0 ? block.element : "T " + block.element) else { continue }
                let parts = entry.modelType.split(separator: "@", maxSplits: 1)
                recordings[parts.count == 2 ? String(parts[1]) : ""] = entry
            }
            if recordings[""] != nil { entries[major] = recordings }
        }
        return entries.isEmpty ? nil : ArchitectureTemplate(modelType: modelType, entries: entries)
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// The model type whose classes include `className` (`MixtralForCausalLM` and
    /// `MixtralModel` -> mixtral), from transformers' auto mappings on that major.
    public static func modelType(forClass className: String, transformers: TransformersVersion = .newest) -> String? {
        let major = transformers.isVersion5OrLater ? 5 : 4
        return classIndex(major)[className] ?? classIndex(major == 5 ? 4 : 5)[className]
    }

    private static let classIndexes = Memo<Int, [String: String]>()

    private static func classIndex(_ major: Int) -> [String: String] {
        classIndexes.value(for: major) {
            var map: [String: String] = [:]
            for line in CatalogData.classes(major: major).split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2 { map[String(fields[0])] = String(fields[1]) }
            }
            return map
        }
    }

    /// An inventory for an architecture and size given directly (settings, or a config.json).
    public static func inventory(architecture: String, numLayers: Int, numExperts: Int? = nil,
                                 numDecoderLayers: Int? = nil, gatedFeedForward: Bool = false,
                                 numVisionLayers: Int? = nil, relativeAttention: Bool = true,
                                 transformers: TransformersVersion = .newest,
                                 configCounts: [String: Int] = [:], origin: String? = nil) throws -> Inventory {
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
        // Only the config counts a placeholder reads matter; the others may be anything.
        let usedCounts = configCounts.filter { template.usesCount($0.key) }
        if let (what, value) = usedCounts.sorted(by: { $0.key < $1.key }).first(where: { $0.value < 0 || $0.value > 10_000 }) {
            throw InventoryError.invalidCount(what: what, value: value)
        }
        var shape = ArchitectureShape(numLayers: numLayers, numDecoderLayers: numDecoderLayers, numExperts: numExperts,
                                      gatedFeedForward: gatedFeedForward, numVisionLayers: numVisionLayers,
                                      relativeAttention: relativeAttention, transformers: transformers)
        shape.configCounts = usedCounts
        var detail = "catalog: \(template.modelType), \(numLayers) layers"
        if let numExperts, !template.expertCountFields.isEmpty { detail += ", \(numExperts) experts" }
        if let origin { detail += " (\(origin))" }
        let (entry, modules, parameters) = template.expand(shape)
        var inventory = Inventory(source: .catalog, detail: detail, modules: modules, modelType: template.modelType,
                                  numLayers: numLayers, outputEmbedding: entry.outputEmbedding,
                                  parameters: parameters, transformers: transformers,
                                  numExperts: template.expertCountFields.isEmpty ? nil : numExperts)
        inventory.tiedEmbeddings = entry.tiedEmbeddings
        inventory.towers = entry.towers
        return inventory
    }

    /// The bare model's inventory (a headless checkpoint, `architectures: ["BloomModel"]`): the
    /// sub-tree under the head's base-model attribute without that prefix, and no output embedding.
    static func headless(_ inventory: Inventory, prefix: String) -> Inventory {
        let start = prefix + "."
        let modules = inventory.modules.compactMap { module -> ModuleInfo? in
            guard module.name.hasPrefix(start) else { return nil }
            return ModuleInfo(name: String(module.name.dropFirst(start.count)), className: module.className)
        }
        let parameters = inventory.parameters.compactMap { parameter -> ParameterInfo? in
            guard parameter.module.hasPrefix(start) else { return nil }
            return ParameterInfo(module: String(parameter.module.dropFirst(start.count)), name: parameter.name, dimensions: parameter.dimensions)
        }
        var bare = Inventory(source: inventory.source, detail: inventory.detail + ", headless (no '\(prefix).', no head)", modules: modules,
                             modelType: inventory.modelType, numLayers: inventory.numLayers, outputEmbedding: nil,
                             parameters: parameters, transformers: inventory.transformers, numExperts: inventory.numExperts)
        bare.tiedEmbeddings = inventory.tiedEmbeddings
        bare.towers = inventory.towers.compactMap {
            $0.prefix.hasPrefix(start) ? InventoryTower(kind: $0.kind, prefix: String($0.prefix.dropFirst(start.count))) : nil
        }
        return bare
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
