import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// Runs every config of `fixtures/realpeft/<pair>/cases.jsonl` — what `get_peft_model` of real
/// PEFT with torch adapted on tiny models (see `fixtures/realpeft/generate.py`) — through the
/// Swift resolver on the same model's `named_modules()`, and compares per config: the set of
/// adapted (module, parameter) pairs, then r, alpha and scaling of each. Configs PEFT rejects
/// must resolve to nothing adapted and a reason PEFT raises.
///
/// The configs that still disagree are listed, with why, in `<pair>/disagreements.txt`; the
/// test requires exactly that list, so a fix or a regression both show.
struct RealPeftDifferentialTests {
    static let root = FixturePaths.packageRoot.appendingPathComponent("fixtures/realpeft")

    static var pairs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/cases.jsonl").path) }.sorted()
    }

    struct Model {
        let inventory: Inventory
        let taskType: String?
    }

    struct Tally {
        var configs = 0
        var accepted = 0
        var sameSet = 0
        var sameValues = 0
        var rejected = 0
        var rejectedReported = 0
        var disagreeing: [String: String] = [:]
    }

    /// Where the resolver's module list comes from, as the CLI would get it.
    enum InventorySource: String, CaseIterable, Sendable {
        /// The recorded `named_modules()` with the model type given (`--model-type` with `--modules`).
        case recorded
        /// A modules file (`--modules`): `\tMixtralForCausalLM` then `name\tclass` lines; the
        /// model type is inferred from the root class (issue 25 §2).
        case modulesFile = "modules"
        /// The catalog (`--architecture TYPE --num-layers 3`), generated from transformers.
        case architecture
    }

    static func load(_ pair: String, source: InventorySource = .recorded) throws
        -> (meta: [String: Any], models: [String: Model], cases: [[String: Any]]) {
        let dir = root.appendingPathComponent(pair)
        let modelsJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("models.json"))) as! [String: Any]
        let meta = modelsJSON["meta"] as! [String: Any]
        let transformers = TransformersVersion(meta["transformers"] as! String)
        var models: [String: Model] = [:]
        for (modelType, value) in modelsJSON["models"] as! [String: [String: Any]] {
            let modules = (value["modules"] as! [[String]]).map { ModuleInfo(name: $0[0], className: $0[1]) }
            let parameters = (value["parameters"] as! [[Any]]).map {
                ParameterInfo(module: $0[0] as! String, name: $0[1] as! String, dimensions: ($0[2] as! [Any]).count)
            }
            var inventory: Inventory
            switch source {
            case .recorded:
                // What a modules file gives: names, classes and the model type; no output embedding.
                inventory = Inventory(source: .modulesFile, detail: "realpeft \(modelType)", modules: modules,
                                      modelType: modelType, parameters: parameters,
                                      transformers: transformers)
            case .modulesFile:
                let text = "\t\(value["class"] as! String)\n" + modules.map { "\($0.name)\t\($0.className!)\n" }.joined()
                let (parsed, root) = try ModulesFile.parseWithRoot(text, path: "\(modelType).txt")
                inventory = ModulesFile.inventory(modules: parsed, rootClass: root, detail: "realpeft \(modelType)")
                inventory.transformers = transformers
                #expect(inventory.modelType == modelType, "\(pair): \(value["class"]!) taken as \(inventory.modelType ?? "nothing")")
            case .architecture:
                inventory = try CatalogRealModulesTests.inventory(modelType, transformers: try #require(transformers))
            }
            models[modelType] = Model(inventory: inventory, taskType: value["task_type"] as? String)
        }
        let text = try String(contentsOf: dir.appendingPathComponent("cases.jsonl"), encoding: .utf8)
        let cases = text.split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        return (meta, models, cases)
    }

    static func tally(_ pair: String, source: InventorySource = .recorded) throws -> Tally {
        let (meta, models, cases) = try load(pair, source: source)
        let peft = try #require(PeftVersion(meta["peft"] as! String))
        var tally = Tally()
        for testCase in cases {
            let id = testCase["id"] as! String
            guard let model = models[testCase["model"] as! String] else { continue }
            var spec = ResolverDifferentialTests.spec(from: testCase["config"] as! [String: Any])
            spec.taskType = model.taskType
            let resolution = Resolver.resolve(spec: spec, inventory: model.inventory, version: peft)
            tally.configs += 1
            if let error = testCase["error"] as? [String] {
                tally.rejected += 1
                if resolution.raises != nil {
                    tally.rejectedReported += 1
                } else {
                    tally.disagreeing[id] = "PEFT raises \(error[0]); the resolver adapts \(resolution.modules.count)"
                }
                continue
            }
            tally.accepted += 1
            let want = (testCase["adapted"] as! [[Any]]).map { row in
                (key: "\(row[0] as! String)|\(row[4] as? String ?? "")",
                 values: [(row[1] as! NSNumber).doubleValue, (row[2] as! NSNumber).doubleValue, (row[3] as! NSNumber).doubleValue])
            }
            let got = resolution.modules.map { module in
                (key: "\(module.module)|\(module.parameter ?? "")", values: [module.r, module.alpha, module.scaling])
            }
            let wantKeys = Set(want.map(\.key)), gotKeys = Set(got.map(\.key))
            guard wantKeys == gotKeys, resolution.raises == nil else {
                let missing = wantKeys.subtracting(gotKeys).sorted().prefix(2), extra = gotKeys.subtracting(wantKeys).sorted().prefix(2)
                tally.disagreeing[id] = "module set: PEFT also \(Array(missing)), resolver also \(Array(extra))"
                    + (resolution.raises.map { "; resolver says PEFT raises: \($0)" } ?? "")
                continue
            }
            tally.sameSet += 1
            let gotValues = Dictionary(got.map { ($0.key, $0.values) }, uniquingKeysWith: { first, _ in first })
            let wrong = want.filter { row in
                zip(row.values, gotValues[row.key]!).contains { abs($0 - $1) > 1e-9 * max(1, abs($0)) }
            }
            if wrong.isEmpty {
                tally.sameValues += 1
            } else {
                tally.disagreeing[id] = "values: \(wrong[0].key) PEFT \(wrong[0].values), resolver \(gotValues[wrong[0].key]!)"
            }
        }
        return tally
    }

    @Test("real PEFT agrees", arguments: pairs, InventorySource.allCases)
    func agreesWithRealPeft(pair: String, source: InventorySource) throws {
        let tally = try Self.tally(pair, source: source)
        print("realpeft \(pair) \(source.rawValue): \(tally.configs) configs; accepted \(tally.accepted): module set \(tally.sameSet), "
            + "values \(tally.sameValues); rejected \(tally.rejected): reported \(tally.rejectedReported)")
        #expect(tally.configs >= 600)
        let listed = Self.knownDisagreements(pair)
        for (id, why) in tally.disagreeing.sorted(by: { $0.key < $1.key }) where listed[id] == nil {
            Issue.record("\(pair) \(source.rawValue) \(id): \(why)")
        }
        for id in listed.keys.sorted() where tally.disagreeing[id] == nil {
            Issue.record("\(pair) \(id) is listed in disagreements.txt but now agrees: remove it")
        }
    }

    /// Every config real PEFT rejects gets an error finding that says PEFT raises, when
    /// linted as an `adapter_config.json` on that model; none PEFT accepts gets GL019.
    @Test("every rejected config gets an error saying why", arguments: pairs)
    func rejectedConfigsGetAnError(pair: String) throws {
        let (meta, models, cases) = try Self.load(pair)
        var options = LintOptions()
        options.peftVersion = try #require(PeftVersion(meta["peft"] as! String))
        options.transformersVersion = TransformersVersion(meta["transformers"] as! String)
        let inventories = InventoryCache(preloaded: models.mapValues(\.inventory))
        // One linter per model: its `modules-file` setting names the preloaded inventory.
        let linters = models.mapValues { _ in options }.reduce(into: [String: Linter]()) { linters, entry in
            var modelOptions = entry.value
            modelOptions.model.modulesFile = entry.key
            linters[entry.key] = Linter(options: modelOptions, inventories: inventories)
        }
        var rejected = 0, explained = 0
        for testCase in cases {
            let modelType = testCase["model"] as! String
            guard let model = models[modelType], let linter = linters[modelType] else { continue }
            let text = Self.adapterConfig(testCase["config"] as! [String: Any], taskType: model.taskType)
            let result = linter.lint(SourceText(path: "realpeft/\(testCase["id"] as! String)/adapter_config.json", bytes: Array(text.utf8)))
            let errors = result.diagnostics.filter { $0.severity == .error }
            if testCase["error"] != nil {
                rejected += 1
                if errors.contains(where: { $0.code == PeftRejectsConfig.metadata.code || $0.message.containsText("raise") }) {
                    explained += 1
                } else {
                    Issue.record("\(pair) \(testCase["id"]!): PEFT raises \(testCase["error"]!); findings: \(result.diagnostics.map { "\($0.code) \($0.message)" })")
                }
            } else if let gl019 = errors.first(where: { $0.code == PeftRejectsConfig.metadata.code }) {
                Issue.record("\(pair) \(testCase["id"]!): PEFT accepts it, but \(gl019.message)")
            }
        }
        print("realpeft \(pair): rejected \(rejected): an error saying why for \(explained)")
        #expect(rejected > 100 && explained == rejected)
    }

    /// A case's LoraConfig fields as the `adapter_config.json` PEFT would save (pattern dicts
    /// in the recorded key order).
    static func adapterConfig(_ config: [String: Any], taskType: String?) -> String {
        func json(_ value: Any) -> String {
            String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes]), as: UTF8.self)
        }
        var members = [#""peft_type": "LORA""#]
        if let taskType { members.append(#""task_type": "# + json(taskType)) }
        for key in config.keys.sorted() {
            let value = config[key]!
            if key == "rank_pattern" || key == "alpha_pattern", let entries = value as? [[Any]] {
                members.append(json(key) + ": {" + entries.map { json($0[0]) + ": " + json($0[1]) }.joined(separator: ", ") + "}")
            } else {
                members.append(json(key) + ": " + json(value))
            }
        }
        return "{\n  " + members.joined(separator: ",\n  ") + "\n}\n"
    }

    /// `id: why` lines; `#` starts a comment.
    static func knownDisagreements(_ pair: String) -> [String: String] {
        let url = root.appendingPathComponent("\(pair)/disagreements.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }
}
