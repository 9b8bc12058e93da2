import Foundation

/// A base model's folder (a local snapshot of a Hub repo): its module names from the
/// weights it holds, else from `config.json` through the catalog.
///
/// Sources, most exact first:
/// 1. `model.safetensors.index.json`: every `weight_map` key names a parameter; the
///    module is the key minus its last component (`.weight`, `.bias`, and also the
///    `.qweight`/`.scales` of GPTQ and the `.weight.absmax` of bitsandbytes).
/// 2. `model.safetensors`: the same, from the header's tensor names.
/// 3. `config.json` alone: the catalog template for its `model_type`.
/// Checkpoint names are mapped to the loaded model's names the way transformers does on load
/// (`CheckpointNameMapping`, per `model_type` and release: the `transformers` argument, else
/// config.json's `transformers_version`, else the newest). The modules are those owning a
/// tensor, each preceded by its not-yet-listed parents (`model`, `model.layers`, …), in
/// checkpoint order; modules without parameters (rotary embeddings, activations) cannot be
/// seen. transformers 5's fused MoE experts are one module (`…mlp.experts`, class
/// `<Model>Experts`) whose 3-D `gate_up_proj`/`down_proj` go to `Inventory.parameters`, with
/// the router's 2-D `weight`. When the catalog knows the architecture, class names come from it,
/// a checkpoint saved from the bare model (GPT-2's `h.0.attn.c_attn`) gets the head
/// class's prefix (`transformer.`), and a tied output embedding that the checkpoint
/// omits (`lm_head`) is added.
public enum ModelDirectory {
    public static func inventory(at directory: String, transformers: TransformersVersion? = nil) throws -> Inventory {
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InventoryError.unreadable(path: folder, reason: "no such folder")
        }
        let configPath = folder + "/config.json"
        let indexPath = folder + "/model.safetensors.index.json"
        let weightsPath = folder + "/model.safetensors"
        let fileManager = FileManager.default
        let config = fileManager.fileExists(atPath: configPath) ? try ModelConfig.read(atPath: configPath) : nil

        let weights: [Weight]
        let weightSource: String
        if fileManager.fileExists(atPath: indexPath) {
            weights = try indexWeightNames(atPath: indexPath).map { Weight(name: $0) }
            weightSource = indexPath
        } else if fileManager.fileExists(atPath: weightsPath) {
            do {
                weights = try SafetensorsHeader.read(atPath: weightsPath).tensors.map { Weight(name: $0.name, dimensions: $0.shape.count) }
            } catch {
                throw InventoryError.badSafetensors(error)
            }
            weightSource = weightsPath
        } else {
            guard let config else {
                throw InventoryError.emptyModelDirectory(
                    path: folder, reason: "no config.json, model.safetensors.index.json or model.safetensors")
            }
            return try catalogInventory(config, configPath: configPath, transformers: transformers)
        }
        return inventory(weights: weights, source: weightSource, config: config, transformers: transformers)
    }

    /// A checkpoint tensor; `dimensions` is known from a safetensors header, not from an index.
    struct Weight {
        var name: String
        var dimensions: Int?
    }

    /// The release as `inventory(weights:…)` decides it: the user's, else config.json's, else the newest.
    private static func catalogInventory(_ config: ModelConfig, configPath: String, transformers: TransformersVersion?) throws -> Inventory {
        guard let modelType = config.modelType else {
            throw InventoryError.badJSON(path: configPath, reason: "no model_type, so no catalog template applies")
        }
        guard let shape = config.shape else {
            throw InventoryError.badJSON(path: configPath, reason: "no layer count (\(ModelConfig.layerFields.joined(separator: ", ")))")
        }
        var inventory = try Catalog.inventory(architecture: modelType, numLayers: shape.numLayers, numExperts: shape.numExperts,
                                              numDecoderLayers: shape.numDecoderLayers, gatedFeedForward: shape.gatedFeedForward,
                                              numVisionLayers: shape.numVisionLayers, relativeAttention: shape.relativeAttention,
                                              transformers: transformers ?? config.transformersVersion ?? .newest,
                                              configCounts: shape.configCounts, origin: configPath)
        // config.json's own word wins over what the catalog knows of the family.
        if let tied = config.tieWordEmbeddings { inventory.tiedEmbeddings = tied }
        // A headless checkpoint (`architectures: ["BloomModel"]`) has the bare model's names.
        if let template = Catalog.template(for: modelType), let prefix = template.baseModelPrefix,
           config.architectures.first == template.bareModelClass {
            return Catalog.headless(inventory, prefix: prefix)
        }
        return inventory
    }

    static func indexWeightNames(atPath path: String) throws -> [String] {
        let root = try JSONFile.object(atPath: path)
        guard let entries = root.value(forKey: "weight_map")?.entries else {
            throw InventoryError.badJSON(path: path, reason: "no 'weight_map' object")
        }
        var names: [String] = []
        var seen = Set<String>()
        for entry in entries {
            guard let name = entry.keyText, entry.value.jsonString != nil else {
                throw InventoryError.badJSON(path: path, reason: "weight_map must map tensor names to file names")
            }
            guard seen.insert(name).inserted else {
                throw InventoryError.badJSON(path: path, reason: "weight_map lists '\(ShortExcerpt.quote(name))' twice")
            }
            names.append(name)
        }
        return names
    }

    /// The module that owns a parameter or buffer.
    static func owningModule(ofTensor name: String) -> String? {
        if let range = name.range(of: ".weight.") { return String(name[..<range.lowerBound]) }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return String(name[..<dot])
    }

    static func inventory(weightNames: [String], source: String, config: ModelConfig?) -> Inventory {
        inventory(weights: weightNames.map { Weight(name: $0) }, source: source, config: config, transformers: nil)
    }

    /// `transformers` is the release the user named; without one, config.json's
    /// `transformers_version` applies, else the newest.
    static func inventory(weights: [Weight], source: String, config: ModelConfig?, transformers: TransformersVersion?) -> Inventory {
        let knownRelease = transformers ?? config?.transformersVersion
        let release = knownRelease ?? .newest
        let mapping = CheckpointNameMapping.mapping(for: config?.modelType, transformers: release)
        var owners: [String] = []
        var seen = Set<String>()
        var parameters: [ParameterInfo] = []
        for weight in weights {
            let name = mapping?.map(tensor: weight.name) ?? weight.name
            guard let owner = owningModule(ofTensor: name) else { continue }
            let mapped = mapping?.fuse(module: owner) ?? CheckpointNameMapping.Mapped(module: owner)
            var fused = mapped.fusedParameter.map { ParameterInfo(module: mapped.module, name: $0) }
            // A folder saved with the fused spelling already (`experts.gate_up_proj`, 3-D).
            if mapping?.fusion != nil, fused == nil, let last = name.split(separator: ".").last,
               ["gate_up_proj", "down_proj"].contains(last), owner.hasSuffix(".experts") || owner == "experts" {
                fused = ParameterInfo(module: owner, name: String(last), dimensions: weight.dimensions ?? 3)
            }
            if let fused, !parameters.contains(fused) { parameters.append(fused) }
            if seen.insert(mapped.module).inserted { owners.append(mapped.module) }
        }
        var modules = owners
        var detail = "model dir: \(owners.count) parameterised modules from \(source)"
        if let mapping { detail += ", names as transformers \(release) loads \(mapping.modelType)" }
        var outputEmbedding: String?
        var classes: [String: String] = [:]
        if let config, let modelType = config.modelType, let template = Catalog.template(for: modelType), var shape = config.shape {
            shape.transformers = release
            let templateModules = template.modules(shape)
            // A headless checkpoint (`architectures: ["BloomModel"]`) keeps its bare names and has no LM head.
            let headless = config.architectures.first.map { $0 == template.bareModelClass } ?? false
            for module in templateModules { classes[module.name] = module.className }
            if headless, let prefix = template.baseModelPrefix {
                for module in templateModules where module.name.hasPrefix(prefix + ".") {
                    classes[String(module.name.dropFirst(prefix.count + 1))] = module.className
                }
            }
            if let prefix = template.baseModelPrefix, !headless {
                let bare = modules.filter { classes[$0] != nil }.count
                let prefixed = modules.filter { classes[prefix + "." + $0] != nil }.count
                if prefixed > bare {
                    modules = modules.map { prefix + "." + $0 }
                    detail += ", prefixed with '\(prefix).'"
                }
            }
            outputEmbedding = headless ? nil : template.outputEmbedding(release)
            if let output = outputEmbedding, !seen.contains(output), !modules.contains(output) {
                modules.append(output)
                detail += ", plus the tied \(output)"
            }
            detail += "; classes from the \(template.modelType) catalog template"
        }
        if outputEmbedding == nil, let output = mapping?.outputEmbedding, seen.contains(output) { outputEmbedding = output }
        if let fusion = mapping?.fusion {
            let expertModules = Set(parameters.map(\.module))
            for module in expertModules { classes[module] = fusion.classPrefix + "Experts" }
            for module in modules where module.hasSuffix("." + fusion.router) {
                let block = module.dropLast(fusion.router.count + 1)
                guard expertModules.contains(block + ".experts") else { continue }
                classes[module] = fusion.classPrefix + "TopKRouter"
                parameters.append(ParameterInfo(module: module, name: "weight", dimensions: 2))
            }
        }
        var inventory = Inventory(source: .modelDir, detail: detail,
                                  modules: withParents(modules).map { ModuleInfo(name: $0, className: classes[$0]) },
                                  modelType: config?.modelType,
                                  numLayers: config?.numLayers ?? LayerCountInference.numLayers(in: modules),
                                  outputEmbedding: outputEmbedding, parameters: parameters,
                                  transformers: knownRelease, numExperts: config?.numExperts)
        inventory.tiedEmbeddings = config?.tieWordEmbeddings
        return inventory
    }

    /// Each name preceded by those of its parents not listed before: `named_modules()`
    /// yields a container before its children.
    static func withParents(_ names: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for name in names {
            var prefix = ""
            for part in name.split(separator: ".", omittingEmptySubsequences: false).dropLast() {
                prefix = prefix.isEmpty ? String(part) : prefix + "." + part
                if seen.insert(prefix).inserted { out.append(prefix) }
            }
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }
}
