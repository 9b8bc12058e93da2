import Testing
@testable import GradienceLint

@Suite struct FormatDetectionTests {
    private func lora(_ path: String) throws -> LoraSettings {
        guard case .lora(let settings) = Fixtures.settings("fixtures/formats/\(path)") else {
            throw Failure("no LoRA settings in \(path)")
        }
        return settings
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func peftAdapterConfig() throws {
        let settings = try lora("peft-openmath.adapter_config.json")
        #expect(settings.format == .peft)
        #expect(settings.spec.r == 16)
        #expect(settings.spec.targetModules == .list(["q_proj", "o_proj", "k_proj", "v_proj"]))
        #expect(settings.field("r")?.pointer == "/r")
        #expect(settings.field("r")?.entry.key.range.start.line == settings.field("r")?.value.range.start.line)
    }

    @Test func axolotlUsesItsOwnKeyNames() throws {
        let settings = try lora("axolotl-llama3-lora-1b.yml")
        #expect(settings.format == .axolotl)
        #expect(settings.spec.r == 16)
        #expect(settings.spec.loraAlpha == 32)
        #expect(settings.field("r")?.key == "lora_r")
        #expect(settings.field("r")?.pointer == "/lora_r")
        #expect(settings.spec.targetModules == .list(["gate_proj", "down_proj", "up_proj", "q_proj", "v_proj", "k_proj", "o_proj"]))
        #expect(settings.modelName == "NousResearch/Llama-3.2-1B")
    }

    @Test func trlRecipe() throws {
        let settings = try lora("trl-zephyr-sft-qlora.yaml")
        #expect(settings.format == .trl)
        #expect(settings.spec.r == 16)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.modelName == "mistralai/Mistral-7B-v0.1")
    }

    @Test func trlTurnsAOneItemListIntoAFullMatchRegex() throws {
        let text = "use_peft: true\nlora_target_modules:\n- q_proj\n"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not detected")
        }
        #expect(settings.spec.targetModules == .regex("q_proj"))
        #expect(settings.spec.r == 16)
        #expect(settings.spec.loraAlpha == 32)
    }

    @Test func torchtuneMapsModuleNamesToPeft() throws {
        let settings = try lora("torchtune-llama3_1-8B-lora.yaml")
        #expect(settings.format == .torchtune)
        #expect(settings.sectionPointer == "/model")
        #expect(settings.spec.r == 8)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.spec.targetModules == .list(["q_proj", "v_proj", "o_proj", "gate_proj", "down_proj", "up_proj"]))
        #expect(settings.field("r")?.pointer == "/model/lora_rank")
    }

    @Test func oumiPeftSection() throws {
        let settings = try lora("oumi-llama3_1-8b-lora.yaml")
        #expect(settings.format == .oumi)
        #expect(settings.spec.r == 8)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(settings.modelName == "meta-llama/Llama-3.1-8B-Instruct")
    }

    @Test func llamaFactoryV0DefaultsAlphaToTwiceTheRank() throws {
        let settings = try lora("llamafactory-qwen3-lora-sft.yaml")
        #expect(settings.format == .llamaFactory)
        #expect(settings.spec.r == 8)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.spec.targetModules == .allLinear)
    }

    @Test func llamaFactoryCommaSeparatedTargetsAreSplit() throws {
        let text = "stage: sft\nfinetuning_type: lora\nlora_rank: 4\nlora_target: q_proj, v_proj\n"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not detected")
        }
        #expect(settings.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(settings.spec.loraAlpha == 8)
    }

    @Test func llamaFactoryV1PeftConfig() throws {
        let settings = try lora("llamafactory-v1-lora-sft.yaml")
        #expect(settings.format == .peftSection)
        #expect(settings.sectionPointer == "/peft_config")
        #expect(settings.spec.r == 16)
        #expect(settings.spec.targetModules == .allLinear)
    }

    @Test func levanterSpellsAlphaWithoutPrefix() throws {
        let settings = try lora("levanter-gsm8k-llama2.yaml")
        #expect(settings.format == .peftSection)
        #expect(settings.spec.loraAlpha == 8.0)
        #expect(settings.field("lora_alpha")?.key == "alpha")
    }

    @Test func ludwigAdapterWithOnlyATypeIsLoraWithDefaults() throws {
        let settings = try lora("ludwig-llama2-4bit.yaml")
        #expect(settings.format == .ludwig)
        #expect(settings.sectionPointer == "/adapter")
        // Ludwig's LoraConfig: r 8, alpha None → 2 × r (`ludwig/schema/llms/peft.py`).
        #expect(settings.spec.r == 8)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.modelName == "meta-llama/Llama-2-7b-hf")
    }

    @Test func seedBenchFormat() throws {
        let text = "model:\n  name: meta-llama/Llama-2-7b-hf\nlora:\n  probe_r: 16\n  alpha: 32\n  target_modules: [q_proj, v_proj]\ncompression:\n  allowed_ranks: [4, 8, 16]\n"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not detected")
        }
        #expect(settings.format == .seedBench)
        #expect(settings.spec.r == 16)
        #expect(settings.field("r")?.key == "probe_r")
        #expect(settings.allowedRanks?.pointer == "/compression/allowed_ranks")
        #expect(settings.modelName == "meta-llama/Llama-2-7b-hf")
    }

    @Test func rankReportFormat() throws {
        let text = "default_r: 8\nrank_pattern:\n  q_proj: 16\n  v_proj: 4\n"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not detected")
        }
        #expect(settings.format == .rankReport)
        #expect(settings.spec.rankPattern == [PatternEntry(key: "q_proj", value: 16), PatternEntry(key: "v_proj", value: 4)])
    }

    @Test func sameFileNameDifferentSchemasAreSkippedOrIgnored() {
        if case .skipped(let reason) = Fixtures.settings("fixtures/formats/adalora.adapter_config.json") {
            #expect(reason.contains("ADALORA"))
        } else {
            Issue.record("AdaLoRA not skipped")
        }
        if case .skipped(let reason) = Fixtures.settings("fixtures/formats/mlx-lm-lora-config.yaml") {
            #expect(reason.contains("MLX"))
        } else {
            Issue.record("MLX not skipped")
        }
        if case .none = Fixtures.settings("fixtures/formats/adapterhub.adapter_config.json") {} else {
            Issue.record("AdapterHub taken for LoRA")
        }
    }

    @Test func aWorkflowFileHasNoLoraSettings() {
        let text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
        if case .none = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) {} else {
            Issue.record("workflow taken for LoRA")
        }
    }

    @Test func interpolationsAreNotStaticallyKnown() throws {
        let text = "lora:\n  r: ${oc.env:RANK}\n  lora_alpha: 16\n"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text)).documents[0]) else {
            throw Failure("not detected")
        }
        #expect(settings.notStaticallyKnown == ["r"])
    }

    @Test func patternOrderIsPythonDictOrder() throws {
        let text = "{\"peft_type\": \"LORA\", \"rank_pattern\": {\"b\": 4, \"a\": 8, \"b\": 2}}"
        guard case .lora(let settings) = ConfigExtractor.extract(from: Parser.parse(Fixtures.text(text, path: "x.json")).documents[0]) else {
            throw Failure("not detected")
        }
        // A repeated key keeps its first position and takes the last value.
        #expect(settings.spec.rankPattern == [PatternEntry(key: "b", value: 2), PatternEntry(key: "a", value: 8)])
    }
}
