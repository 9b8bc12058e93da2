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
/// Weight names are leaf, parameterised modules in checkpoint order; container modules
/// are not listed. When the catalog knows the architecture, class names come from it,
/// a checkpoint saved from the bare model (GPT-2's `h.0.attn.c_attn`) gets the head
/// class's prefix (`transformer.`), and a tied output embedding that the checkpoint
/// omits (`lm_head`) is added.
public enum ModelDirectory {
    public static func inventory(at directory: String) throws -> Inventory {
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

        let weightNames: [String]
        let weightSource: String
        if fileManager.fileExists(atPath: indexPath) {
            weightNames = try indexWeightNames(atPath: indexPath)
            weightSource = indexPath
        } else if fileManager.fileExists(atPath: weightsPath) {
            do {
                weightNames = try SafetensorsHeader.read(atPath: weightsPath).tensors.map(\.name)
            } catch {
                throw InventoryError.badSafetensors(error)
            }
            weightSource = weightsPath
        } else {
            guard let config else {
                throw InventoryError.emptyModelDirectory(
                    path: folder, reason: "no config.json, model.safetensors.index.json or model.safetensors")
            }
            return try catalogInventory(config, configPath: configPath)
        }
        return inventory(weightNames: weightNames, source: weightSource, config: config)
    }

    private static func catalogInventory(_ config: ModelConfig, configPath: String) throws -> Inventory {
        guard let modelType = config.modelType else {
            throw InventoryError.badJSON(path: configPath, reason: "no model_type, so no catalog template applies")
        }
        guard let shape = config.shape else {
            throw InventoryError.badJSON(path: configPath, reason: "no layer count (\(ModelConfig.layerFields.joined(separator: ", ")))")
        }
        return try Catalog.inventory(architecture: modelType, numLayers: shape.numLayers, numExperts: shape.numExperts,
                                     numDecoderLayers: shape.numDecoderLayers, gatedFeedForward: shape.gatedFeedForward,
                                     origin: configPath)
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
                throw InventoryError.badJSON(path: path, reason: "weight_map lists '\(name)' twice")
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
        var modules: [String] = []
        var seen = Set<String>()
        for name in weightNames {
            guard let module = owningModule(ofTensor: name), seen.insert(module).inserted else { continue }
            modules.append(module)
        }
        var detail = "model dir: \(modules.count) parameterised modules from \(source)"
        var outputEmbedding: String?
        var classes: [String: String] = [:]
        if let config, let modelType = config.modelType, let template = Catalog.template(for: modelType), let shape = config.shape {
            let templateModules = template.modules(shape)
            for module in templateModules { classes[module.name] = module.className }
            if let prefix = template.baseModelPrefix {
                let bare = modules.filter { classes[$0] != nil }.count
                let prefixed = modules.filter { classes[prefix + "." + $0] != nil }.count
                if prefixed > bare {
                    modules = modules.map { prefix + "." + $0 }
                    detail += ", prefixed with '\(prefix).'"
                }
            }
            outputEmbedding = template.outputEmbedding
            if let output = outputEmbedding, !seen.contains(output), !modules.contains(output) {
                modules.append(output)
                detail += ", plus the tied \(output)"
            }
            detail += "; classes from the \(template.modelType) catalog template"
        }
        return Inventory(source: .modelDir, detail: detail,
                         modules: modules.map { ModuleInfo(name: $0, className: classes[$0]) },
                         modelType: config?.modelType,
                         numLayers: config?.numLayers ?? LayerCountInference.numLayers(in: modules),
                         outputEmbedding: outputEmbedding, transformers: config?.transformersVersion)
    }
}
