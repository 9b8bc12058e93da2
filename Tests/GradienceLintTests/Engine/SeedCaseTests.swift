import Foundation
import Testing
@testable import GradienceLint

/// Issue 23, the seed's own case (`fixtures/seed/`, see its generate.py): a complete
/// rank_pattern (224 to 1,120 keys, with and without a mirrored alpha_pattern) whose every
/// key carries `base_model.model.`. One safe `--fix`, with an inventory and without, in
/// JSON and YAML (a PEFT section with comments, axolotl, Ludwig), under both pattern
/// styles: no GL001 and no GL004 left, the exact fixed bytes, a fixpoint, and every module
/// at the r and alpha real PEFT gives the intended config (`fixtures/seed/expected/`,
/// from `get_peft_model` with peft 0.21.2, committed so no torch is needed here).
@Suite struct SeedCaseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let inventory: Bool
        let minimal: Bool
        var testDescription: String { "\(file)\(inventory ? " --architecture llama" : "")\(minimal ? " minimal" : "")" }

        var layers: Int { file.hasPrefix("llama-80") ? 80 : 32 }
        /// The PEFT ground truth this file's fix must reach.
        var expectation: String {
            file.hasPrefix("llama-32-rank") ? "llama-32-rank" : file.hasPrefix("llama-80") ? "llama-80-mirrored" : "llama-32-mirrored"
        }

        var options: LintOptions {
            var options = LintOptions()
            options.peftVersion = PeftVersion("0.21.2")!
            if inventory {
                options.model.architecture = "llama"
                options.model.numLayers = layers
            }
            if minimal { options.patternStyle = .minimal }
            return options
        }
    }

    static let files = ["llama-32-rank.json", "llama-32-rank.yaml", "llama-32-mirrored.json", "llama-32-mirrored.yaml",
                        "llama-80-mirrored.json", "llama-80-mirrored.yaml", "llama-32-mirrored.axolotl.yaml",
                        "llama-32-mirrored.ludwig.yaml", "llama-32-conflict.json"]
    static let cases: [Case] = files.flatMap { file in
        [false, true].flatMap { inventory in
            // Minimal style on the 32-layer JSON cases (the other files add nothing to it).
            (["llama-32-rank.json", "llama-32-mirrored.json"].contains(file) ? [false, true] : [false])
                .map { Case(file: file, inventory: inventory, minimal: $0) }
        }
    }

    static func expectedModules(_ name: String) throws -> [String: (r: Double, alpha: Double)] {
        let data = try Data(contentsOf: Fixtures.url("fixtures/seed/expected/\(name).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["as_written_uniform"] as? Bool == true, "PEFT ignores every prefixed key as written")
        var modules: [String: (r: Double, alpha: Double)] = [:]
        for row in try #require(object["modules"] as? [[Any]]) {
            modules[row[0] as! String] = ((row[1] as! NSNumber).doubleValue, (row[2] as! NSNumber).doubleValue)
        }
        return modules
    }

    @Test(arguments: cases)
    func oneSafeFixMakesEveryKeyApply(_ testCase: Case) throws {
        let path = "fixtures/seed/\(testCase.file)"
        let source = Fixtures.source(path)
        let fixer = Fixer(linter: Linter(options: testCase.options), includeUnsafe: false)
        let outcome = try fixer.fix(source).get()
        let remaining = outcome.remaining.diagnostics
        if testCase.file.contains("conflict") {
            // The one key whose stripped name is already there with another value stays,
            // its message naming both keys; every other key is renamed.
            let left = remaining.filter { $0.code == "GL001" }
            #expect(left.map(\.keyPath) == ["/rank_pattern/base_model.model.model.layers.5.mlp.up_proj"])
            #expect(left.first?.message.hasSuffix("(not fixed: the stripped key 'model.layers.5.mlp.up_proj' is already in rank_pattern with r=16, where 'base_model.model.model.layers.5.mlp.up_proj' says r=8; decide which value is meant)") == true,
                    "\(left.map(\.message))")
            #expect(left.first?.fix == nil)
            #expect(outcome.applied == ["GL001": 447])
        } else {
            #expect(!remaining.contains { $0.code == "GL001" || $0.code == "GL004" }, "\(remaining.map { "\($0.code) \($0.message)" })")
            #expect(outcome.rounds.first?.count == (testCase.file.contains("rank") ? 224 : testCase.layers * 7 * 2),
                    "every rename goes in the first round")
        }
        if !testCase.minimal {
            // Only the keys change: comments, order, indentation and the other keys are kept.
            let expected = try Data(contentsOf: Fixtures.url("fixtures/seed/fixed/\(testCase.file)"))
            #expect(outcome.bytes == Array(expected), "fixed bytes differ from fixtures/seed/fixed/\(testCase.file)")
            // GL007 is the file's own: ranks without a matching alpha_pattern.
            // With the conflict, the kept key's r=16 meets its twin's alpha 16: GL007 too.
            let expectedCodes: Set<String> = testCase.file.contains("rank") ? ["GL007"] : testCase.file.contains("conflict") ? ["GL001", "GL007"] : []
            #expect(Set(remaining.map(\.code)) == expectedCodes)
        }
        let again = try fixer.fix(SourceText(path: source.path, bytes: outcome.bytes, isJSON: source.isJSON)).get()
        #expect(!again.changed, "a second --fix changed \(again.applied)")

        guard testCase.inventory, !testCase.file.contains("conflict") else { return }
        let resolution = try #require(outcome.remaining.analyses.first?.resolution)
        let expected = try Self.expectedModules(testCase.expectation)
        #expect(Set(resolution.modules.map(\.name)) == Set(expected.keys))
        let wrong = resolution.modules.filter { module in expected[module.name].map { $0.r != module.r || $0.alpha != module.alpha } ?? true }
        #expect(wrong.isEmpty, "\(wrong.prefix(3).map { "\($0.name) r=\($0.r) alpha=\($0.alpha), PEFT: \(String(describing: expected[$0.name]))" })")
    }

    /// Through the binary: the refused key is named, the exit code says findings remain
    /// (not a refusal of the whole file), and the other renames are written.
    @Test func aKeyThatCannotBeFixedLeavesTheOthersFixed() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("adapter_config.json")
        try FileManager.default.copyItem(at: Fixtures.url("fixtures/seed/llama-32-conflict.json"), to: file)
        let run = try CLI.run(["check", "--fix", file.path, "--architecture", "llama", "--num-layers", "32"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("fixed \(file.path) (GL001×447)"), "\(run.stderr)")
        #expect(!run.stderr.contains("refused"))
        #expect(run.stdout.contains("not fixed: the stripped key 'model.layers.5.mlp.up_proj' is already in rank_pattern with r=16, where 'base_model.model.model.layers.5.mlp.up_proj' says r=8"))
        #expect(try Data(contentsOf: file) == Data(contentsOf: Fixtures.url("fixtures/seed/fixed/llama-32-conflict.json")))
    }
}
