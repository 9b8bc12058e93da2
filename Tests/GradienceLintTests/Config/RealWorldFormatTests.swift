import Foundation
import Testing
@testable import GradienceLint

/// Real configs from `fixtures/realworld/` (copied from `../shared/corpus/realworld/`, origin
/// in its `SOURCES.txt`): each tool's LoRA read with its own keys and defaults, sections no
/// tool hands to `LoraConfig` left alone, and the planted bugs caught at their line.
@Suite struct RealWorldFormatTests {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private func outcome(_ path: String) -> ConfigExtractor.Outcome {
        Fixtures.settings("fixtures/realworld/\(path)")
    }

    private func lora(_ path: String) throws -> LoraSettings {
        try settings(outcome(path), path)
    }

    private func skipReason(_ path: String) throws -> String {
        try reason(outcome(path), path)
    }

    /// The settings in a YAML text written here, not taken from the corpus.
    private func lora(yaml: String) throws -> LoraSettings {
        try settings(ConfigExtractor.extract(from: Parser.parse(Fixtures.text(yaml)).documents[0]), yaml)
    }

    private func skipReason(yaml: String) throws -> String {
        try reason(ConfigExtractor.extract(from: Parser.parse(Fixtures.text(yaml)).documents[0]), yaml)
    }

    private func settings(_ outcome: ConfigExtractor.Outcome, _ what: String) throws -> LoraSettings {
        guard case .lora(let settings) = outcome else { throw Failure(description: "no LoRA settings in \(what): \(outcome)") }
        return settings
    }

    private func reason(_ outcome: ConfigExtractor.Outcome, _ what: String) throws -> String {
        guard case .skipped(let reason) = outcome else { throw Failure(description: "\(what) not skipped: \(outcome)") }
        return reason
    }

    private func diagnostics(_ path: String, options: LintOptions = LintOptions()) -> [String] {
        // Absolute: the adapter weights beside an adapter_config.json are found from its path.
        let url = Fixtures.url("fixtures/realworld/\(path)")
        let bytes = [UInt8](FileManager.default.contents(atPath: url.path) ?? Data())
        return Linter(options: options).lint(SourceText(path: url.path, bytes: bytes)).diagnostics.map {
            "\($0.code) \($0.severity.rawValue) \($0.range.start.line):\($0.range.start.column) \($0.message)"
        }
    }

    // MARK: tools that map their own keys onto LoraConfig

    @Test func msSwiftTunerTypeLora() throws {
        for path in ["formats/ms-swift-sft.yaml", "formats/ms-swift-sft.json"] {
            let settings = try lora(path)
            #expect(settings.format == .msSwift)
            #expect(settings.spec.r == 8)
            #expect(settings.spec.loraAlpha == 32)
            #expect(settings.spec.targetModules == .allLinear)
            #expect(settings.field("r")?.key == "lora_rank")
            #expect(diagnostics(path).isEmpty)
        }
    }

    @Test func msSwiftRayPipelineSetsLoraInItsTrainGroup() throws {
        let settings = try lora("formats/ms-swift-ray_grpo_colocate.yaml")
        #expect(settings.format == .msSwift)
        #expect(settings.sectionPointer == "/train")
        #expect(settings.field("r")?.pointer == "/train/lora_rank")
        #expect(settings.spec.r == 8)
        #expect(settings.spec.targetModules == .allLinear)
        #expect(diagnostics("formats/ms-swift-ray_grpo_colocate.yaml").isEmpty)
    }

    @Test func msSwiftFullTuningIsSkippedAndTargetRegexWins() throws {
        let reason = try skipReason(yaml: "tuner_type: full\nlora_rank: 8\n")
        #expect(reason == "ms-swift: tuner_type is full, so the lora_* keys are ignored")
        let text = "train_type: lora\nlora_rank: 16\ntarget_modules: q_proj\ntarget_regex: '.*layers\\.[0-3]\\..*_proj'\n"
        let settings = try lora(yaml: text)
        #expect(settings.spec.targetModules == .regex(".*layers\\.[0-3]\\..*_proj"))
        #expect(settings.spec.r == 16)
    }

    @Test func h2oTrainingLoraWithEmptyTargetsMeansEveryLinearLayer() throws {
        let settings = try lora("formats/h2o-example_oasst2.yaml")
        #expect(settings.format == .h2o)
        #expect(settings.sectionPointer == "/training")
        #expect(settings.modelName == "h2oai/h2o-danube2-1.8b-base")
        #expect(settings.spec.r == 4)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.spec.targetModules == .allLinear)
        #expect(diagnostics("formats/h2o-example_oasst2.yaml").isEmpty)
    }

    @Test func autotrainParamsPeft() throws {
        let settings = try lora("formats/autotrain-llama3-8b-dpo-qlora.yml")
        #expect(settings.format == .autotrain)
        #expect(settings.sectionPointer == "/params")
        #expect(settings.spec.r == 16)
        #expect(settings.spec.loraAlpha == 32)
        #expect(settings.spec.targetModules == .allLinear)
        #expect(settings.modelName == "meta-llama/Meta-Llama-3-8B-Instruct")
    }

    @Test func openInstructUseLoraHasFixedTargets() throws {
        let settings = try lora("formats/open-instruct-tulu2_7b_lora.yaml")
        #expect(settings.format == .openInstruct)
        #expect(settings.spec.r == 64)
        #expect(settings.spec.loraAlpha == 16)
        #expect(settings.spec.targetModules == .list(["q_proj", "o_proj", "v_proj", "k_proj", "gate_proj", "up_proj", "down_proj"]))
        #expect(diagnostics("formats/open-instruct-tulu2_7b_lora.yaml").isEmpty)
    }

    @Test func unslothSplitsTheTargetStringAndKeepsAllLinearAsAString() throws {
        let text = try lora("formats/unsloth-lora_text.yaml")
        #expect(text.format == .unsloth)
        #expect(text.spec.r == 64)
        #expect(text.spec.targetModules == .list(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
        #expect(text.field("r")?.pointer == "/lora/lora_r")
        let vision = try lora("formats/unsloth-llama-3.2-11b-vision.yaml")
        #expect(vision.spec.targetModules == .allLinear)
        #expect(diagnostics("formats/unsloth-lora_text.yaml").isEmpty)
        #expect(diagnostics("formats/unsloth-llama-3.2-11b-vision.yaml").isEmpty)
        #expect(try skipReason("formats/unsloth-full_finetune.yaml") == "unsloth: training.training_type is full, so the lora section is ignored")
    }

    @Test func easyR1RankZeroIsOffAndAPositiveRankIsRead() throws {
        #expect(try skipReason("formats/easyr1-config.yaml") == "EasyR1: /worker/actor/model/lora/rank is 0, which switches LoRA off")
        let text = "worker:\n  actor:\n    model:\n      model_path: Qwen/Qwen2.5-7B-Instruct\n      lora:\n        rank: 16\n        alpha: 32\n        target_modules: q_proj,v_proj\n        exclude_modules: .*visual.*\n"
        let settings = try lora(yaml: text)
        #expect(settings.format == .easyR1)
        #expect(settings.spec.r == 16)
        #expect(settings.spec.loraAlpha == 32)
        #expect(settings.spec.targetModules == .list(["q_proj", "v_proj"]))
        #expect(settings.spec.excludeModules == .regex(".*visual.*"))
        #expect(settings.field("r")?.key == "rank")
        #expect(settings.modelName == "Qwen/Qwen2.5-7B-Instruct")
    }

    @Test func verlLoraRankZeroIsOff() throws {
        #expect(try skipReason("formats/verl-hf_model.yaml") == "verl: /lora_rank is 0, which switches LoRA off")
        let text = "actor_rollout_ref:\n  model:\n    path: Qwen/Qwen2.5-7B\n    lora_rank: 32\n    lora_alpha: 64\n    target_modules: all-linear\n"
        let settings = try lora(yaml: text)
        #expect(settings.format == .verl)
        #expect(settings.sectionPointer == "/actor_rollout_ref/model")
        #expect(settings.modelName == "Qwen/Qwen2.5-7B")
        #expect(settings.spec.r == 32)
        #expect(settings.spec.targetModules == .allLinear)
    }

    @Test func oldLudwigEncoderAdapterIsLoraWithLudwigDefaults() throws {
        let settings = try lora("formats/ludwig-imdb_deepspeed_zero3.yaml")
        #expect(settings.format == .ludwig)
        #expect(settings.sectionPointer == "/input_features/0/encoder")
        #expect(settings.spec.r == 8)
        #expect(settings.spec.loraAlpha == 16)
        #expect(diagnostics("formats/ludwig-imdb_deepspeed_zero3.yaml").isEmpty)
    }

    @Test func oumiPeftSectionWithoutLoraRUsesPeftParamsDefaults() throws {
        let settings = try lora("formats/oumi-phi3-lora_train.yaml")
        #expect(settings.format == .oumi)
        #expect(settings.spec.r == 8)
        let off = "training:\n  use_peft: false\npeft:\n  lora_r: 16\n"
        let reason = try skipReason(yaml: off)
        #expect(reason == "oumi: training.use_peft is not true, so the peft section is ignored")
    }

    // MARK: sections no tool hands to LoraConfig(**section)

    @Test func foreignLoraSectionsAreNeverLintedWithPeftsSchema() throws {
        #expect(try skipReason("foreign/automodel-flux2_t2i_flow_lora.yaml")
            == "the section at /peft is built by nemo_automodel.components._peft.lora.PeftConfig, not peft.LoraConfig, so PEFT's schema does not apply")
        #expect(try skipReason("foreign/nemo-rl-sft-llama3.1-8b-megatron-lora.yaml")
            == "the section at /policy/megatron_cfg/peft is Megatron-Bridge LoRA (dim, alpha), not PEFT's LoraConfig")
        #expect(try skipReason("foreign/verl-ppo_megatron_trainer.yaml")
            == "the section at /actor_rollout_ref/model/lora is verl's Megatron-Bridge LoRA (rank 0, off), not PEFT's LoraConfig")
        #expect(try skipReason("foreign/lora-ga-peft-all.yaml")
            == "a LoRA-GA Hydra group (lora_relative_r): reproduce/run_exp.py fills in and expands these values itself")
        #expect(try skipReason("foreign/mistral-finetune-7B.yaml") == "the section at /lora sets `rank`, not PEFT's `r`: it is not a LoraConfig")
        for path in ["foreign/automodel-flux2_t2i_flow_lora.yaml", "foreign/nemo-rl-sft-llama3.1-8b-megatron-lora.yaml",
                     "foreign/verl-ppo_megatron_trainer.yaml", "foreign/lora-ga-peft-all.yaml", "foreign/mistral-finetune-7B.yaml"] {
            #expect(diagnostics(path).isEmpty, "\(path)")
        }
    }

    @Test func aDisabledSectionIsNotLinted() throws {
        let text = "policy:\n  lora:\n    enabled: false\n    r: 0\n    target_modules: []\n"
        let reason = try skipReason(yaml: text)
        #expect(reason == "the LoRA section at /policy/lora has enabled: false")
    }

    @Test func aHydraPeftLoraConfigTargetIsStillPeft() throws {
        let text = "trainer:\n  peft_config:\n    _target_: peft.LoraConfig\n    r: 32\n    lora_alpha: 16\n    target_modules: all-linear\n"
        let settings = try lora(yaml: text)
        // Hydra instantiates peft.LoraConfig(**node): PEFT's keywords, a closed key set.
        #expect(settings.format == .hydraLoraConfig)
        #expect(settings.spec.r == 32)
    }

    // MARK: the planted bugs, each at its line

    @Test func aJSONTrailingCommaIsASyntaxErrorAtTheComma() {
        #expect(diagnostics("trailing-comma/adapter_config.json") == [
            "GL000 error 5:41 a trailing comma before '}': JSON allows none (json.load raises \"Expecting property name enclosed in double quotes\"), so PEFT cannot load the file",
        ])
        let list = Parser.parse(Fixtures.text("{\"target_modules\": [\"q_proj\", \"v_proj\",\n]}", path: "a.json"))
        #expect(list.problem?.range.start.line == 1)
        #expect(list.problem?.range.start.column == 39)
        #expect(list.problem?.message.hasPrefix("a trailing comma before ']'") == true)
        // YAML flow collections may end with a comma.
        #expect(Parser.parse(Fixtures.text("target_modules: [q_proj, v_proj,]\n")).problem == nil)
    }

    @Test func aMisspeltKeyBesideTheCorrectOneIsReported() {
        #expect(diagnostics("typo-beside-correct-key/lora.yml") == [
            "GL014 warning 5:1 unknown key 'lora_alhpa' for axolotl; did you mean 'lora_alpha'? ('lora_alpha' is set on line 4, so this value is not used): the tool ignores it, so it has no effect",
        ])
        let llamaFactory = "stage: sft\nfinetuning_type: lora\nlora_rank: 8\nlora_rnak: 16\nlora_target: all\n"
        let found = Linter(options: LintOptions()).lint(Fixtures.text(llamaFactory)).diagnostics.map { "\($0.code) \($0.range.start.line)" }
        #expect(found == ["GL014 4"])
    }

    @Test func aTorchtuneAttentionModuleTyposIsReported() {
        let text = "model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n  lora_attn_modules: [q_proj, v_prj]\n  lora_rank: 8\n  lora_alpha: 16\n"
        let found = Linter(options: LintOptions()).lint(Fixtures.text(text)).diagnostics.map { "\($0.code) \($0.range.start.line):\($0.range.start.column) \($0.message)" }
        #expect(found == [
            "GL010 3:31 'v_prj' is not one of torchtune's lora_attn_modules (q_proj, k_proj, v_proj, output_proj): the model builder ignores it, so no adapter is added for it; did you mean 'v_proj'?",
        ])
    }

    @Test func aGitLFSPointerIsNamedAsOne() {
        let found = diagnostics("lfs-pointer/adapter_config.json")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("GL015 error 1:1 cannot compare the trained ranks with this config: ") == true)
        #expect(found.first?.hasSuffix("adapter_model.safetensors is a Git LFS pointer, not safetensors: the 147770496-byte weights were never fetched (run `git lfs pull`), and PEFT cannot load the adapter from it") == true)
    }

    @Test func legacyPeftKeysAreReportedAndRaiseOnOldVersions() {
        let text = "{\n  \"peft_type\": \"LORA\",\n  \"enable_lora\": null,\n  \"merge_weights\": false,\n  \"r\": 8,\n  \"target_modules\": [\"q_proj\"]\n}"
        let source = Fixtures.text(text, path: "adapter_config.json")
        #expect(Linter(options: LintOptions()).lint(source).diagnostics.map { "\($0.code) \($0.severity.rawValue) \($0.range.start.line)" }
            == ["GL014 info 3", "GL014 info 4"])
        var old = LintOptions()
        old.peftVersion = PeftVersion(0, 13, 2)
        let onOld = Linter(options: old).lint(source).diagnostics
        #expect(onOld.map { "\($0.code) \($0.severity.rawValue) \($0.range.start.line)" } == ["GL014 error 3", "GL014 error 4"])
        #expect(onOld.first?.message == "'enable_lora' is a PEFT 0.2 field that later versions removed: the configured PEFT 0.13.2 raises TypeError (\"unexpected keyword argument 'enable_lora'\") when it loads this config; remove the key")
    }

    @Test func unknownKeysAreErrorsOnPeftVersionsThatRaise() {
        let source = Fixtures.text("{\n  \"peft_type\": \"LORA\",\n  \"r\": 8,\n  \"lora_alhpa\": 16\n}", path: "adapter_config.json")
        var old = LintOptions()
        old.peftVersion = PeftVersion(0, 13, 2)
        #expect(Linter(options: old).lint(source).diagnostics.map { "\($0.code) \($0.severity.rawValue) \($0.range.start.line) \($0.message)" } == [
            "GL014 error 4 unknown key 'lora_alhpa' for peft; did you mean 'lora_alpha'?: the configured PEFT 0.13.2 raises TypeError (\"unexpected keyword argument 'lora_alhpa'\") when it loads this config",
        ])
        #expect(Linter(options: LintOptions()).lint(source).diagnostics.map { "\($0.severity.rawValue) \($0.message)" } == [
            "warning unknown key 'lora_alhpa' for peft; did you mean 'lora_alpha'?: the configured PEFT \(LintOptions().peftVersion) drops unknown keys when it loads the config, so it has no effect",
        ])
    }
}
