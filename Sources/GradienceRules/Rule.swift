import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// A lint rule: metadata beside a pure check. A rule never prints and never edits text;
/// it returns findings whose fixes are semantic edits.
// `SendableMetatype`: a rule is its type (static metadata and a pure static check), and the
// registry hands these types to the threads that lint files in parallel.
public protocol Rule: SendableMetatype {
    static var metadata: RuleMetadata { get }
    static func check(_ context: RuleContext) -> [Finding]
}

/// What a rule reports; the engine adds the code, name, path and configured severity.
public struct Finding {
    public var range: SourceRange
    public var keyPath: String
    public var message: String
    /// For rules whose level depends on the case (GL006: error when saving changes the winner).
    public var severity: Severity?
    public var fix: Fix?
    public var related: [RelatedLocation]

    public init(range: SourceRange, keyPath: String, message: String, severity: Severity? = nil, fix: Fix? = nil,
                related: [RelatedLocation] = []) {
        self.range = range
        self.keyPath = keyPath
        self.message = message
        self.severity = severity
        self.fix = fix
        self.related = related
    }

    public init(node: Node, keyPath: String, message: String, severity: Severity? = nil, fix: Fix? = nil,
                related: [RelatedLocation] = []) {
        self.init(range: node.range, keyPath: keyPath, message: message, severity: severity, fix: fix, related: related)
    }
}

/// What a rule may read: the file, the LoRA settings found in it, and — when an inventory
/// is known — PEFT's resolution of them.
public struct RuleContext {
    public let source: SourceText
    public let document: Node
    public let lora: LoraSettings
    public let options: LintOptions
    /// The base model's modules, when a source for them was found.
    public let inventory: Inventory?
    /// PEFT's answer for this config on that inventory; nil without an inventory.
    public let resolution: Resolution?
    /// The trained weights beside an `adapter_config.json` (`adapter_model.safetensors`,
    /// header only), narrowed to the adapter the config describes; nil for other files
    /// or when there are none.
    public var adapterWeights: AdapterWeights? = nil
    /// Why the weights beside the config could not be used (GL015 reports it).
    public var adapterWeightsProblem: String? = nil
    /// The file's bound on regex work (see `RegexBudget`), for rules that evaluate keys.
    public var regexBudget = RegexBudget()
    /// Pattern work shared by the rules of this document (see `PatternMemo`).
    public var patternMemo = PatternMemo()
    /// Without `inventory`: the architecture the model's name points to, at a nominal size
    /// (see `AssumedArchitecture`): for leaf-name checks only, never error-level on its own.
    public var assumedArchitecture: AssumedArchitecture? = nil
    /// Without `inventory`: why there is none (GL042 reports it under `require-inventory`).
    public var inventoryUnavailableReason: String? = nil
}

// In an extension, so the memberwise initializer stays for this module (and its tests).
extension RuleContext {
    package init(source: SourceText, document: Node, lora: LoraSettings, options: LintOptions, inventory: Inventory?,
                 resolution: Resolution?) {
        self.source = source
        self.document = document
        self.lora = lora
        self.options = options
        self.inventory = inventory
        self.resolution = resolution
    }
}
