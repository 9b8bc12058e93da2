/// The base model's module names: what `model.named_modules()` yields, base-relative
/// (`model.layers.0.self_attn.q_proj`), in that order.
public struct Inventory: Sendable, Equatable {
    public enum Source: String, Sendable, Codable {
        case modulesFile = "modules-file"
        case modelDir = "model-dir"
        case adapterWeights = "adapter-weights"
        case catalog
    }

    public var source: Source
    /// Human-readable provenance, e.g. "catalog: llama, 32 layers (meta-llama/Llama-2-7b-hf)".
    public var detail: String
    /// Fixed at creation: `indexes` are built from it.
    public private(set) var modules: [ModuleInfo]
    /// `model_type` when known (PEFT's default targets depend on it).
    public var modelType: String?
    public var numLayers: Int?
    /// The module `get_output_embeddings()` returns (`lm_head`), which `all-linear` skips.
    public var outputEmbedding: String?
    /// Parameters of 3 or more dimensions held directly by a module (transformers 5's fused
    /// MoE experts: `mlp.experts.gate_up_proj`): what `target_parameters` can adapt.
    public var parameters: [ParameterInfo]
    /// The transformers release the names are for; nil: not known (taken as the newest).
    public var transformers: TransformersVersion?
    /// Routed experts per MoE layer (`num_local_experts`), the first dimension of a fused
    /// 3-D expert parameter: a ParamWrapper's `lora_A` there is `[r * num_experts, in]`.
    /// nil when not known or not an MoE model.
    public var numExperts: Int?
    /// Whether input and output embeddings are tied (`tie_word_embeddings`); nil = unknown.
    public var tiedEmbeddings: Bool? = nil
    /// The vision and audio towers' sub-trees; empty = unknown.
    public var towers: [InventoryTower] = []

    public init(source: Source, detail: String, modules: [ModuleInfo], modelType: String? = nil,
                numLayers: Int? = nil, outputEmbedding: String? = nil, parameters: [ParameterInfo] = [],
                transformers: TransformersVersion? = nil, numExperts: Int? = nil) {
        self.source = source
        self.detail = detail
        self.modules = modules
        self.modelType = modelType
        self.numLayers = numLayers
        self.outputEmbedding = outputEmbedding
        self.parameters = parameters
        self.transformers = transformers
        self.numExperts = numExperts
        indexes = InventoryIndexes(modules)
    }

    /// Suffix and last-component lookups, built once per inventory (not per file).
    package let indexes: InventoryIndexes

    public static func == (lhs: Inventory, rhs: Inventory) -> Bool {
        lhs.source == rhs.source && lhs.detail == rhs.detail && lhs.modules == rhs.modules
            && lhs.modelType == rhs.modelType && lhs.numLayers == rhs.numLayers && lhs.outputEmbedding == rhs.outputEmbedding
            && lhs.parameters == rhs.parameters && lhs.transformers == rhs.transformers
            && lhs.numExperts == rhs.numExperts
    }

    /// `parameters`, or when the source lists none (a modules file), what transformers 5's
    /// fused MoE classes hold by their class names: `*Experts` keep `gate_up_proj` and
    /// `down_proj` (3-D), `*TopKRouter` a 2-D `weight`.
    public var targetableParameters: [ParameterInfo] {
        parameters.isEmpty ? Self.fusedParameters(of: modules) : parameters
    }

    /// The parameters of transformers 5's fused MoE classes, by their class names, in module order.
    static func fusedParameters(of modules: [ModuleInfo]) -> [ParameterInfo] {
        var inferred: [ParameterInfo] = []
        for module in modules {
            guard let className = module.className else { continue }
            if className.hasSuffix("ParallelExperts") {
                // GraniteMoE's experts: one 3-D `weight` [num_experts, out, in] per module.
                inferred.append(ParameterInfo(module: module.name, name: "weight"))
            } else if className.hasSuffix("Experts") {
                inferred += [ParameterInfo(module: module.name, name: "gate_up_proj"), ParameterInfo(module: module.name, name: "down_proj")]
            } else if className.hasSuffix("TopKRouter") {
                inferred.append(ParameterInfo(module: module.name, name: "weight", dimensions: 2))
            }
        }
        return inferred
    }

    /// The `weight` of the standard torch layers, which `named_parameters()` always lists:
    /// 2-D for Linear, transformers' Conv1D and Embedding, 3-, 4- and 5-D for Conv1d/2d/3d.
    /// (A `bias` depends on how the layer was built, so it is never inferred.)
    /// torch's `nn.Embedding` and the embedding classes transformers derives from it by name.
    package static func isEmbedding(_ className: String) -> Bool {
        className == "Embedding" || className.hasSuffix("ScaledWordEmbedding") || className.hasSuffix("LearnedPositionalEmbedding")
    }

    static func standardWeightDimensions(_ className: String) -> Int? {
        switch className {
        case "Conv1d": return 3
        case "Conv2d": return 4
        case "Conv3d": return 5
        case "Conv1D": return 2
        default:
            if className.hasSuffix("Linear") || isEmbedding(className) { return 2 }
            return nil
        }
    }

    /// Parameters `target_parameters` entries name on standard layers, when the source lists no
    /// parameters: `lin0.weight` on an nn.Linear is adapted like any other parameter.
    package func standardWeights(matching entries: [String]) -> [ParameterInfo] {
        guard parameters.isEmpty, entries.contains(where: { $0 == "weight" || $0.hasSuffix(".weight") }) else { return [] }
        return modules.compactMap { module in
            guard !module.name.isEmpty, let className = module.className, let dimensions = Self.standardWeightDimensions(className) else { return nil }
            let key = module.name + ".weight"
            guard entries.contains(where: { key == $0 || key.hasSuffix("." + $0) }) else { return nil }
            return ParameterInfo(module: module.name, name: "weight", dimensions: dimensions)
        }
    }

    /// Whether every parameter the entries could name is known: the source lists parameters
    /// (a model folder, a named_parameters() file, the catalog), or every module an entry could
    /// belong to has a known class, whose parameters are inferred (standard layers, fused
    /// experts, routers; other classes hold none `target_parameters` can reach).
    package func knowsParameters(for entries: [String]) -> Bool {
        guard source == .modulesFile, parameters.isEmpty else { return true }
        for entry in entries {
            let owner = entry.split(separator: ".").dropLast().joined(separator: ".")
            for module in modules where !module.name.isEmpty && (owner.isEmpty || module.name == owner || module.name.hasSuffix("." + owner)) {
                if module.className == nil { return false }
            }
        }
        return true
    }

    /// The transformers release whose behaviour applies.
    public var transformersVersion: TransformersVersion { transformers ?? .newest }
}

public struct ModuleInfo: Sendable, Equatable {
    public var name: String
    /// `Linear`, `Conv1D`, `Embedding`, … when the source says; nil when unknown.
    public var className: String?

    public init(name: String, className: String? = nil) {
        self.name = name
        self.className = className
    }
}

/// One parameter a module holds itself (`named_parameters(recurse=False)`).
public struct ParameterInfo: Sendable, Equatable, Hashable {
    /// The module's name, e.g. `model.layers.0.mlp.experts`.
    public var module: String
    /// The parameter's own name, e.g. `gate_up_proj`.
    public var name: String
    /// `param.dim()`: a ParamWrapper takes 2-D and 3-D parameters only.
    public var dimensions: Int

    public init(module: String, name: String, dimensions: Int = 3) {
        self.module = module
        self.name = name
        self.dimensions = dimensions
    }

    /// `model.layers.0.mlp.experts.gate_up_proj`.
    public var fullName: String { module.isEmpty ? name : "\(module).\(name)" }
}
