import Foundation
import Testing

/// `--verbose`: for every file, how it was read (format and section), why its LoRA
/// settings were skipped, or that it has none; and why a LoRA file had no module inventory.
@Suite struct VerboseOutputTests {
    @Test func verboseSaysHowEachFileWasReadOrThatItHadNoLoraSettings() throws {
        let run = try CLI.run(["check", "-v", "fixtures/realworld/formats/ms-swift-sft.yaml", "fixtures/realworld/formats/unsloth-lora_text.yaml",
                               "fixtures/realworld/foreign/mistral-finetune-7B.yaml", "fixtures/mixed/workflow.yml"])
        #expect(run.status == 0)
        #expect(run.stderr.split(separator: "\n").map(String.init) == [
            "fixtures/realworld/formats/ms-swift-sft.yaml: read as ms-swift",
            "fixtures/realworld/formats/ms-swift-sft.yaml: no module inventory: 'swift-bot' is not in the local Hugging Face cache and not in the table of known models; give a modules file (`for n, m in model.named_modules(): print(n, type(m).__name__, sep='\\t')`), the base model's folder (config.json), or an architecture with its layer count",
            "fixtures/realworld/formats/unsloth-lora_text.yaml: read as unsloth (/lora)",
            "fixtures/realworld/foreign/mistral-finetune-7B.yaml: skipped: the section at /lora sets `rank`, not PEFT's `r`: it is not a LoraConfig",
            "fixtures/mixed/workflow.yml: no LoRA settings",
        ])
    }

    /// With `--format json` the reasons still go to stderr (stdout stays the JSON report, as
    /// consumers parse it), ties and weak matches among them.
    @Test func verboseWithJSONPrintsItsReasonsOnStderr() throws {
        let run = try CLI.run(["check", "-v", "--format", "json", "fixtures/formats/classes/halos-model.yaml",
                               "fixtures/formats/classes/simpletuner-lycoris.json", "fixtures/mixed/workflow.yml"])
        #expect(run.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(report?["files_checked"] as? Int == 3)
        #expect(run.stderr.split(separator: "\n").map(String.init) == [
            "fixtures/formats/classes/halos-model.yaml: read as halos (/peft)",
            "fixtures/formats/classes/simpletuner-lycoris.json: skipped: SimpleTuner: lora_type is lycoris: LyCORIS adapters are not PEFT's LoRA",
            "fixtures/mixed/workflow.yml: no LoRA settings",
        ])
    }
}
