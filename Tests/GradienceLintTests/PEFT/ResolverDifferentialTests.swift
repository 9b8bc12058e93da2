import Foundation
import Testing
@testable import GradienceLint

/// Runs every case of `fixtures/resolve/cases.json` — answers computed by PEFT's own
/// matching code from real wheels (see `fixtures/resolve/generate.py`) — through the Swift
/// resolver and requires the same answer for every module and every PEFT version.
struct ResolverDifferentialTests {
    // nonisolated(unsafe): set once from the fixture, never mutated; Foundation's JSON
    // objects are immutable, so parallel tests only read them.
    nonisolated(unsafe) static let fixture: [String: Any] = {
        let url = FixturePaths.packageRoot.appendingPathComponent("fixtures/resolve/cases.json")
        let data = try! Data(contentsOf: url)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static var caseNames: [String] {
        (fixture["cases"] as! [[String: Any]]).map { $0["name"] as! String }
    }

    @Test("PEFT agrees", arguments: caseNames)
    func agreesWithPeft(caseName: String) throws {
        let cases = Self.fixture["cases"] as! [[String: Any]]
        let inventories = Self.fixture["inventories"] as! [String: [[Any]]]
        let testCase = cases.first { $0["name"] as! String == caseName }!
        let config = testCase["config"] as! [String: Any]
        let modules = inventories[testCase["inventory"] as! String]!.map {
            ModuleInfo(name: $0[0] as! String, className: $0[1] as? String)
        }
        let inventory = Inventory(source: .modulesFile, detail: "fixture", modules: modules,
                                  modelType: testCase["model_type"] as? String,
                                  outputEmbedding: testCase["output_embedding"] as? String)
        let spec = Self.spec(from: config)
        let expectedByVersion = testCase["expected"] as! [String: [String: Any]]
        #expect(!expectedByVersion.isEmpty)

        for (versionText, expected) in expectedByVersion.sorted(by: { $0.key < $1.key }) {
            let version = try #require(PeftVersion(versionText))
            let resolution = Resolver.resolve(spec: spec, inventory: inventory, version: version)
            let context = "\(caseName) @ \(versionText)"
            if expected["error"] != nil {
                #expect(resolution.modules.isEmpty, "\(context): PEFT raises, nothing should be adapted")
                #expect(!resolution.problems.isEmpty, "\(context): the error should be reported")
                continue
            }
            let adapted = expected["adapted"] as! [[String: Any]]
            #expect(resolution.modules.map(\.name) == adapted.map { $0["name"] as! String }, "\(context): adapted set")
            let byName = Dictionary(uniqueKeysWithValues: resolution.modules.map { ($0.name, $0) })
            for want in adapted {
                let name = want["name"] as! String
                guard let got = byName[name] else { continue }
                if want["error"] != nil {
                    #expect(!resolution.keyProblems.isEmpty, "\(context) \(name): PEFT raises re.error")
                    continue
                }
                #expect(got.r == (want["r"] as! NSNumber).doubleValue, "\(context) \(name): r")
                #expect(got.alpha == (want["alpha"] as! NSNumber).doubleValue, "\(context) \(name): alpha")
                #expect(got.scaling == (want["scaling"] as! NSNumber).doubleValue, "\(context) \(name): scaling")
                #expect(got.rankKey == want["rank_key"] as? String, "\(context) \(name): rank key")
                #expect(got.alphaKey == want["alpha_key"] as? String, "\(context) \(name): alpha key")
                if let sortedR = want["sorted_r"] as? NSNumber {
                    #expect(got.sortedR == sortedR.doubleValue, "\(context) \(name): r after sorted reload")
                    #expect(got.sortedAlpha == (want["sorted_alpha"] as! NSNumber).doubleValue,
                            "\(context) \(name): alpha after sorted reload")
                    #expect(got.sortedRankKey == want["sorted_rank_key"] as? String, "\(context) \(name): sorted rank key")
                    #expect(got.sortedAlphaKey == want["sorted_alpha_key"] as? String, "\(context) \(name): sorted alpha key")
                }
            }
        }
    }

    static func spec(from config: [String: Any]) -> LoraSpec {
        func targets(_ value: Any?) -> TargetModules? {
            if let list = value as? [String] { return .list(list) }
            if let text = value as? String { return .regex(text) }
            return nil
        }
        func pattern(_ value: Any?) -> [PatternEntry] {
            ((value as? [[Any]]) ?? []).map { PatternEntry(key: $0[0] as! String, value: ($0[1] as! NSNumber).doubleValue) }
        }
        var layers: [Int]?
        if let list = config["layers_to_transform"] as? [Int] { layers = list } else if let one = config["layers_to_transform"] as? Int { layers = [one] }
        var layersPattern: [String]?
        // A str is one pattern, except "" which is none (`len(layers_pattern) == 0`).
        if let list = config["layers_pattern"] as? [String] { layersPattern = list } else if let one = config["layers_pattern"] as? String { layersPattern = one.isEmpty ? [] : [one] }
        var spec = LoraSpec(
            r: config["r"] as! Int,
            loraAlpha: (config["lora_alpha"] as! NSNumber).doubleValue,
            targetModules: targets(config["target_modules"]),
            excludeModules: targets(config["exclude_modules"]),
            modulesToSave: config["modules_to_save"] as? [String],
            layersToTransform: layers,
            layersPattern: layersPattern,
            rankPattern: pattern(config["rank_pattern"]),
            alphaPattern: pattern(config["alpha_pattern"]),
            useRslora: config["use_rslora"] as? Bool ?? false,
            taskType: config["task_type"] as? String)
        spec.targetParameters = config["target_parameters"] as? [String]
        return spec
    }
}

enum FixturePaths {
    /// The package root, found by walking up from this file to `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }()
}
