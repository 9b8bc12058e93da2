import GradienceInventory
/// `TargetMatcher`'s verdict on every module of an inventory: which get an adapter, and
/// why the others do not.
///
/// The verdict depends only on the target settings, the PEFT version and the inventory,
/// and a zoo's configs share a few base models and target lists: deciding every module of
/// an 80-layer model again for each file was the largest cost of linting a zoo. So each
/// distinct question is answered once per run.
struct TargetDecisions {
    let adapted: [ModuleInfo]
    let skipped: [SkippedModule]
    let problems: [String]
    let effectiveTargets: EffectiveTargets
    /// Parameters `target_parameters` wraps in a `lora.ParamWrapper` (`_inject_parameters`).
    let adaptedParameters: [ParameterInfo]
    /// `int()` of a captured layer index raised (see `TargetMatcher.layerIndexFailure`).
    let layerIndexFailure: String?

    /// `budget` bounds the regex work of the first file that asks a question; later files
    /// get the cached answer, problems included.
    static func decide(spec: LoraSpec, inventory: Inventory, version: PeftVersion, budget: RegexBudget) -> TargetDecisions {
        answers.value(for: Question(spec: spec, inventory: inventory, version: version)) {
            compute(spec: spec, inventory: inventory, version: version, budget: budget)
        }
    }

    private static func compute(spec: LoraSpec, inventory: Inventory, version: PeftVersion, budget: RegexBudget) -> TargetDecisions {
        var matcher = TargetMatcher(spec: spec, inventory: inventory, version: version, budget: budget)
        var adapted: [ModuleInfo] = []
        var skipped: [SkippedModule] = []
        for module in inventory.modules where !module.name.isEmpty {
            switch matcher.decide(module.name) {
            case .adapted: adapted.append(module)
            case .skipped(let reason): skipped.append(SkippedModule(name: module.name, reason: reason))
            }
        }
        return TargetDecisions(adapted: adapted, skipped: skipped, problems: matcher.problems,
                               effectiveTargets: matcher.effectiveTargets,
                               adaptedParameters: parameters(spec.targetParameters ?? [], inventory: inventory),
                               layerIndexFailure: matcher.layerIndexFailure)
    }

    /// `BaseTuner._inject_parameters`: a parameter whose full name equals an entry or ends
    /// with `"." + entry`.
    private static func parameters(_ entries: [String], inventory: Inventory) -> [ParameterInfo] {
        guard !entries.isEmpty else { return [] }
        let exact = Set(entries)
        let listed = inventory.targetableParameters.filter { parameter in
            let key = parameter.fullName
            return exact.contains(key) || entries.contains { key.hasSuffix(".\($0)") }
        }
        let known = Set(listed.map(\.fullName))
        return listed + inventory.standardWeights(matching: entries).filter { !known.contains($0.fullName) }
    }

    // A zoo asks about a hundred or so distinct questions; 64 made it start over and
    // answer them again.
    private static let answers = Memo<Question, TargetDecisions>(limit: 256)

    /// Everything `TargetMatcher` reads. The inventory is kept whole and compared whole
    /// (cheap when it is the same value: its arrays share storage); the hash takes only
    /// its size, type and first and last names, so asking costs O(1) for a cached
    /// inventory.
    private struct Question: Hashable {
        let targetModules: TargetModules?
        let excludeModules: TargetModules?
        let modulesToSave: [String]?
        let layersToTransform: [Int]?
        let layersPattern: [String]?
        let taskType: String?
        let targetParameters: [String]?
        let additionalTargets: [String]
        let ensureWeightTying: Bool
        let tiedEmbeddings: Bool?
        let version: PeftVersion
        let inventory: Inventory

        init(spec: LoraSpec, inventory: Inventory, version: PeftVersion) {
            targetModules = spec.targetModules
            excludeModules = spec.excludeModules
            modulesToSave = spec.modulesToSave
            layersToTransform = spec.layersToTransform
            layersPattern = spec.layersPattern
            taskType = spec.taskType
            targetParameters = spec.targetParameters
            additionalTargets = spec.additionalTargets
            ensureWeightTying = spec.ensureWeightTying
            tiedEmbeddings = inventory.tiedEmbeddings
            self.version = version
            self.inventory = inventory
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(targetModules)
            hasher.combine(excludeModules)
            hasher.combine(modulesToSave)
            hasher.combine(layersToTransform)
            hasher.combine(layersPattern)
            hasher.combine(taskType)
            hasher.combine(targetParameters)
            hasher.combine(additionalTargets)
            hasher.combine(ensureWeightTying)
            hasher.combine(version)
            hasher.combine(inventory.modules.count)
            hasher.combine(inventory.modelType)
            hasher.combine(inventory.modules.first?.name)
            hasher.combine(inventory.modules.last?.name)
        }

        static func == (lhs: Question, rhs: Question) -> Bool {
            lhs.targetModules == rhs.targetModules && lhs.excludeModules == rhs.excludeModules
                && lhs.modulesToSave == rhs.modulesToSave && lhs.layersToTransform == rhs.layersToTransform
                && lhs.layersPattern == rhs.layersPattern && lhs.taskType == rhs.taskType
                && lhs.targetParameters == rhs.targetParameters && lhs.additionalTargets == rhs.additionalTargets
                && lhs.ensureWeightTying == rhs.ensureWeightTying && lhs.tiedEmbeddings == rhs.tiedEmbeddings
                && lhs.version == rhs.version
                && lhs.inventory == rhs.inventory
        }
    }
}
