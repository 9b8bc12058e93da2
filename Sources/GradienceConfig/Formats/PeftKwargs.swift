import GradienceSyntax
/// A bare `LoraConfig` keyword-argument file (no `peft_type`) that a script passes as
/// `LoraConfig(**json.load(f))`: every key must be a `LoraConfig` field (dataclass
/// `__init__` raises TypeError for any other).
enum PeftKwargs: FormatRecognizer {
    static let definition = FormatDefinition(
        format: .peftKwargs, tool: "LoraConfig keyword arguments",
        signature: "a top-level mapping whose keys are all `LoraConfig` fields, two of them `r`, `lora_alpha` or `target_modules`, no `peft_type`",
        reads: [SourceCitation("huggingface/peft", "src/peft/tuners/lora/config.py", "LoraConfig.__init__")],
        vocabulary: Dictionary(uniqueKeysWithValues: PeftFields.all.map { ($0, $0) }),
        defaultR: 8, defaultAlpha: .constant(8),
        keySet: .closed(consequence: "LoraConfig(**kwargs) raises TypeError for it"))
    static let definitions = [definition]

    static func recognize(_ document: Document) -> [Recognition]? {
        let keys = document.keys
        // Two of LoraConfig's core keywords at least: a lone `r: 8` is evidence of nothing.
        guard !keys.contains("peft_type"), keys.intersection(coreKeywords).count >= 2 else { return nil }
        // Near-typos of a field count as LoraConfig's keys (they are what GL014 is for).
        let foreign = keys.filter { !PeftFields.known.contains($0) && !isNearTypo($0) }
        guard foreign.isEmpty else { return nil }
        return [.settings(.peftKwargs, section: document.root, pointer: "")]
    }

    static let coreKeywords: Set<String> = ["r", "lora_alpha", "target_modules"]

    static func isNearTypo(_ key: String) -> Bool {
        guard key.count >= 4, let near = nearTypoCandidates.closest(to: key) else { return false }
        return Suggestion.editDistance(key, near) <= 2
    }

    private static let nearTypoCandidates = Suggestion.Candidates(PeftFields.all.filter { $0.count >= 4 }.sorted())
}
