import Foundation
import Testing
@testable import GradienceLint

/// Issue 26 against real PEFT: every case of `fixtures/silent/<pair>.json` (what
/// `get_peft_model` did on tiny models, from `fixtures/silent/generate.py`) is linted as an
/// `adapter_config.json` on that model's real `named_modules()`. A config PEFT rejects gets
/// GL019 carrying PEFT's own message; one it accepts resolves to exactly the LoRA layers PEFT
/// built; and each silent failure gets its rule exactly when PEFT's recorded outcome shows it.
struct SilentFailureTests {
    static let root = FixturePaths.packageRoot.appendingPathComponent("fixtures/silent")

    static var pairs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    struct Case {
        let id: String
        let model: String
        let config: [String: Any]
        let record: [String: Any]
        var error: [String]? { record["error"] as? [String] }
        /// [module, parameter?] of every LoRA layer PEFT built.
        var adapted: [(module: String, parameter: String?, scaling: Double)] {
            (record["adapted"] as? [[Any]] ?? []).map { ($0[0] as! String, $0[1] as? String, ($0[4] as! NSNumber).doubleValue) }
        }
    }

    static func load(_ pair: String) throws -> (options: LintOptions, inventories: [String: Inventory], cases: [Case]) {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("\(pair).json"))) as! [String: Any]
        let meta = json["meta"] as! [String: String]
        var options = LintOptions()
        options.peftVersion = try #require(PeftVersion(meta["peft"]!))
        options.transformersVersion = TransformersVersion(meta["transformers"]!)
        let facts = json["facts"] as! [String: [String: Any]]
        let parameters = json["parameters"] as! [String: [[Any]]]
        var inventories: [String: Inventory] = [:]
        for (name, rows) in json["models"] as! [String: [[String]]] {
            let fact = facts[name] ?? [:]
            let listed = (parameters[name] ?? []).map { row -> ParameterInfo in
                let full = row[0] as! String
                let parts = full.split(separator: ".")
                return ParameterInfo(module: parts.dropLast().joined(separator: "."), name: String(parts.last!), dimensions: (row[1] as! [Any]).count)
            }
            var inventory = Inventory(source: .modulesFile, detail: "silent \(name)", modules: rows.map { ModuleInfo(name: $0[0], className: $0[1]) },
                                      modelType: fact["model_type"] as? String, outputEmbedding: fact["output_embedding"] as? String,
                                      parameters: listed, transformers: options.transformersVersion)
            inventory.tiedEmbeddings = fact["tie_word_embeddings"] as? Bool
            inventories[name] = inventory
        }
        let cases = (json["cases"] as! [[String: Any]]).map {
            Case(id: $0["id"] as! String, model: $0["model"] as! String, config: $0["config"] as! [String: Any], record: $0)
        }
        return (options, inventories, cases)
    }

    static func lint(_ testCase: Case, options: LintOptions, inventories: [String: Inventory]) -> [Diagnostic] {
        var options = options
        options.model.modulesFile = testCase.model
        let linter = Linter(options: options, inventories: InventoryCache(preloaded: inventories))
        let task: String? = testCase.model == "layers" ? nil : (testCase.model == "whisper" ? "SEQ_2_SEQ_LM" : "CAUSAL_LM")
        let text = RealPeftDifferentialTests.adapterConfig(testCase.config, taskType: task)
        return linter.lint(SourceText(path: "silent/\(testCase.id)/adapter_config.json", bytes: Array(text.utf8))).diagnostics
    }

    @Test("PEFT's raises are predicted in PEFT's words", arguments: pairs)
    func raisesArePredicted(pair: String) throws {
        let (options, inventories, cases) = try Self.load(pair)
        var rejected = 0
        for testCase in cases {
            let diagnostics = Self.lint(testCase, options: options, inventories: inventories)
            let gl019 = diagnostics.first { $0.code == PeftRejectsConfig.metadata.code }
            if let error = testCase.error {
                rejected += 1
                let words = String(error[1].prefix(45))
                #expect(gl019?.message.containsText("PEFT raises \(error[0]): \(words)") == true,
                        "\(pair) \(testCase.id): PEFT raises \(error); findings \(diagnostics.map { "\($0.code) \($0.message)" })")
            } else {
                #expect(gl019 == nil, "\(pair) \(testCase.id): PEFT accepts it, but \(gl019?.message ?? "")")
            }
        }
        #expect(rejected >= 13)
    }

    @Test("accepted configs resolve to PEFT's LoRA layers", arguments: pairs)
    func acceptedConfigsResolveExactly(pair: String) throws {
        let (options, inventories, cases) = try Self.load(pair)
        for testCase in cases where testCase.error == nil {
            let inventory = inventories[testCase.model]!
            let text = RealPeftDifferentialTests.adapterConfig(testCase.config, taskType: nil)
            guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(SourceText(path: "adapter_config.json", bytes: Array(text.utf8))).documents[0]) else {
                Issue.record("\(pair) \(testCase.id): not read as a LoRA config")
                continue
            }
            let resolution = Resolver.resolve(spec: settings.spec, inventory: inventory, version: options.peftVersion)
            let got = Set(resolution.modules.map { "\($0.module)|\($0.parameter ?? "")" })
            let want = Set(testCase.adapted.map { "\($0.module)|\($0.parameter ?? "")" })
            #expect(got == want, "\(pair) \(testCase.id): PEFT \(want.subtracting(got).sorted()), resolver \(got.subtracting(want).sorted())")
        }
    }

    /// Which rule each silent failure needs, decided by what PEFT recorded (not by the linter).
    static func expectedCode(_ testCase: Case) -> String? {
        let adapted = testCase.adapted
        switch testCase.id {
        case "moe-shared-only", "granite-all-linear", "granite-target-parameters", "moe-target-parameters":
            return (testCase.record["frozen_experts"] as? [String] ?? []).isEmpty ? nil : "GL020"
        case "mixtral-all-linear-router":
            // LoRA on the router: its module (transformers 4), or its weight through PEFT's MoE conversion (5).
            return adapted.contains { $0.module.hasSuffix(".gate") || $0.module.hasSuffix(".router.layer") } ? "GL020" : nil
        case "target-parameters-none":
            return adapted.contains { $0.parameter != nil } ? nil : "GL020"
        case "tied-save-lm-head", "tied-save-embed", "tied-lora-lm-head", "tied-save-lm-head-ensure", "tied-save-embed-ensure", "tied-lora-lm-head-ensure":
            return testCase.record["tied_after"] as? Bool == false ? "GL021" : nil
        case "save-matches-nothing":
            return (testCase.record["modules_to_save"] as? [String] ?? []).isEmpty ? "GL022" : nil
        case "exclude-removes-target":
            return adapted.contains { $0.module == "model.layers.0.self_attn.v_proj" } ? nil : "GL023"
        case "llava-leaf-names", "whisper-leaf-names":
            return adapted.contains { $0.module.contains("vision_tower") || $0.module.contains(".encoder.") } ? "GL024" : nil
        case "default-alpha":
            return adapted.allSatisfy { $0.scaling < 1 } ? "GL025" : nil
        default:
            return nil
        }
    }

    @Test("each silent failure gets its rule exactly when PEFT shows it", arguments: pairs)
    func silentFailuresAreReported(pair: String) throws {
        let (options, inventories, cases) = try Self.load(pair)
        let codes = Set(["GL020", "GL021", "GL022", "GL023", "GL024", "GL025"])
        var reported = 0
        for testCase in cases where testCase.error == nil && testCase.model != "layers" {
            let fired = Set(Self.lint(testCase, options: options, inventories: inventories).map(\.code)).intersection(codes)
            let expected = Self.expectedCode(testCase).map { Set([$0]) } ?? []
            #expect(fired == expected, "\(pair) \(testCase.id): expected \(expected.sorted()), fired \(fired.sorted())")
            reported += expected.count
        }
        #expect(reported >= 8)
    }

    /// Layer types by PEFT version (`dispatch_default`): nn.Conv3d from 0.14, nn.Conv1d and
    /// nn.MultiheadAttention from 0.15 (read at the tags); 0.18.1 and 0.21.2 adapt all three (fixtures/silent).
    @Test(arguments: [("conv3d", "Conv3d", "0.13.2", "0.14"), ("conv1d", "Conv1d", "0.14.0", "0.15"), ("mha", "MultiheadAttention", "0.14.0", "0.15")])
    func layerTypesArriveByVersion(module: String, className: String, before: String, since: String) throws {
        let (options, inventories, _) = try Self.load("p0212-t457")
        var old = options
        old.peftVersion = try #require(PeftVersion(before))
        old.model.modulesFile = "layers"
        let text = "peft_type: LORA\nr: 8\nlora_alpha: 16\ntarget_modules: [\(module)]\n"
        let linted = Linter(options: old, inventories: InventoryCache(preloaded: inventories)).lint(SourceText(path: "a.yaml", bytes: Array(text.utf8)))
        let gl019 = try #require(linted.diagnostics.first { $0.code == PeftRejectsConfig.metadata.code })
        #expect(gl019.range.start.line == 4 && gl019.range.start.column == 1)
        #expect(gl019.message == "get_peft_model fails on this base model (silent layers): PEFT raises ValueError: Target module \(className) (\(module)) "
            + "is not supported (PEFT supports \(className) from \(since)); LoRA adapts torch.nn.Linear, Embedding, Conv1d/2d/3d, MultiheadAttention and transformers' Conv1D")
        var new = old
        new.peftVersion = try #require(PeftVersion(since + ".0"))
        #expect(!Linter(options: new, inventories: InventoryCache(preloaded: inventories)).lint(SourceText(path: "a.yaml", bytes: Array(text.utf8)))
            .diagnostics.contains { $0.code == PeftRejectsConfig.metadata.code })
    }
}
