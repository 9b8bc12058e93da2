import Foundation
import Testing
@testable import GradienceLint

/// `gradience-lint check fixtures/adapters`: adapter folders laid out as PEFT 0.18.1
/// publishes them (written by `fixtures/adapters/generate.py` with the real safetensors
/// library), one consistent and two with the failures GL015 exists for.
@Suite struct AdapterFolderTests {
    /// Lints with absolute paths (the weights are found beside the config whatever the
    /// working folder) and reports paths relative to the package root, as the CLI run from
    /// the root does.
    static func lintAdapters() -> (diagnostics: [Diagnostic], files: Int) {
        let root = Fixtures.packageRoot.path + "/"
        let files = FileDiscovery.files(in: [root + "fixtures/adapters"]).files
        let linter = Linter(options: LintOptions())
        var diagnostics: [Diagnostic] = []
        for file in files {
            let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
            for var diagnostic in linter.lint(SourceText(path: file, bytes: bytes)).diagnostics {
                diagnostic.path = String(diagnostic.path.dropFirst(root.count))
                diagnostics.append(diagnostic)
            }
        }
        return (diagnostics.sorted(by: Diagnostic.ordered), files.count)
    }

    @Test func jsonReportIsExact() {
        let (diagnostics, files) = Self.lintAdapters()
        #expect(files == 3)
        Golden.check(JSONReport.render(diagnostics, filesChecked: files), against: "fixtures/adapters.expected.json")
        let gl015 = diagnostics.filter { $0.code == "GL015" }.map { "\($0.path):\($0.range.start.line):\($0.range.start.column) \($0.keyPath)" }
        #expect(gl015 == [
            "fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json:34:3 /rank_pattern",
            "fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json:35:5 /rank_pattern/base_model.model.model.layers.0.self_attn.q_proj",
            "fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json:36:5 /rank_pattern/base_model.model.model.layers.0.self_attn.v_proj",
            "fixtures/adapters/tiny-llama-prefixed-keys/adapter_config.json:37:5 /rank_pattern/base_model.model.model.layers.1.self_attn.q_proj",
            "fixtures/adapters/tiny-llama-sorted-reload/adapter_config.json:34:5 /rank_pattern/model.layers.0.self_attn.q_proj",
        ])
    }

    @Test func theConsistentAdapterIsSilent() {
        let (diagnostics, _) = Self.lintAdapters()
        #expect(!diagnostics.contains { $0.path.contains("tiny-llama-per-layer") })
    }

    /// The fixtures hold what their READMEs say: the test is only as good as its inputs.
    @Test func theFixtureWeightsHoldTheSeededRanks() throws {
        func ranks(_ name: String) throws -> [String: Int] {
            let weights = try AdapterWeights.read(atPath: Fixtures.url("fixtures/adapters/\(name)/adapter_model.safetensors").path)
            #expect(weights.otherTensors.isEmpty)
            #expect(weights.adapterNames == [nil])
            return Dictionary(uniqueKeysWithValues: weights.ranks.map { ($0.module, $0.rank) })
        }
        let q0 = "model.layers.0.self_attn.q_proj", v0 = "model.layers.0.self_attn.v_proj"
        let q1 = "model.layers.1.self_attn.q_proj", v1 = "model.layers.1.self_attn.v_proj"
        #expect(try ranks("tiny-llama-per-layer") == [q0: 16, v0: 8, q1: 8, v1: 4])
        #expect(try ranks("tiny-llama-prefixed-keys") == [q0: 4, v0: 4, q1: 4, v1: 4])
        #expect(try ranks("tiny-llama-sorted-reload") == [q0: 16, v0: 8, q1: 16, v1: 8])
    }

    /// GL015's page quotes these findings; it must not drift from what the rule says.
    @Test func theRulePageQuotesRealOutput() {
        let (diagnostics, _) = Self.lintAdapters()
        let description = AdapterRankMismatch.metadata.description
        let quoted = diagnostics.filter { $0.code == "GL015" && [34, 35].contains($0.range.start.line) }
        #expect(quoted.count == 3)
        for diagnostic in quoted {
            let line = "adapter_config.json:\(diagnostic.range.start.line):\(diagnostic.range.start.column): GL015 \(diagnostic.message)"
            #expect(description.contains(line), "rule page does not quote: \(line)")
        }
    }
}
