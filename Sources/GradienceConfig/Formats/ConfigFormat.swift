/// The formats gradience-lint reads: one per consuming tool. What each knows (its keys,
/// defaults, switches, source) is in its own file under `Formats/`, found through
/// `FormatRegistry`; this enum only names them.
public enum ConfigFormat: String, Sendable, CaseIterable {
    case peft = "peft"
    case peftKwargs = "peft-kwargs"
    case peftSection = "peft-section"
    case hydraLoraConfig = "hydra-loraconfig"
    case projectSection = "project-section"
    case seedBench = "seed-bench"
    case rankReport = "rank-report"
    case axolotl
    case llamaFactory = "llama-factory"
    case torchtune
    case trl
    case oumi
    case halos
    case msSwift = "ms-swift"
    case h2o = "h2o-llmstudio"
    case autotrain
    case openInstruct = "open-instruct"
    case unsloth
    case easyR1 = "easyr1"
    case ludwig
    case verl
    case firefly
    case simpleTuner = "simpletuner"
    case olive
    case miniGPT = "minigpt-v2"
    case easyEdit = "easyedit"
    case belle
    case flock

    public var definition: FormatDefinition { FormatRegistry.definition(of: self) }

    /// PEFT field → the key this tool uses for it.
    public var vocabulary: [String: String] { definition.vocabulary }
    /// What the tool passes to PEFT when `r` is absent (8, PEFT's, for tools without a default).
    public var defaultR: Int { definition.defaultR ?? 8 }
    /// What the tool passes to PEFT when `lora_alpha` is absent, given the rank.
    public func defaultAlpha(r: Int) -> Double { definition.defaultAlpha.value(r: r) ?? 8 }
    public var sectionMixesOtherSettings: Bool { definition.sectionMixesOtherSettings }
    public var replacesEmptyTargets: Bool { definition.replacesEmptyTargets }
    public var otherKeys: Set<String> { definition.otherKeys }
    public var extraSectionKeys: Set<String> { definition.extraSectionKeys }

    /// Formats whose section is handed to `LoraConfig` as keyword arguments, so PEFT's
    /// own field list (and its version history) applies to the keys.
    public var isLoraConfigKeywords: Bool {
        switch self {
        case .peft, .peftKwargs, .peftSection, .hydraLoraConfig: return true
        default: return false
        }
    }
}
