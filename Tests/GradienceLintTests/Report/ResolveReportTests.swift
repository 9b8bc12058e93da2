import Testing
@testable import GradienceLint

/// `resolve` output, checked against values worked out by hand from PEFT's code:
/// `get_pattern_key` takes the first matching key in dict order; scaling is
/// `alpha / sqrt(r)` with `use_rslora` (`LoraLayer.update_layer`).
@Suite struct ResolveReportTests {
    private func analysis() throws -> Linter.Analysis {
        var options = LintOptions()
        options.model.architecture = "llama"
        options.model.numLayers = 2
        let result = Linter(options: options).lint(Fixtures.source("fixtures/resolve-report/adapter_config.json"))
        return try #require(result.analyses.first)
    }

    @Test func modulesResolveAsPeftDoes() throws {
        let resolution = try #require(try analysis().resolution)
        let rows = resolution.modules.map { "\($0.name) r=\(LoraSettings.format($0.r)) alpha=\(LoraSettings.format($0.alpha)) key=\($0.rankKey ?? "-") sorted=\($0.sortedRankKey ?? "-")" }
        #expect(rows == [
            // layer 1 q_proj: both the full name and q_proj match; the full name is first in
            // the file and also first after sorting ("model…" < "q_proj").
            "model.layers.0.self_attn.q_proj r=16 alpha=16 key=q_proj sorted=q_proj",
            "model.layers.0.self_attn.v_proj r=16 alpha=32 key=v_proj sorted=v_proj",
            "model.layers.1.self_attn.q_proj r=4 alpha=16 key=model.layers.1.self_attn.q_proj sorted=model.layers.1.self_attn.q_proj",
            "model.layers.1.self_attn.v_proj r=16 alpha=32 key=v_proj sorted=v_proj",
        ])
        #expect(resolution.modules[0].scaling == 4.0)  // 16 / sqrt(16)
        #expect(resolution.modules[2].scaling == 8.0)  // 16 / sqrt(4)
        #expect(resolution.unmatchedRankKeys == ["base_model.model.model.layers.0.self_attn.q_proj"])
    }

    @Test func jsonAndHumanOutputsAreGolden() throws {
        let analysis = try analysis()
        let path = "fixtures/resolve-report/adapter_config.json"
        Golden.check(ResolveReport.json(path: path, analysis: analysis, version: .defaultVersion), against: "fixtures/resolve-report/expected.json")
        Golden.check(ResolveReport.human(path: path, analysis: analysis, version: .defaultVersion), against: "fixtures/resolve-report/expected.txt")
    }
}

/// `resolve` on a published-style adapter folder shows the trained rank beside the resolved one.
@Suite struct ResolveTrainedRankTests {
    @Test func trainedRanksAndMismatchesAreShown() throws {
        let result = Linter(options: LintOptions()).lint(Fixtures.source("fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json"))
        let analysis = try #require(result.analyses.first)
        let human = ResolveReport.human(path: "x", analysis: analysis, version: .defaultVersion)
        #expect(human.contains("model.layers.0.self_attn.q_proj  4      8        2  (default r)  (default lora_alpha)  4          MISMATCH: pattern-ignored"))
        #expect(human.contains("model.layers.1.self_attn.v_proj  4      8        2  (default r)  (default lora_alpha)  4          ok"))
        let json = ResolveReport.json(path: "x", analysis: analysis, version: .defaultVersion)
        #expect(json.contains("\"trained_r\": 4,\n      \"trained_status\": \"pattern-ignored\""))
    }

    @Test func glOneFixIsDisplayOnlyBesideTrainedWeights() {
        let result = Linter(options: LintOptions()).lint(Fixtures.source("fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json"))
        let gl001 = result.diagnostics.filter { $0.code == "GL001" }
        #expect(!gl001.isEmpty)
        #expect(gl001.allSatisfy { $0.fix?.applicability == .displayOnly })
    }
}
