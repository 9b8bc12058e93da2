import Foundation

/// Where an inventory may come from, as the settings and the adapter config give them.
public struct InventoryRequest: Sendable, Hashable {
    /// A `named_modules()` dump (settings `inventory.modules-file`).
    public var modulesFile: String?
    /// A local base-model folder (settings).
    public var modelDirectory: String?
    /// The folder holding `adapter_config.json`; `adapter_model.safetensors` beside it is used.
    public var adapterDirectory: String?
    /// `base_model_name_or_path`: a Hub id or a local folder.
    public var modelID: String?
    /// An explicit architecture and size (settings).
    public var architecture: String?
    public var numLayers: Int?
    public var numExperts: Int?
    /// The transformers release to model (settings, `--transformers-version`); it wins over a
    /// model folder's `config.json` `transformers_version`, and nil means that or the newest.
    public var transformersVersion: TransformersVersion?
    /// Where the architecture came from ("settings", "--architecture").
    public var architectureOrigin = "settings"

    public init(modulesFile: String? = nil, modelDirectory: String? = nil, adapterDirectory: String? = nil,
                modelID: String? = nil, architecture: String? = nil, numLayers: Int? = nil, numExperts: Int? = nil) {
        self.modulesFile = modulesFile
        self.modelDirectory = modelDirectory
        self.adapterDirectory = adapterDirectory
        self.modelID = modelID
        self.architecture = architecture
        self.numLayers = numLayers
        self.numExperts = numExperts
    }
}

/// The inventory found, or why there is none.
public struct InventoryResult: Sendable, Equatable {
    public var inventory: Inventory?
    /// When `inventory` is nil: which sources would give one.
    public var unavailableReason: String?
    /// Problems with sources that were only looked for, not asked for (a corrupt
    /// `adapter_model.safetensors` beside the config); a less exact source was used.
    public var skipped: [InventoryError]
}

/// Picks the most exact inventory source at hand: modules file > model folder (also a
/// `base_model_name_or_path` that is a local folder) > adapter weights beside the
/// adapter config > catalog (explicit architecture + layers, then a known model id).
///
/// Sources the user named (a modules file, a model folder, an architecture) fail loudly
/// with a thrown `InventoryError`; the adapter weights, found by looking, only add to
/// `skipped` when they are broken.
public enum InventoryLoader {
    /// Reads adapter weights; the cache passes its own so one run reads each file once.
    public typealias WeightsReader = (String) throws(SafetensorsHeaderError) -> AdapterWeights

    public static func load(_ request: InventoryRequest,
                            readWeights: WeightsReader = { path throws(SafetensorsHeaderError) in try AdapterWeights.read(atPath: path) }) throws -> InventoryResult {
        var result = try loadSource(request, readWeights: readWeights)
        if let version = request.transformersVersion { result.inventory?.transformers = version }
        return result
    }

    private static func loadSource(_ request: InventoryRequest, readWeights: WeightsReader) throws -> InventoryResult {
        if let path = request.modulesFile {
            return found(try ModulesFile.inventory(atPath: path))
        }
        if let directory = request.modelDirectory {
            return found(try ModelDirectory.inventory(at: directory, transformers: request.transformersVersion))
        }
        if let id = request.modelID, isModelFolder(id) {
            return found(try ModelDirectory.inventory(at: id, transformers: request.transformersVersion))
        }
        var skipped: [InventoryError] = []
        if let adapterDirectory = request.adapterDirectory {
            if let weightsPath = AdapterFiles(folder: adapterDirectory).safetensors {
                do {
                    let weights = try readWeights(weightsPath)
                    if !weights.modules.isEmpty {
                        var inventory = weights.inventory
                        if let id = request.modelID, let known = KnownModels.find(id) {
                            inventory.modelType = known.modelType
                            inventory.numLayers = known.numLayers
                            inventory.outputEmbedding = Catalog.template(for: known.modelType)?
                                .outputEmbedding(request.transformersVersion ?? .newest)
                        }
                        return InventoryResult(inventory: inventory, unavailableReason: nil, skipped: [])
                    }
                } catch {
                    skipped.append(.badSafetensors(error))
                }
            }
        }
        if let architecture = request.architecture {
            guard let numLayers = request.numLayers else {
                throw InventoryError.badJSON(path: "settings", reason: "architecture '\(architecture)' needs num-layers too")
            }
            var result = found(try Catalog.inventory(architecture: architecture, numLayers: numLayers,
                                                     numExperts: request.numExperts, transformers: request.transformersVersion ?? .newest,
                                                     origin: "from \(request.architectureOrigin)"))
            result.skipped = skipped
            return result
        }
        if let id = request.modelID, let inventory = Catalog.inventory(modelID: id, transformers: request.transformersVersion ?? .newest) {
            return InventoryResult(inventory: inventory, unavailableReason: nil, skipped: skipped)
        }
        return InventoryResult(inventory: nil, unavailableReason: unavailableReason(request), skipped: skipped)
    }

    private static func found(_ inventory: Inventory) -> InventoryResult {
        InventoryResult(inventory: inventory, unavailableReason: nil, skipped: [])
    }

    private static func isModelFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            && FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("config.json"))
    }

    static func unavailableReason(_ request: InventoryRequest) -> String {
        var reason = "no module inventory for the base model"
        if let id = request.modelID {
            reason += ": '\(id)' is not a local model folder and not in the catalog of known models"
        }
        return reason + ". Give one of: a modules file (one name per line from `for n, _ in model.named_modules(): print(n)`), "
            + "the base model's folder (config.json with model.safetensors.index.json or model.safetensors), "
            + "adapter_model.safetensors beside the adapter config, or an architecture (a config.json model_type such as llama, qwen2, gpt_neox; "
            + "\(Catalog.architectures.count) in the catalog) with its layer count"
    }
}
