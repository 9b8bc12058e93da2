import Foundation
import Testing
@testable import GradienceLint

/// Regexes a config writes are evaluated under `RegexBudget`: a key that backtracks
/// catastrophically is reported and left out, never waited for, and the answer is the
/// same on every run.
@Suite struct RegexBudgetTests {
    /// Two projections per layer, plus module names built to make `(a+)+` explode.
    static func inventory(extra: [String]) -> Inventory {
        var modules = (0..<2).flatMap { layer in
            ["q_proj", "v_proj"].map { ModuleInfo(name: "model.layers.\(layer).self_attn.\($0)", className: "Linear") }
        }
        modules += extra.map { ModuleInfo(name: $0, className: "Linear") }
        return Inventory(source: .modulesFile, detail: "test", modules: modules, modelType: "llama")
    }

    static let evil = "model.layers.0." + String(repeating: "a", count: 40) + "!"

    @Test func aCatastrophicKeyIsReportedAndTheOthersStillResolve() {
        let spec = LoraSpec(r: 8, loraAlpha: 16, targetModules: .regex(".*"),
                            rankPattern: [PatternEntry(key: "(a+)+", value: 4), PatternEntry(key: "q_proj", value: 16)])
        let resolution = Resolver.resolve(spec: spec, inventory: Self.inventory(extra: [Self.evil]))
        #expect(resolution.keyProblems.count == 1)
        let problem = resolution.keyProblems[0]
        #expect(problem.key == "(a+)+")
        #expect(problem.problem.kind == .catastrophicBacktracking)
        #expect(problem.problem.description == "regex not evaluated: matching it against '\(Self.evil)' took more than 1000000 backtracking steps; Python's re backtracks the same way, so PEFT's own matching would hang on it too (nested quantifiers such as (a+)+ or (.*)* ?)")
        // Left out everywhere, not half-applied: the evil module and v_proj keep the default.
        let ranks = Dictionary(uniqueKeysWithValues: resolution.modules.map { ($0.name, $0.r) })
        #expect(ranks["model.layers.0.self_attn.q_proj"] == 16)
        #expect(ranks["model.layers.1.self_attn.v_proj"] == 8)
        #expect(ranks[Self.evil] == 8)
        #expect(!resolution.unmatchedRankKeys.contains("(a+)+"))
    }

    @Test func theBoundIsOnStepsSoTheAnswerIsTheSameEveryTime() {
        let spec = LoraSpec(r: 8, targetModules: .regex(".*"),
                            rankPattern: [PatternEntry(key: "(a+)+", value: 4), PatternEntry(key: "(a|aa)+", value: 2)])
        let inventory = Self.inventory(extra: [Self.evil])
        let first = Resolver.resolve(spec: spec, inventory: inventory)
        for _ in 0..<3 { #expect(Resolver.resolve(spec: spec, inventory: inventory) == first) }
        #expect(first.keyProblems.map(\.key) == ["(a+)+", "(a|aa)+"])
    }

    @Test func theFileBudgetStopsManyExpensiveKeys() {
        // Each key alone stays under the per-evaluation bound; together they pass the
        // file's, and every key after that point is reported, not evaluated.
        let keys = (0..<40).map { PatternEntry(key: "(a+)+x\($0)", value: 4) }
        let budget = RegexBudget(ticksPerEvaluation: 100, ticksPerFile: 150)
        let spec = LoraSpec(r: 8, targetModules: .regex(".*"), rankPattern: keys)
        let short = "model.layers.0." + String(repeating: "a", count: 17) + "!"
        let resolution = Resolver.resolve(spec: spec, inventory: Self.inventory(extra: [short]), budget: budget)
        #expect(!resolution.keyProblems.isEmpty)
        #expect(resolution.keyProblems.allSatisfy { $0.problem.kind == .budgetExhausted })
        #expect(resolution.keyProblems.last?.problem.message.hasPrefix("this file's regex work limit (1500000 backtracking steps) was used up") == true)
        // Past the file's limit each further evaluation stops at its first tick.
        #expect(budget.ticksUsed < 150 + keys.count)
    }

    @Test func aRunawayTargetModulesRegexMakesTheAnswerPartial() {
        let spec = LoraSpec(r: 8, targetModules: .regex("(.*a+)+"))
        let resolution = Resolver.resolve(spec: spec, inventory: Self.inventory(extra: [Self.evil]))
        #expect(resolution.problems.count == 1)
        #expect(resolution.problems[0].hasPrefix("target_modules: regex not evaluated: matching it against"))
        #expect(resolution.problems[0].hasSuffix("in \"(.*a+)+\"; the resolution treats it as matching nothing"))
    }

    @Test func realKeysOnLongRealNamesAreNeverStopped() {
        // Realistic regex keys against long but plausible names stay far below the bound.
        let names = (0..<80).map { "model.language_model.layers.\($0).block_sparse_moe.experts.7.feed_forward.w\($0 % 3 + 1)" }
        let keys = [#".*\.layers\.\d+\..*\.w[12]"#, #"model\.language_model\.layers\.(1|2|3)\..*"#, #".*experts\.\d+\.feed_forward\.w3"#,
                    #"(.*\.)*w1"#, #"(layers\.\d+\.)+.*"#]
        let spec = LoraSpec(r: 8, targetModules: .regex(".*"), rankPattern: keys.map { PatternEntry(key: $0, value: 4) })
        let budget = RegexBudget()
        let resolution = Resolver.resolve(spec: spec, inventory: Self.inventory(extra: names), budget: budget)
        #expect(resolution.keyProblems.isEmpty)
        #expect(budget.ticksUsed == 0)
    }

    @Test func boundedMatchingAgreesWithUnboundedMatching() throws {
        let regex = try PythonRegex.compile(#"(.*\.)?(layers\.[0-9]+\.q_proj)$"#, mode: .match).get()
        for name in ["model.layers.0.q_proj", "layers.1.q_proj", "model.layers.x.q_proj", ""] {
            #expect(try regex.matches(name, budget: RegexBudget()).get() == regex.matches(name))
        }
        let group = try PythonRegex.compile(#".*\.(\d+)\."#, mode: .match).get()
        #expect(try group.group(1, in: "model.layers.12.mlp", budget: RegexBudget()).get() == .some("12"))
    }
}
