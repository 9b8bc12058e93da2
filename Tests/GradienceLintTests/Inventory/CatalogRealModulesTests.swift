import Foundation
import Testing
@testable import GradienceLint
@testable import GradiencePEFT

/// Issue 13: every catalog architecture equals real `named_modules()` for both transformers
/// majors. `fixtures/realpeft/<pair>/models.json` records, per model type, the modules
/// ([name, class], root excluded) of a tiny model built by `fixtures/realpeft/generate.py`
/// (3 layers, 4 experts, llava: 3 text layers and 2 CLIP vision layers), its
/// `get_output_embeddings()` and the parameters `target_parameters` can reach.
@Suite struct CatalogRealModulesTests {
    static let pairs = ["p0181-t457", "p0181-t5", "p0212-t457", "p0212-t5"]

    struct Model {
        var modules: [(name: String, className: String)]
        var parameters: [(module: String, name: String, shape: [Int])]
        var outputEmbedding: String?
        var modelClass: String
    }

    static func models(_ pair: String) throws -> (transformers: TransformersVersion, models: [String: Model]) {
        let data = try Data(contentsOf: Fixtures.url("fixtures/realpeft/\(pair)/models.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let meta = try #require(root["meta"] as? [String: Any])
        let release = try #require(meta["transformers"] as? String)
        let version = try #require(TransformersVersion(release))
        let entries = try #require(root["models"] as? [String: [String: Any]])
        var models: [String: Model] = [:]
        for (type, entry) in entries {
            let modules = try #require(entry["modules"] as? [[String]]).map { (name: $0[0], className: $0[1]) }
            let parameters = try #require(entry["parameters"] as? [[Any]]).map {
                (module: $0[0] as! String, name: $0[1] as! String, shape: $0[2] as! [Int])
            }
            models[type] = Model(modules: modules, parameters: parameters, outputEmbedding: entry["output_embedding"] as? String,
                                 modelClass: try #require(entry["class"] as? String))
        }
        return (version, models)
    }

    /// Modules transformers 5.25 no longer builds (the catalog's 5.x recording is 5.25.0, the
    /// realpeft fixtures 5.24.0): Falcon's attention dropout became a float (a Dropout, no LoRA target).
    static let removedIn5_25: [String: [String]] = ["falcon": [".self_attention.attention_dropout Dropout"]]

    /// generate.py's sizes; its DeBERTa is `DebertaV2Config()`'s defaults (no relative attention).
    static func inventory(_ type: String, transformers: TransformersVersion) throws -> Inventory {
        let moe: Set<String> = ["mixtral", "qwen2_moe", "qwen3_moe"]
        return try Catalog.inventory(architecture: type, numLayers: 3, numExperts: moe.contains(type) ? 4 : nil,
                                     numVisionLayers: type == "llava" ? 2 : nil, relativeAttention: type != "deberta-v2",
                                     transformers: transformers)
    }

    @Test func theFixturesCoverTheCatalogAndBothMajors() throws {
        var majors = Set<Int>()
        for pair in Self.pairs {
            let (version, models) = try Self.models(pair)
            majors.insert(version.major)
            #expect(models.count == 24, "\(pair)")
            for type in models.keys.sorted() {
                #expect(Catalog.template(for: type) != nil, "\(pair): the catalog has no \(type) template")
            }
        }
        #expect(majors == [4, 5])
    }

    @Test(arguments: pairs) func everyArchitectureEqualsRealNamedModules(pair: String) throws {
        let (version, models) = try Self.models(pair)
        for (type, real) in models.sorted(by: { $0.key < $1.key }) {
            guard let template = Catalog.template(for: type) else { continue }  // reported by the coverage test
            let inventory = try Self.inventory(type, transformers: version)
            let got = inventory.modules.map { "\($0.name) \($0.className ?? "?")" }
            var want = real.modules.map { "\($0.name) \($0.className)" }
            // The catalog records one 5.x release (CatalogData.releases); what changed since the fixtures' 5.24.0:
            if version.major == 5, version < TransformersVersion(5, 25, 0), let removed = Self.removedIn5_25[type] {
                want.removeAll { line in removed.contains { line.hasSuffix($0) } }
            }
            if got != want {
                let index = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                let catalogLine = index < got.count ? got[index] : "(end, \(got.count) modules)"
                let realLine = index < want.count ? want[index] : "(end, \(want.count) modules)"
                Issue.record("\(pair) \(type) (transformers \(version)): line \(index) is '\(catalogLine)', real named_modules() has '\(realLine)'")
            }
            #expect(inventory.outputEmbedding == real.outputEmbedding, "\(pair) \(type): output embedding")
            #expect(template.modelClass == real.modelClass, "\(pair) \(type): model class")
            #expect(inventory.transformers == version, "\(pair) \(type)")
            // What target_parameters can reach beyond ordinary layers: fused experts' 3-D
            // parameters, routers' weights, llava's CLIP class_embedding and patch convolution.
            #expect(inventory.parameters.map { "\($0.fullName) \($0.dimensions)-D" }
                    == real.parameters.map { "\($0.module).\($0.name) \($0.shape.count)-D" }, "\(pair) \(type): parameters")
        }
    }

    /// The test can fail: one renamed class shows as the first differing line.
    @Test func aWrongTemplateIsCaught() throws {
        let (version, models) = try Self.models("p0212-t457")
        let real = try #require(models["llama"]).modules.map { "\($0.name) \($0.className)" }
        let wrong = try Self.inventory("llama", transformers: TransformersVersion(5, 24, 0)).modules.map { "\($0.name) \($0.className ?? "?")" }
        #expect(wrong == real)  // llama is the same on both majors
        let other = try Self.inventory("mixtral", transformers: TransformersVersion(5, 24, 0)).modules.map { "\($0.name) \($0.className ?? "?")" }
        let mixtral = try #require(models["mixtral"]).modules.map { "\($0.name) \($0.className)" }
        #expect(version.major == 4 && other != mixtral)
    }
}

/// The real class names the catalog now reports go through PEFT's support and all-linear
/// checks by name: nn.Linear / nn.Embedding subclasses count as those, the rest do not.
@Suite struct CatalogRealClassNamesTests {
    @Test func subclassesOfSupportedLayersAreSupported() throws {
        for name in ["FalconLinear", "Gemma3TextScaledWordEmbedding", "GemmaTextScaledWordEmbedding", "OPTLearnedPositionalEmbedding", "Conv2d"] {
            #expect(PeftRaises.isSupported(name), "\(name)")
        }
        for name in ["SiLUActivation", "GELUTanh", "MixtralExperts", "MixtralTopKRouter", "LlamaRotaryEmbedding", "CLIPVisionEmbeddings"] {
            #expect(!PeftRaises.isSupported(name), "\(name)")
        }
        #expect(AllLinearExpansion.isLinear("FalconLinear"))
        #expect(!AllLinearExpansion.isLinear("OPTLearnedPositionalEmbedding"))
    }
}
