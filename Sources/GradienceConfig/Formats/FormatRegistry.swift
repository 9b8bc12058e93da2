/// Every consuming tool gradience-lint reads, in the order their signatures are tried
/// (the most specific first). Adding a trainer is adding its file and a line here.
public enum FormatRegistry {
    static let recognizers: [any FormatRecognizer.Type] = [
        PeftAdapterConfig.self, NotPeftLora.self, SeedBench.self, Axolotl.self, MsSwift.self, OpenInstruct.self, LoraGA.self,
        Firefly.self, SimpleTuner.self, EasyEdit.self, LlamaFactory.self, Torchtune.self, TRL.self, H2OLLMStudio.self,
        AutoTrain.self, Oumi.self, HALOs.self, Verl.self, MiniGPT.self, Olive.self, FLock.self, PeftSection.self, Ludwig.self,
        PeftKwargs.self, ProjectSection.self, Unrecognised.self,
    ]

    /// Recognisers whose match is a fallback, not evidence of a tool: never reported as a tie.
    static let fallbacks: Set<ObjectIdentifier> = [ObjectIdentifier(PeftKwargs.self), ObjectIdentifier(ProjectSection.self),
                                                   ObjectIdentifier(Unrecognised.self)]

    /// Every format's definition, in registry order; formats found inside another's
    /// section (unsloth, EasyR1) follow the recogniser that finds them.
    public static let definitions: [FormatDefinition] = {
        var all: [FormatDefinition] = []
        for recognizer in recognizers {
            all += recognizer.definitions
            if recognizer == PeftSection.self { all += [Unsloth.definition, EasyR1.definition] }
        }
        return all
    }()

    private static let byFormat: [ConfigFormat: FormatDefinition] = Dictionary(definitions.map { ($0.format, $0) }, uniquingKeysWith: { first, _ in first })

    static func definition(of format: ConfigFormat) -> FormatDefinition {
        guard let definition = byFormat[format] else { preconditionFailure("no definition for \(format.rawValue)") }
        return definition
    }

    /// The table `gradience-lint formats --markdown` prints and docs/formats.md embeds
    /// (between its `formats:begin`/`formats:end` markers; a test fails when it is stale).
    public static func markdownTable() -> String {
        var out = "| format | tool | recognised by | keys | reads (file, function) |\n|---|---|---|---|---|\n"
        for definition in definitions {
            let keys = definition.keySet.isClosed ? "closed" : "open"
            let reads = definition.reads.map { "\($0.repository) `\($0.file)` `\($0.function)`" }.joined(separator: "; ")
            out += "| `\(definition.format.rawValue)` | \(definition.tool) | \(definition.signature.replacingOccurrences(of: "|", with: "\\|")) | \(keys) | \(reads) |\n"
        }
        return out
    }
}

/// A document with LoRA-looking keys that no tool's signature fits: skipped, saying why.
enum Unrecognised: FormatRecognizer {
    static let definitions: [FormatDefinition] = []
    static let loraLooking: Set<String> = ["peft_type", "lora_r", "lora_rank", "lora_alpha", "lora_dropout", "lora_target_modules",
                                           "use_lora", "use_peft", "rank_pattern", "alpha_pattern"]

    static func recognize(_ document: Document) -> [Recognition]? {
        let present = document.keys.intersection(loraLooking)
        guard !present.isEmpty else { return nil }
        var reason = "no tool's signature fits (LoRA-looking keys \(present.sorted().joined(separator: ", ")))"
        if let type = document.value("peft_type")?.scalar?.text, type != type.uppercased() {
            reason += "; peft_type \(type) is not PEFT's enum value \(type.uppercased()), so this is not a saved adapter_config.json"
        }
        let foreign = document.keys.subtracting(PeftFields.known).sorted()
        if !foreign.isEmpty {
            reason += "; not read as a LoraConfig because \(foreign.prefix(4).joined(separator: ", "))\(foreign.count > 4 ? ", …" : "") \(foreign.count == 1 ? "is not a LoraConfig field" : "are not LoraConfig fields")"
        }
        return [.skipped(reason)]
    }
}

import Foundation
