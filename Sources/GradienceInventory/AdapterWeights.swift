import Foundation

/// What an adapter's `adapter_model.safetensors` says was trained: which modules carry
/// LoRA weights and with which rank. Ranks come from shapes, never from the config, so
/// a config that disagrees with its checkpoint can be caught before `load_adapter` fails
/// with "size mismatch".
///
/// Recognised tensor names (after stripping `base_model.model.`), `<m>` a module name:
/// - `<m>.lora_A.weight`, `<m>.lora_B.weight`, `<m>.lora_B.bias` (what PEFT saves);
/// - `<m>.lora_A.<adapter>.weight` (a state dict saved without PEFT's name stripping);
/// - `<m>.lora_embedding_A`, `<m>.lora_embedding_B` (optionally `.<adapter>`);
/// - `<m>.lora_magnitude_vector` (DoRA; older PEFT adds `.weight`, or `.<adapter>`).
/// Rank is `lora_A.shape[0]` (also for conv, whose A is 3-D to 5-D) or
/// `lora_embedding_A.shape[0]`. Everything else (modules_to_save copies, trainable
/// tokens) is kept in `otherTensors`.
///
/// `lora.ParamWrapper`s (`target_parameters`) that adapt several parameters of one module
/// nest, and their tensors are saved through the `base_layer` chain:
/// `<m>.lora_A.weight` for the outermost, `<m>.base_layer.lora_A.weight` for the next, …
/// Those hops are stripped from `module` and counted in `wrapperDepth`; which parameter a
/// depth stands for, and the rank a 3-D parameter's `[r * num_experts, in]` A means, need
/// the config and the base model (`TrainedRanks`).
public struct AdapterWeights: Sendable, Equatable {
    public enum LayerKind: Sendable, Equatable {
        case linear
        case embedding
        /// `dimensions` is 1, 2 or 3 (Conv1d/2d/3d), from the rank of `lora_A`'s shape.
        case conv(dimensions: Int)

        /// The class name an inventory built from weights reports.
        public var className: String {
            switch self {
            case .linear: return "Linear"
            case .embedding: return "Embedding"
            case .conv: return "Conv"
            }
        }
    }

    public struct AdaptedModule: Sendable, Equatable {
        /// Base-relative, e.g. `model.layers.0.self_attn.q_proj`.
        public var module: String
        /// `lora_A.shape[0]`; nil when the file has no A tensor for the module (DoRA
        /// magnitude or B only), or A's shape has no first dimension.
        public var rank: Int?
        /// The tensor the rank was read from (A), else the first tensor seen.
        public var tensorName: String
        public var kind: LayerKind
        /// Set when the names carry an adapter name (`lora_A.<name>.weight`).
        public var adapterName: String?
        public var isDoRA: Bool
        /// `lora_B` (or `lora_embedding_B`) shape, for cross-checks against the base model.
        public var loraBShape: [Int]?
        public var hasLoraBias: Bool
        /// `base_layer` hops between `module` and the LoRA tensors: 0 for an ordinary
        /// adapter or the outermost ParamWrapper, 1 for the one it wraps, …
        public var wrapperDepth = 0
    }

    /// One per adapted module (and adapter name, when the names carry several), in the
    /// order the module first appears in the file.
    public var modules: [AdaptedModule]
    /// Tensors that are not LoRA weights (full copies from `modules_to_save`, …).
    public var otherTensors: [String]
    public var path: String

    /// Wrapper prefix PEFT puts on every saved key.
    static let wrapperPrefix = "base_model.model."

    public init(header: SafetensorsHeader) {
        path = header.path
        modules = []
        otherTensors = []
        // Keyed by adapter name too: a raw state dict of a model holding two adapters has
        // `q_proj.lora_A.one.weight` and `q_proj.lora_A.two.weight`, two ranks for one module.
        var positions: [ModuleKey: Int] = [:]
        for tensor in header.tensors {
            guard let parsed = Self.parseName(tensor.name) else {
                otherTensors.append(tensor.name)
                continue
            }
            let index: Int
            let key = ModuleKey(module: parsed.module, adapterName: parsed.adapterName, wrapperDepth: parsed.wrapperDepth)
            if let existing = positions[key] {
                index = existing
            } else {
                index = modules.count
                positions[key] = index
                modules.append(AdaptedModule(module: parsed.module, rank: nil, tensorName: tensor.name, kind: .linear,
                                             adapterName: parsed.adapterName, isDoRA: false, loraBShape: nil, hasLoraBias: false,
                                             wrapperDepth: parsed.wrapperDepth))
            }
            var module = modules[index]
            switch parsed.role {
            case .a:
                module.rank = tensor.shape.first
                module.tensorName = tensor.name
                module.kind = tensor.shape.count >= 3 ? .conv(dimensions: tensor.shape.count - 2) : .linear
            case .embeddingA:
                module.rank = tensor.shape.first
                module.tensorName = tensor.name
                module.kind = .embedding
            case .b:
                module.loraBShape = tensor.shape
            case .embeddingB:
                module.loraBShape = tensor.shape
                module.kind = .embedding
            case .bBias:
                module.hasLoraBias = true
            case .magnitude:
                module.isDoRA = true
            }
            modules[index] = module
        }
    }

    public static func read(atPath path: String) throws(SafetensorsHeaderError) -> AdapterWeights {
        AdapterWeights(header: try SafetensorsHeader.read(atPath: path))
    }

    private struct ModuleKey: Hashable {
        let module: String
        let adapterName: String?
        let wrapperDepth: Int
    }

    /// The adapter names the tensor names carry, in file order; nil stands for names that
    /// carry none (what `save_pretrained` writes: `get_peft_model_state_dict` strips them).
    public var adapterNames: [String?] {
        var seen: [String?] = []
        for module in modules where !seen.contains(module.adapterName) { seen.append(module.adapterName) }
        return seen
    }

    /// Only the modules of one adapter (`nil`: those whose names carry no adapter name).
    public func only(adapter name: String?) -> AdapterWeights {
        var copy = self
        copy.modules = modules.filter { $0.adapterName == name }
        return copy
    }

    /// The weights of the adapter a config in `folder` describes. A file with one adapter
    /// is that adapter. A raw state dict holding several is narrowed to the one named like
    /// the folder (`save_pretrained` writes adapter `x` to `<dir>/x/`), else `default`;
    /// otherwise which one the config describes cannot be told, and that is the error.
    public func forAdapterConfig(inFolder folder: String) -> Result<AdapterWeights, AmbiguousAdapters> {
        let names = adapterNames
        guard names.count > 1 else { return .success(self) }
        let folderName = (folder as NSString).lastPathComponent
        if names.contains(folderName) { return .success(only(adapter: folderName)) }
        if names.contains("default") { return .success(only(adapter: "default")) }
        return .failure(AmbiguousAdapters(path: path, names: names.map { $0 ?? "(no adapter name)" }))
    }

    public struct AmbiguousAdapters: Error, Sendable, Equatable {
        public let path: String
        public let names: [String]

        public var message: String {
            "\(path) holds LoRA tensors of \(names.count) adapters (\(names.joined(separator: ", "))) and none is named like this config's folder or 'default', so which one this config describes cannot be told"
        }
    }

    /// `(module, rank, tensorName)` for every module with a rank, in file order.
    public var ranks: [(module: String, rank: Int, tensorName: String)] {
        modules.compactMap { module in module.rank.map { (module.module, $0, module.tensorName) } }
    }

    /// The adapted modules as an inventory. It lists only what was adapted, which is
    /// still exact for those names and better than a catalog guess.
    public var inventory: Inventory {
        Inventory(source: .adapterWeights,
                  detail: "adapter weights \(path) (\(uniqueModules.count) adapted modules)",
                  modules: uniqueModules.map { ModuleInfo(name: $0.module, className: $0.kind.className) },
                  numLayers: nil)
    }

    /// One entry per module name (the first adapter's, when several adapters are present).
    private var uniqueModules: [AdaptedModule] {
        var seen = Set<String>()
        return modules.filter { seen.insert($0.module).inserted }
    }

    // MARK: names

    enum Role { case a, b, bBias, embeddingA, embeddingB, magnitude }

    static let loraComponents: [String: Role] = [
        "lora_A": .a, "lora_B": .b, "lora_embedding_A": .embeddingA, "lora_embedding_B": .embeddingB,
        "lora_magnitude_vector": .magnitude,
    ]

    static func parseName(_ name: String) -> (module: String, role: Role, adapterName: String?, wrapperDepth: Int)? {
        let relative = name.hasPrefix(wrapperPrefix) ? String(name.dropFirst(wrapperPrefix.count)) : name
        let components = relative.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let position = components.lastIndex(where: { loraComponents[$0] != nil }), position > 0,
              var role = loraComponents[components[position]] else { return nil }
        var moduleEnd = position
        while moduleEnd > 1, components[moduleEnd - 1] == "base_layer" { moduleEnd -= 1 }
        let module = components[..<moduleEnd].joined(separator: ".")
        var rest = Array(components[(position + 1)...])
        switch role {
        case .a, .b:
            // `.weight` (or B's `.bias`) is the parameter; anything before it is an adapter name.
            guard let parameter = rest.popLast(), parameter == "weight" || (parameter == "bias" && role == .b) else { return nil }
            if parameter == "bias" { role = .bBias }
        case .magnitude:
            if rest.last == "weight" { rest.removeLast() }
        case .embeddingA, .embeddingB, .bBias:
            break
        }
        guard rest.count <= 1 else { return nil }
        return (module, role, rest.first, position - moduleEnd)
    }
}
