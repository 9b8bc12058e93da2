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
    /// The Hugging Face cache to look `modelID` up in; nil: the one the environment names.
    public var huggingFaceCache: HuggingFaceCache?

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
    /// When `inventory` is nil but the model's name tells its family: that architecture's
    /// modules at a nominal size. Good for leaf names (`v_prj`, Phi-3's fused `qkv_proj`,
    /// towers), never for layer indices or counts; `unavailableReason` says it was assumed.
    public var assumed: AssumedArchitecture? = nil

    public init(inventory: Inventory?, unavailableReason: String?, skipped: [InventoryError], assumed: AssumedArchitecture? = nil) {
        self.inventory = inventory
        self.unavailableReason = unavailableReason
        self.skipped = skipped
        self.assumed = assumed
    }
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
        // Offline, as from_pretrained(id, local_files_only=True) would find it. A broken
        // cached snapshot is only looked for, not asked for: a less exact source follows.
        var skipped: [InventoryError] = []
        let cache = request.huggingFaceCache ?? HuggingFaceCache.fromEnvironment()
        if let id = request.modelID, let snapshot = cache.snapshot(of: id) {
            do {
                var inventory = try ModelDirectory.inventory(at: snapshot, transformers: request.transformersVersion)
                inventory.detail = "Hugging Face cache: \(inventory.detail)"
                return found(inventory)
            } catch {
                skipped.append(error as? InventoryError ?? .unreadable(path: snapshot, reason: "\(error)"))
            }
        }
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
        // A Hub cache path names its model: `…/models--org--name/snapshots/<hash>`.
        let tableID = request.modelID.map { HuggingFaceCache.repoID($0) ?? $0 }
        if let id = tableID, let inventory = Catalog.inventory(modelID: id, transformers: request.transformersVersion ?? .newest) {
            return InventoryResult(inventory: inventory, unavailableReason: nil, skipped: skipped)
        }
        if let name = request.modelID, let assumed = AssumedArchitecture.guess(from: name, transformers: request.transformersVersion) {
            return InventoryResult(inventory: nil, unavailableReason: assumed.reason, skipped: skipped, assumed: assumed)
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

    /// Why nothing gave an inventory, in the terms of what was looked for.
    static func unavailableReason(_ request: InventoryRequest) -> String {
        let remedy = "give a modules file (`for n, m in model.named_modules(): print(n, type(m).__name__, sep='\\t')`), "
            + "the base model's folder (config.json), or an architecture with its layer count"
        guard let name = request.modelID else {
            return "the file names no base model (base_model_name_or_path, base_model, model_name_or_path, …); " + remedy
        }
        if HuggingFaceCache.repoID(name) == nil || name.hasPrefix("/") {
            let exists = FileManager.default.fileExists(atPath: name)
            return "'\(name)' is \(exists ? "a folder without config.json" : "a path that is not on this machine")"
                + " and not a model the catalog knows; " + remedy
        }
        return "'\(name)' is not in the local Hugging Face cache and not in the table of known models; " + remedy
    }
}
