import Testing
@testable import GradienceLint
@testable import GradienceInventory
@testable import GradiencePEFT

// Focused cases worked out by hand from PEFT's code; each assertion is exact.

private func llamaInventory(layers: Int = 12) -> Inventory {
    var modules: [ModuleInfo] = []
    for layer in 0..<layers {
        for projection in ["q_proj", "k_proj", "v_proj", "o_proj"] {
            modules.append(ModuleInfo(name: "model.layers.\(layer).self_attn.\(projection)", className: "Linear"))
        }
        modules.append(ModuleInfo(name: "model.layers.\(layer).mlp.down_proj", className: "Linear"))
    }
    modules.append(ModuleInfo(name: "lm_head", className: "Linear"))
    return Inventory(source: .modulesFile, detail: "test", modules: modules, modelType: "llama", outputEmbedding: "lm_head")
}

@Test func versionParsingAndOrder() throws {
    #expect(PeftVersion("0.18.1") == PeftVersion(0, 18, 1))
    #expect(PeftVersion("v0.20.1.dev0") == PeftVersion(0, 20, 1, preRelease: .dev(0)))
    #expect(PeftVersion("0.18.0.dev0@abc123")?.description == "0.18.0.dev0")
    #expect(PeftVersion("0.18.0rc0")! < PeftVersion("0.18.0")!)
    #expect(PeftVersion("0.20.1.dev0")! > PeftVersion("0.20.0")!)
    #expect(PeftVersion("0.9.0")! < PeftVersion("0.13.0")!)
    #expect(PeftVersion("banana") == nil)
    #expect(PeftVersion.defaultVersion.description == "0.21.2")
}

@Test func pythonSortOrderIsCodePointOrder() {
    // Python: "Z" < "_" < "a" < "é"; uppercase before lowercase.
    #expect(["é", "a", "_", "Z", "q_proj", "Q_proj"].pythonSorted() == ["Q_proj", "Z", "_", "a", "q_proj", "é"])
}

@Test func keyMatchesWholeNameOrDottedSuffixOnly() {
    let resolver = PatternResolver(keys: ["proj", "q_proj", "layers.1.self_attn.q_proj"], style: .wholeOrDottedSuffix)
    #expect(resolver.allMatches("model.layers.0.self_attn.q_proj") == [1])
    #expect(resolver.allMatches("model.layers.1.self_attn.q_proj") == [1, 2])
    #expect(resolver.allMatches("model.layers.11.self_attn.q_proj") == [1])
    #expect(resolver.allMatches("xq_proj") == [])
    #expect(resolver.allMatches("q_proj") == [1])
    // Unescaped dots are wildcards: `layers.1Xself_attn` still matches.
    #expect(resolver.allMatches("model.layers.1Xself_attn.q_proj") == [1, 2])
}

@Test func oldStyleNeedsADotBeforeTheKey() {
    let resolver = PatternResolver(keys: ["q_proj", "model.layers.0.self_attn.q_proj", "q_proj|v_proj"], style: .dottedSuffixOnly)
    #expect(resolver.allMatches("q_proj") == [])
    #expect(resolver.allMatches("model.layers.0.self_attn.q_proj") == [0, 2])
    // `.*\.q_proj|v_proj$` is an alternation at the top: the v_proj branch must match at the start.
    #expect(resolver.allMatches("model.layers.0.self_attn.v_proj") == [])
    #expect(resolver.allMatches("v_proj") == [2])
}

@Test func firstMatchHonoursOrderAcrossLiteralAndRegexKeys() {
    let keys = [#"model\.layers\.0\..*"#, "q_proj", "self_attn.q_proj"]
    let resolver = PatternResolver(keys: keys, style: .wholeOrDottedSuffix)
    #expect(resolver.firstMatch("model.layers.0.self_attn.q_proj") == 0)
    #expect(resolver.firstMatch("model.layers.1.self_attn.q_proj") == 1)
    #expect(resolver.firstMatch("model.layers.1.mlp.down_proj") == nil)
}

@Test func invalidKeysAreReportedNotGuessed() {
    let resolver = PatternResolver(keys: ["q_proj(", "(?i)q_proj", "v_proj"], style: .wholeOrDottedSuffix)
    #expect(resolver.problems.map(\.index) == [0, 1])
    #expect(resolver.problems[1].problem.message == "global flags not at the start of the expression")
    #expect(resolver.allMatches("a.v_proj") == [2])
}

@Test func pooledLookupBefore014() {
    // 0.13: chain(rank keys, alpha keys); the rank key wins and alpha_pattern.get(rank key) misses.
    let spec = LoraSpec(r: 8, loraAlpha: 16, targetModules: .list(["q_proj"]),
                        rankPattern: [PatternEntry(key: "layers.0.self_attn.q_proj", value: 32)],
                        alphaPattern: [PatternEntry(key: "q_proj", value: 64)])
    let old = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: PeftVersion(0, 13, 2))
    let new = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: PeftVersion(0, 14, 0))
    let oldLayer0 = old.modules.first { $0.name == "model.layers.0.self_attn.q_proj" }!
    let newLayer0 = new.modules.first { $0.name == "model.layers.0.self_attn.q_proj" }!
    #expect((oldLayer0.r, oldLayer0.alpha, oldLayer0.alphaKey) == (32, 16, nil))
    #expect((newLayer0.r, newLayer0.alpha, newLayer0.alphaKey) == (32, 64, "q_proj"))
    #expect(newLayer0.scaling == 2.0)
}

@Test func sortedReloadChangesTheWinner() {
    let spec = LoraSpec(r: 8, loraAlpha: 16, targetModules: .list(["q_proj"]),
                        rankPattern: [PatternEntry(key: "q_proj", value: 4), PatternEntry(key: "layers.0.self_attn.q_proj", value: 32)])
    let resolution = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: .defaultVersion)
    let layer0 = resolution.modules.first { $0.name == "model.layers.0.self_attn.q_proj" }!
    #expect(layer0.rankKeysMatching == ["q_proj", "layers.0.self_attn.q_proj"])
    #expect((layer0.r, layer0.rankKey) == (4, "q_proj"))
    #expect((layer0.sortedR, layer0.sortedRankKey) == (32, "layers.0.self_attn.q_proj"))
    #expect(resolution.unmatchedRankKeys.isEmpty)
}

@Test func rsloraScaling() {
    let spec = LoraSpec(r: 16, loraAlpha: 16, targetModules: .list(["v_proj"]), useRslora: true)
    let module = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: .defaultVersion).modules[0]
    #expect(module.scaling == 4.0)
}

@Test func layerIndexIsGreedyUntil020() {
    let moe = Inventory(source: .modulesFile, detail: "test",
                        modules: [ModuleInfo(name: "model.layers.3.mlp.experts.7.down_proj", className: "Linear")])
    let spec = LoraSpec(targetModules: .list(["down_proj"]), layersToTransform: [3])
    #expect(Resolver.resolve(spec: spec, inventory: moe, version: PeftVersion(0, 18, 1)).skipped.map(\.reason) == [.layerNotSelected(7)])
    #expect(Resolver.resolve(spec: spec, inventory: moe, version: PeftVersion(0, 20, 0)).modules.count == 1)
}

@Test func defaultTargetsAreReported() {
    let resolution = Resolver.resolve(spec: LoraSpec(), inventory: llamaInventory(), version: .defaultVersion)
    #expect(resolution.usedDefaultTargets)
    #expect(resolution.effectiveTargets.list == ["q_proj", "v_proj"])
    #expect(resolution.modules.count == 24)
    var phi3 = llamaInventory()
    phi3.modelType = "phi3"
    let none = Resolver.resolve(spec: LoraSpec(), inventory: phi3, version: .defaultVersion)
    #expect(none.modules.isEmpty && none.problems.count == 1)
}

@Test func condensationAppliesTheLayerFilterToFullNames() {
    // 24 full names ≥ MIN_TARGET_MODULES_FOR_OPTIMIZATION: condensed to {q_proj, v_proj},
    // which are suffix matches, so layers_to_transform now filters them.
    let names = (0..<12).flatMap { ["model.layers.\($0).self_attn.q_proj", "model.layers.\($0).self_attn.v_proj"] }
    let spec = LoraSpec(targetModules: .list(names), layersToTransform: [0])
    let resolution = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: .defaultVersion)
    #expect(resolution.effectiveTargets.condensed == ["q_proj", "v_proj"])
    #expect(resolution.modules.map(\.name) == ["model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj"])
}

@Test func modulesToSaveExcludesFrom016() {
    let spec = LoraSpec(targetModules: .list(["q_proj", "lm_head"]), modulesToSave: ["lm_head"])
    #expect(Resolver.resolve(spec: spec, inventory: llamaInventory(), version: PeftVersion(0, 15, 2)).modules.count == 13)
    let resolution = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: PeftVersion(0, 16, 0))
    #expect(resolution.modules.count == 12)
    #expect(resolution.skipped.contains(SkippedModule(name: "lm_head", reason: .modulesToSave("lm_head"))))
}

@Test func translationTableSpotChecks() throws {
    let dollar = try PythonRegex.compile("a$", mode: .match).get()
    #expect(dollar.matches("a\n") && !dollar.matches("a\r") && !dollar.matches("a\n\n"))
    let endZ = try PythonRegex.compile(#"a\Z"#, mode: .match).get()
    #expect(endZ.matches("a") && !endZ.matches("a\n"))
    let named = try PythonRegex.compile("(?P<x>q)(?P=x)", mode: .fullMatch).get()
    #expect(named.matches("qq") && !named.matches("q"))
    #expect(try PythonRegex.compile("[]a]+", mode: .fullMatch).get().matches("]a]"))
    if case .failure(let problem) = PythonRegex.compile("(?<=a|bc)d", mode: .match) {
        #expect(problem.kind == .invalid && problem.message == "look-behind requires fixed-width pattern")
    } else {
        Issue.record("variable-width look-behind must be rejected")
    }
    if case .failure(let problem) = PythonRegex.compile(#"\e"#, mode: .match) {
        #expect(problem.message == #"bad escape \e"#)
    } else {
        Issue.record(#"\e must be rejected"#)
    }
    let layer = try PythonRegex.compile(#".*?\.[^.]*\.(\d+)\."#, mode: .match).get()
    #expect(layer.group(1, in: "model.layers.3.mlp.experts.7.down_proj") == .some("3"))
}

@Test func aMemoisedResolutionAgreesWithAFreshOne() {
    // GL002 and GL004 re-resolve edited specs with the same keys through a `PatternMemo`;
    // the reused lookups must answer as freshly built ones would, for other values too.
    let keys = ["layers[.]1[.]self_attn[.]q_proj", "q_proj", "(k|v)_proj", "layers.0.mlp.down_proj", "lm_(head)"]
    let spec = LoraSpec(r: 8, loraAlpha: 16, targetModules: .list(["q_proj", "k_proj", "v_proj", "down_proj"]),
                        rankPattern: keys.enumerated().map { PatternEntry(key: $1, value: Double($0 + 2)) },
                        alphaPattern: [PatternEntry(key: "(k|v)_proj", value: 64)])
    var edited = spec
    edited.r = 4
    edited.rankPattern = keys.map { PatternEntry(key: $0, value: 3) }
    let memo = PatternMemo()
    for version in [PeftVersion(0, 13, 2), .defaultVersion] {
        let first = Resolver.resolve(spec: spec, inventory: llamaInventory(), version: version, memo: memo)
        #expect(first == Resolver.resolve(spec: spec, inventory: llamaInventory(), version: version))
        let reused = Resolver.resolve(spec: edited, inventory: llamaInventory(), version: version, memo: memo)
        #expect(reused == Resolver.resolve(spec: edited, inventory: llamaInventory(), version: version))
        #expect(reused != first)
    }
    // Different keys are never answered from the memo.
    var other = spec
    other.rankPattern = [PatternEntry(key: "o_proj", value: 2)]
    #expect(Resolver.resolve(spec: other, inventory: llamaInventory(), memo: memo) == Resolver.resolve(spec: other, inventory: llamaInventory()))
}

@Test func aRegexKeyAnswersForANameNotGivenAtInit() {
    // Compiled regexes are dropped after the names given at init; another name compiles again.
    let resolver = PatternResolver(keys: ["(q|v)_proj", "k_proj"], style: .wholeOrDottedSuffix, names: ["a.q_proj"])
    #expect(resolver.allMatches("a.q_proj") == [0])
    #expect(resolver.allMatches("b.v_proj") == [0])
    #expect(resolver.allMatches("b.o_proj") == [])
    #expect(resolver.firstMatch("c.v_proj") == 0)
}

/// `_convert_peft_config_moe` (peft utils/transformers_weight_conversion.py) runs from 0.19 on
/// transformers 5; 0.19 lacks `_resolve_string_target_modules`, so `set("all-linear")` is a set
/// of characters and nothing is found. Worked out from `git show v0.19.0:…` and v0.20.0.
@Test func moeConversionOnTransformers5Since019() throws {
    let mixtral = try #require(try RealPeftDifferentialTests.load("p0212-t5").models["mixtral"]).inventory
    func adapted(_ spec: LoraSpec, _ version: PeftVersion) -> [String] {
        Resolver.resolve(spec: spec, inventory: mixtral, version: version).modules.map { "\($0.module)/\($0.parameter ?? "")=\($0.r)" }
    }
    let experts = LoraSpec(r: 4, loraAlpha: 8, targetModules: .list(["w1", "w2", "w3"]))
    let converted = adapted(experts, PeftVersion(0, 21, 2))
    #expect(converted.contains("model.layers.0.mlp.experts/gate_up_proj=8.0"))
    #expect(converted.contains("model.layers.0.mlp.experts/down_proj=4.0"))
    #expect(adapted(experts, PeftVersion(0, 20, 0)) == converted)
    #expect(adapted(experts, PeftVersion(0, 19, 1)) == converted)
    // 0.18 does not convert: w1/w2/w3 name no module of the fused layout.
    #expect(Resolver.resolve(spec: experts, inventory: mixtral, version: PeftVersion(0, 18, 1)).raises != nil)

    let allLinear = LoraSpec(r: 4, loraAlpha: 8, targetModules: .allLinear)
    #expect(adapted(allLinear, PeftVersion(0, 20, 0)) == adapted(allLinear, PeftVersion(0, 21, 2)))
    let old = Resolver.resolve(spec: allLinear, inventory: mixtral, version: PeftVersion(0, 19, 1))
    #expect(old.modules.isEmpty)
    #expect(old.raises?.contains("not found") == true)
}
