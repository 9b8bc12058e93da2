import Foundation
import Testing
@testable import GradienceLint

/// Every finding on the wild corpus of real configs (`fixtures/corpus/wild/`, a copy of
/// `../shared/corpus/wild/`), pinned
/// so that `fixtures/corpus-findings.md`, which reviews each one, cannot silently go
/// stale: a new finding (or a lost one) fails here and has to be reviewed there.
@Suite struct CorpusFindingsTests {
    static func findings(_ options: LintOptions) throws -> [String] {
        let corpus = Fixtures.corpus.path
        try #require(FileManager.default.fileExists(atPath: corpus), "corpus copy not found at \(corpus)")
        let linter = Linter(options: options)
        return FileDiscovery.files(in: [corpus]).files.flatMap { file -> [String] in
            let data = FileManager.default.contents(atPath: file) ?? Data()
            let relative = String(file.dropFirst(corpus.count + 1))
            return linter.lint(SourceText(path: file, bytes: [UInt8](data))).diagnostics.map {
                "\($0.code) \($0.severity.rawValue) \(relative):\($0.range.start.line)"
            }
        }.sorted()
    }

    /// The default settings (PEFT 0.21.2, pattern-style complete, no allowed-ranks).
    @Test func findingsWithDefaultSettings() throws {
        #expect(try Self.findings(LintOptions()) == [
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:18",
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:19",
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:20",
            "GL014 info peft-json/LLaMA-E__adapter_config.json:10",
            "GL014 info peft-json/LLaMA-E__adapter_config.json:4",
            "GL019 error trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:12",
        ])
    }

    /// The same corpus read by PEFT 0.13.2, which raises TypeError for any field it does not know.
    @Test func findingsForPeft0_13() throws {
        var options = LintOptions()
        options.peftVersion = PeftVersion(0, 13, 2)
        #expect(try Self.findings(options) == [
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:18",
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:19",
            "GL011 warning trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:20",
            "GL014 error ludwig/ludwig__examples__peft_advanced__eva_lora.yaml:21",
            "GL014 error peft-json/Cogni-OpenModel__adapter_config.json:6",
            "GL014 error peft-json/LLaMA-E__adapter_config.json:10",
            "GL014 error peft-json/LLaMA-E__adapter_config.json:4",
            "GL014 error peft-json/NVIDIA-Nemotron-Model-Reasoning-Challenge__adapter__adapter_config.json:2",
            "GL014 error peft-json/OpenMath__adapter_config.json:2",
            "GL014 error peft-json/USU-LLM-Class__adapter_config.json:6",
            "GL014 error peft-json/onevl-experiment__model__adapter_config.json:2",
            "GL014 error peft-json/peft__method_comparison__MetaMathQA__lora__llama-3.2-3B-rank10-target-mlp__adapter_config.json:6",
            "GL014 error peft-json/peft__method_comparison__MetaMathQA__lora__llama-3.2-3B-rank14-target-mlp-bdlora__adapter_config.json:6",
            "GL014 error peft-json/peft__method_comparison__MetaMathQA__lora__llama-3.2-3B-rank32-dora__adapter_config.json:6",
            "GL014 error peft-json/peft__method_comparison__MetaMathQA__lora__llama-3.2-3B-rank32__adapter_config.json:6",
            "GL014 error peft-json/peft__method_comparison__MetaMathQA__lora__llama-3.2-3B-rank64-rslora__adapter_config.json:6",
            "GL014 error peft-json/peft__method_comparison__image-gen__lora__flux2-klein-default__adapter_config.json:6",
            "GL014 error peft-json/qwythos-9b-math-sft__adapter_config.json:2",
            "GL019 error trl/alignment-handbook__recipes__zephyr-141b-A35b__orpo__config_qlora.yaml:13",
        ])
    }
}
