import Foundation
import Testing
@testable import GradienceLint

/// Adapters real PEFT 0.21.2 saved on transformers 5.24's fused Mixtral experts
/// (`fixtures/paramwrapper/`, written by its generate.py), linted against that base model's
/// folder (`fixtures/modeldir/5.24.0/mixtral/`). What PEFT adapted is in each `expected.json`.
@Suite struct ParamWrapperAdapterTests {
    static let cases = ["all-linear", "target-parameters", "w1-w2-w3"]

    static func expected(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.url("fixtures/paramwrapper/\(name)/expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func lint(_ name: String, config: ((String) -> String)? = nil) throws -> (Linter.FileResult, [Diagnostic]) {
        let base = try CheckpointNameMappingTests.folder("5.24.0", "mixtral")
        defer { base.cleanUp() }
        let adapter = try TemporaryFolder()
        defer { adapter.cleanUp() }
        let source = "fixtures/paramwrapper/\(name)/"
        let text = try String(contentsOf: Fixtures.url(source + "adapter_config.json"), encoding: .utf8)
        let edited = config?(text) ?? text
        let path = try adapter.write("adapter_config.json", edited)
        _ = try adapter.write("adapter_model.safetensors", Array(try Data(contentsOf: Fixtures.url(source + "adapter_model.safetensors"))))
        var options = LintOptions()
        options.peftVersion = PeftVersion(0, 21, 2)
        options.model.modelDirectory = base.path
        let result = Linter(options: options).lint(SourceText(path: path, bytes: Array(edited.utf8)))
        return (result, result.diagnostics)
    }

    /// The resolution is PEFT's, layer by layer: module, parameter, r and alpha.
    @Test(arguments: cases) func resolvesAsRealPeftAdapted(name: String) throws {
        let (result, _) = try Self.lint(name)
        let resolution = try #require(result.analyses.first?.resolution)
        let want = (try Self.expected(name)["adapted"] as! [[Any]]).map { row in
            "\(row[0] as! String)|\(row[1] as? String ?? "")|\(row[2] as! Int)|\(row[3] as! Int)"
        }
        let got = resolution.modules.map { "\($0.module)|\($0.parameter ?? "")|\(Int($0.r))|\(Int($0.alpha))" }
        #expect(Set(got) == Set(want))
        #expect(resolution.raises == nil)
    }

    /// Saved nested ParamWrappers (`experts.lora_A`, `experts.base_layer.lora_A`, A of
    /// `[r * num_experts, in]`) are the trained ranks the config resolves to: no GL015, and
    /// the config PEFT wrote itself draws no finding at all.
    @Test func weightsAgreeWithTheirConfig() throws {
        #expect(try Self.lint("all-linear").1.map(\.code) == [])
        #expect(try Self.lint("w1-w2-w3").1.map(\.code) == [])
        // The hand-written rank_pattern gets the policy findings, never GL015.
        #expect(try Self.lint("target-parameters").1.map(\.code) == ["GL002", "GL003", "GL007"])
    }

    @Test func aConfigThatDisagreesWithItsWeightsIsGL015() throws {
        let (_, diagnostics) = try Self.lint("target-parameters") { $0.replacingOccurrences(of: #""down_proj": 2"#, with: #""down_proj": 4"#) }
        let gl015 = diagnostics.filter { $0.code == "GL015" }.map(\.message)
        #expect(gl015 == ["rank_pattern key 'down_proj' gives r=4, but the weights were trained at r=2 for 3 modules: model.layers.0.mlp.experts.down_proj, model.layers.1.mlp.experts.down_proj, model.layers.2.mlp.experts.down_proj; size mismatch at load time, or a pattern PEFT ignored during training"])
    }

    /// `ParamWrapper.__init__` refuses dropout and DoRA: the resolver says so in PEFT's words.
    @Test(arguments: ["dropout-raises", "dora-raises"]) func rejectedOptionsRaise(name: String) throws {
        let expected = try Self.expected(name)
        let error = try #require(expected["error"] as? [String])
        let config = expected["config"] as! [String: Any]
        var spec = ResolverDifferentialTests.spec(from: config)
        spec.loraDropout = (config["lora_dropout"] as? NSNumber)?.doubleValue ?? 0
        spec.useDora = config["use_dora"] as? Bool ?? false
        spec.targetParameters = config["target_parameters"] as? [String]
        let mixtral = try #require(try RealPeftDifferentialTests.load("p0212-t5").models["mixtral"]).inventory
        let raises = try #require(Resolver.resolve(spec: spec, inventory: mixtral, version: PeftVersion(0, 21, 2)).raises)
        #expect(raises.hasPrefix("PEFT raises \(error[0]): \(error[1])"))
    }
}
