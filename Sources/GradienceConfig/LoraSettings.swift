import GradienceSyntax
import GradiencePEFT
/// The LoRA settings found in one document, each tied to the node it came from.
///
/// Field names are PEFT's (`r`, `lora_alpha`, `target_modules`, …) whatever the file
/// calls them; `field.key` is the file's own name, which fixes must keep using.
public struct LoraSettings {
    public let format: ConfigFormat
    /// The document's root node.
    public let root: Node
    /// The mapping that holds the settings (the root for flat formats).
    public let section: Node
    public let sectionPointer: String
    /// PEFT field name → where the file sets it.
    public let fields: [String: SettingField]
    /// What PEFT will actually receive, after the tool's defaults and transformations.
    public let spec: LoraSpec
    /// PEFT fields whose value is an OmegaConf/Hydra interpolation (`${...}`) or otherwise
    /// unknowable without running the tool; rules that depend on them stay quiet.
    public let notStaticallyKnown: Set<String>
    /// `base_model_name_or_path`, `base_model`, `model.name`, …: selects a catalog inventory.
    public let modelName: String?
    /// The seed format's `compression.allowed_ranks`.
    public let allowedRanks: SettingField?
    /// Set when the section is dedicated to LoRA (so every key in it should be known);
    /// nil for flat formats whose top level also holds unrelated training settings.
    public let sectionVocabulary: Set<String>?
    /// Notes on how values were transformed on their way to PEFT, for `resolve` output.
    public let transformations: [String]
    /// Lookups several rules derive from these settings, built once on first use.
    let memo = LoraSettingsMemo()

    public func field(_ peftName: String) -> SettingField? { fields[peftName] }

    /// The file's own key for a PEFT field, for fixes that add a key the file lacks.
    public func fileKey(for peftName: String) -> String? { format.vocabulary[peftName] }
}

public struct SettingField {
    public let peftName: String
    /// The key as written in the file (`lora_r`, `probe_r`, `r`).
    public let key: String
    public let entry: MappingEntry
    /// The mapping the entry sits in.
    public let container: Node
    public let pointer: String

    public var value: Node { entry.value.resolved }
}

/// What rules ask of a config again and again (its pattern keys): rebuilding them per
/// question made complete patterns quadratic (a key's value is a lookup the spec keeps). The settings never change after
/// extraction, and one config is linted on one thread, so a plain lazy cache is enough.
final class LoraSettingsMemo {
    var patternKeys: [PatternKind: [PatternKey]] = [:]
}
