import GradienceInventory
/// What the weights say against what the config says, module by module: the trained rank
/// (`lora_A.shape[0]` in `adapter_model.safetensors`) beside PEFT's resolution of the
/// config. Loading an adapter builds every layer at the resolved rank and then copies the
/// saved tensors in (`set_peft_model_state_dict`), so a row that is not `ok` is either a
/// "size mismatch" at load time or trained weights that loading leaves out.
public enum TrainedRanks {
    /// One row per module the config adapts (in resolution order), then one per module
    /// the weights hold that the config does not adapt (in file order).
    ///
    /// `intended` is the resolution of the config as it evidently means it (GL001's keys
    /// with their wrapper prefix stripped); a module that trained at the resolved rank
    /// where the intended one differs is `patternIgnored`.
    public static func compare(resolution: Resolution, weights: AdapterWeights, inventory: Inventory? = nil,
                               intended: Resolution? = nil) -> [ModuleComparison] {
        let wrappers = ParameterWrappers(resolution: resolution, inventory: inventory)
        let trainedModules = weights.modules.map(wrappers.trained)
        var trained: [String: TrainedModule] = [:]
        for module in trainedModules where trained[module.name] == nil { trained[module.name] = module }
        let intendedByName = Dictionary((intended?.modules ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        var rows: [ModuleComparison] = []
        var adapted = Set<String>()
        for module in resolution.modules {
            adapted.insert(module.name)
            var row = ModuleComparison(module: module.name, status: .ok, resolvedRank: module.r, rankKey: module.rankKey)
            guard let weight = trained[module.name] else {
                row.status = .targetedNotTrained
                rows.append(row)
                continue
            }
            row.trainedRank = weight.rank
            row.tensorName = weight.weights.tensorName
            // DoRA magnitude or B without A: the file says the module was trained, not at which rank.
            if let rank = weight.rank {
                if Double(rank) != module.r {
                    row.status = .rankMismatch
                } else if let meant = intendedByName[module.name], meant.r != module.r, let key = meant.rankKey {
                    row.status = .patternIgnored
                    row.intendedRank = meant.r
                    row.intendedKey = key
                }
            }
            rows.append(row)
        }

        let skipReasons = Dictionary(resolution.skipped.map { ($0.name, $0.reason) }, uniquingKeysWith: { first, _ in first })
        var reported = Set<String>()
        for weight in trainedModules where !adapted.contains(weight.name) && reported.insert(weight.name).inserted {
            rows.append(ModuleComparison(module: weight.name, status: .trainedNotTargeted, trainedRank: weight.rank,
                                         tensorName: weight.weights.tensorName, skipReason: skipReasons[weight.name]))
        }
        return rows
    }

    /// A trained module under the name the resolution gives it, with the rank its shapes mean.
    struct TrainedModule {
        var name: String
        var rank: Int?
        var weights: AdapterWeights.AdaptedModule
    }
}

/// Which adapter of the resolution a module's saved tensors belong to. A ParamWrapper's
/// are the parameter's (`_inject_parameters` in peft's tuners_utils.py wraps a module's
/// targeted parameters in its `named_parameters()` order, each new wrapper around the last,
/// so the outermost, saved at depth 0, is the last targeted parameter). Its `lora_A` is
/// `nn.Linear(in_features, r * num_experts)` (`ParamWrapper.update_layer`), num_experts
/// being a 3-D parameter's first dimension and 1 for a 2-D one.
struct ParameterWrappers {
    /// The resolution's ParamWrapper names per module, innermost first.
    private var byModule: [String: [String]] = [:]
    private var dimensions: [String: Int] = [:]
    private let numExperts: Int?

    init(resolution: Resolution, inventory: Inventory?) {
        for module in resolution.modules where module.parameter != nil { byModule[module.module, default: []].append(module.name) }
        if !byModule.isEmpty, let inventory {
            for parameter in inventory.targetableParameters { dimensions[parameter.fullName] = parameter.dimensions }
        }
        numExperts = inventory?.numExperts
    }

    func trained(_ module: AdapterWeights.AdaptedModule) -> TrainedRanks.TrainedModule {
        let wrapped = byModule[module.module] ?? []
        guard !wrapped.isEmpty || module.wrapperDepth > 0 else {
            return TrainedRanks.TrainedModule(name: module.module, rank: module.rank, weights: module)
        }
        let index = wrapped.count - 1 - module.wrapperDepth
        guard wrapped.indices.contains(index) else {
            // Nesting the config does not explain: keep the saved path so the row says where it is.
            let name = ([module.module] + Array(repeating: "base_layer", count: module.wrapperDepth)).joined(separator: ".")
            return TrainedRanks.TrainedModule(name: name, rank: module.rank, weights: module)
        }
        var rank = module.rank
        if dimensions[wrapped[index]] == 3, let stacked = rank {
            // Without the expert count the rank cannot be told from the shape.
            if let numExperts, numExperts > 0, stacked % numExperts == 0 { rank = stacked / numExperts } else { rank = nil }
        }
        return TrainedRanks.TrainedModule(name: wrapped[index], rank: rank, weights: module)
    }
}

/// One module's trained rank beside its resolved one.
public struct ModuleComparison: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case ok
        /// Trained at a rank other than the resolved one: loading fails with a size mismatch.
        case rankMismatch = "rank-mismatch"
        /// Trained at the resolved rank, but the config evidently asks for another one
        /// through a key PEFT never matches (GL001): the pattern was ignored in training.
        case patternIgnored = "pattern-ignored"
        /// In the weights, but the config does not adapt it: loading leaves it out.
        case trainedNotTargeted = "trained-not-targeted"
        /// Adapted by the config, but the weights hold nothing for it: it loads untrained.
        case targetedNotTrained = "targeted-not-trained"
    }

    public var module: String
    public var status: Status
    /// PEFT's r for the module; nil when the config does not adapt it.
    public var resolvedRank: Double?
    /// The `rank_pattern` key that set `resolvedRank`; nil when the default `r` applied.
    public var rankKey: String?
    /// `lora_A.shape[0]`; nil when the weights hold no A tensor for the module.
    public var trainedRank: Int?
    /// The tensor `trainedRank` was read from.
    public var tensorName: String?
    /// Why the config does not adapt a trained module; nil when the module is not in the
    /// inventory at all (or the status is another one).
    public var skipReason: SkippedModule.Reason?
    /// For `patternIgnored`: the rank the config means and the key that means it (as the
    /// intended resolution names it).
    public var intendedRank: Double?
    public var intendedKey: String?

    public init(module: String, status: Status, resolvedRank: Double? = nil, rankKey: String? = nil,
                trainedRank: Int? = nil, tensorName: String? = nil, skipReason: SkippedModule.Reason? = nil,
                intendedRank: Double? = nil, intendedKey: String? = nil) {
        self.module = module
        self.status = status
        self.resolvedRank = resolvedRank
        self.rankKey = rankKey
        self.trainedRank = trainedRank
        self.tensorName = tensorName
        self.skipReason = skipReason
        self.intendedRank = intendedRank
        self.intendedKey = intendedKey
    }

    /// For a `resolve` table's mismatch column.
    public var isMismatch: Bool { status != .ok }
}
