import Foundation
import GradienceInventory

/// The PEFT layer's entry point: which modules get an adapter and with which r, alpha and
/// scaling, exactly as `LoraModel._create_and_replace` and `LoraLayer.update_layer` of the
/// chosen PEFT version compute them.
public enum Resolver {
    /// `budget` bounds the regex work (see `RegexBudget`); pass one per file. `memo`
    /// reuses the pattern lookups of an earlier resolution with the same keys.
    public static func resolve(spec: LoraSpec, inventory: Inventory, version: PeftVersion = .defaultVersion,
                               budget: RegexBudget = RegexBudget(), memo: PatternMemo? = nil) -> Resolution {
        var spec = spec
        var conversionFailure: String?
        switch MoEConfigConversion.convert(spec: spec, inventory: inventory, version: version) {
        case .unchanged: break
        case .converted(let converted): spec = converted
        case .raises(let reason): conversionFailure = reason
        }
        let targets = TargetDecisions.decide(spec: spec, inventory: inventory, version: version, budget: budget)
        // A ParamWrapper is looked up in the pattern dicts by the parameter's full name
        // (`create_and_replace_param` passes it as `current_key`).
        let classes = Dictionary(inventory.modules.map { ($0.name, $0.className) }, uniquingKeysWith: { first, _ in first })
        let adapted = targets.adapted.map { (key: $0.name, module: $0, parameter: String?.none) }
            + targets.adaptedParameters.map { (key: $0.fullName, module: ModuleInfo(name: $0.module, className: classes[$0.module] ?? nil),
                                               parameter: Optional($0.name)) }

        let style = PatternKeyStyle(version: version)
        let names = adapted.map(\.key)
        let rank = PatternDict(spec.rankPattern, style: style, names: names, budget: budget, memo: memo)
        let alpha = PatternDict(spec.alphaPattern, style: style, names: names, budget: budget, memo: memo)
        // Before 0.14 one lookup over chain(rank keys, alpha keys) served both dicts (#2194).
        let pooled = !version.hasFeature(since: 0, 14)

        var modules: [ModuleResolution] = []
        var rankKeysUsed: Set<Int> = []
        var alphaKeysUsed: Set<Int> = []
        let noPatterns = rank.keys.isEmpty && alpha.keys.isEmpty
        for (key, module, parameter) in adapted {
            // Without pattern keys nothing can match: skip splitting the name.
            let name = noPatterns ? nil : ModuleName(key)
            let rankMatches = name.map(rank.resolver.allMatches) ?? []
            let alphaMatches = name.map(alpha.resolver.allMatches) ?? []
            rankKeysUsed.formUnion(rankMatches)
            alphaKeysUsed.formUnion(alphaMatches)

            let given = lookup(key, rank: rank, alpha: alpha, rankMatches: rankMatches,
                               alphaMatches: alphaMatches, pooled: pooled, sorted: false)
            let reloaded = lookup(key, rank: rank, alpha: alpha, rankMatches: rankMatches,
                                  alphaMatches: alphaMatches, pooled: pooled, sorted: true)
            let r = rank.value(given.rankKey) ?? Double(spec.r)
            let a = alpha.value(given.alphaKey) ?? spec.loraAlpha
            var rankKeysMatching = rankMatches.map { rank.keys[$0] }
            var alphaKeysMatching = alphaMatches.map { alpha.keys[$0] }
            // The `dict.get(name)` fallback: an exact full-name key applies when no regex did.
            if let key = given.rankKey, !rankKeysMatching.contains(key) {
                rankKeysMatching.append(key)
                rankKeysUsed.insert(rank.position[key]!)
            }
            if let key = given.alphaKey, !alphaKeysMatching.contains(key) {
                alphaKeysMatching.append(key)
                alphaKeysUsed.insert(alpha.position[key]!)
            }
            modules.append(ModuleResolution(
                name: key, className: module.className, parameter: parameter,
                r: r, alpha: a, scaling: scaling(alpha: a, r: r, rslora: spec.useRslora),
                rankKey: given.rankKey, alphaKey: given.alphaKey,
                rankKeysMatching: rankKeysMatching, alphaKeysMatching: alphaKeysMatching,
                sortedRankKey: reloaded.rankKey, sortedAlphaKey: reloaded.alphaKey,
                sortedR: rank.value(reloaded.rankKey) ?? Double(spec.r),
                sortedAlpha: alpha.value(reloaded.alphaKey) ?? spec.loraAlpha))
            // `lora.MultiheadAttention.update_layer` wraps the attention's `out_proj` in a LoRA
            // Linear of its own with the same r and alpha (the outer key decides both).
            if parameter == nil, module.className == "MultiheadAttention" {
                var inner = modules[modules.count - 1]
                inner.name = key + ".out_proj"
                inner.className = "NonDynamicallyQuantizableLinear"
                modules.append(inner)
            }
        }

        var problems = targets.problems
        let ranks = Dictionary(modules.map { ($0.name, $0.r) }, uniquingKeysWith: { first, _ in first })
        let rejection = conversionFailure.map { PeftRejection($0, at: "target_modules") }
            ?? PeftRaises.reason(spec: spec, version: version, transformers: inventory.transformersVersion, targets: targets,
                                 adapted: targets.adapted, inventory: inventory, rank: { ranks[$0] })
        if modules.contains(where: { $0.r <= 0 }) {
            problems.append("a module resolves to r <= 0: LoraLayer.update_layer raises ValueError")
        }
        let failedRank = Set(rank.resolver.problems.map(\.index))
        let failedAlpha = Set(alpha.resolver.problems.map(\.index))
        return Resolution(
            version: version,
            modules: modules,
            skipped: targets.skipped,
            effectiveTargets: targets.effectiveTargets,
            unmatchedRankKeys: rank.keys.indices
                .filter { !rankKeysUsed.contains($0) && !failedRank.contains($0) }.map { rank.keys[$0] },
            unmatchedAlphaKeys: alpha.keys.indices
                .filter { !alphaKeysUsed.contains($0) && !failedAlpha.contains($0) }.map { alpha.keys[$0] },
            keyProblems: rank.resolver.problems.map { KeyProblem(field: .rankPattern, key: rank.keys[$0.index], problem: $0.problem) }
                + alpha.resolver.problems.map { KeyProblem(field: .alphaPattern, key: alpha.keys[$0.index], problem: $0.problem) },
            problems: problems,
            raises: rejection?.message,
            raisingSetting: rejection?.setting)
    }

    /// `LoraLayer.update_layer`.
    package static func scaling(alpha: Double, r: Double, rslora: Bool) -> Double {
        rslora ? alpha / r.squareRoot() : alpha / r
    }

    /// `_create_and_replace`'s lookup. Returns the keys whose values apply (nil: default).
    /// With `sorted`, the dicts are taken in the order `json.dumps(sort_keys=True)` saves them.
    private static func lookup(_ name: String, rank: PatternDict, alpha: PatternDict, rankMatches: [Int],
                               alphaMatches: [Int], pooled: Bool, sorted: Bool)
        -> (rankKey: String?, alphaKey: String?) {
        let rankWinner = sorted ? rankMatches.min { rank.sortedPosition[$0] < rank.sortedPosition[$1] } : rankMatches.first
        let alphaWinner = sorted ? alphaMatches.min { alpha.sortedPosition[$0] < alpha.sortedPosition[$1] } : alphaMatches.first
        if pooled {
            // next(filter(match, chain(rank keys, alpha keys)), name), then .get on both dicts.
            let key = rankWinner.map { rank.keys[$0] } ?? alphaWinner.map { alpha.keys[$0] } ?? name
            return (rank.contains(key) ? key : nil, alpha.contains(key) ? key : nil)
        }
        // get_pattern_key returns the name itself when nothing matches; `.get(name)` then
        // still finds an exact full-name key.
        let rankKey = rankWinner.map { rank.keys[$0] } ?? (rank.contains(name) ? name : nil)
        let alphaKey = alphaWinner.map { alpha.keys[$0] } ?? (alpha.contains(name) ? name : nil)
        return (rankKey, alphaKey)
    }
}

/// One pattern dict as Python holds it after `json.load` / YAML: a duplicate key keeps
/// its first position and takes its last value.
struct PatternDict {
    let keys: [String]
    let values: [String: Double]
    /// Each key's position in `keys`.
    let position: [String: Int]
    /// Each key's position after Python's `sorted()`.
    let sortedPosition: [Int]
    let resolver: PatternResolver

    init(_ entries: [PatternEntry], style: PatternKeyStyle, names: [String], budget: RegexBudget, memo: PatternMemo? = nil) {
        var keys: [String] = []
        var values: [String: Double] = [:]
        for entry in entries {
            if values.updateValue(entry.value, forKey: entry.key) == nil { keys.append(entry.key) }
        }
        self.keys = keys
        self.values = values
        position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var position = [Int](repeating: 0, count: keys.count)
        for (rank, index) in keys.indices.sorted(by: { pythonLess(keys[$0], keys[$1]) }).enumerated() {
            position[index] = rank
        }
        sortedPosition = position
        resolver = memo?.resolver(keys: keys, style: style, names: names, budget: budget)
            ?? PatternResolver(keys: keys, style: style, names: names, budget: budget)
    }

    func contains(_ key: String) -> Bool { values[key] != nil }
    func value(_ key: String?) -> Double? { key.flatMap { values[$0] } }
}
