/// What gradience-lint knows about one consuming tool, taken from that tool's own code:
/// the file and function that read its settings, how its keys map onto PEFT's
/// `LoraConfig`, its defaults, and whether its key set is known in full.
public struct FormatDefinition: Sendable {
    public let format: ConfigFormat
    /// The tool's name as users know it.
    public let tool: String
    /// How a document is recognised as this tool's, in words (for `gradience-lint formats` and docs/formats.md).
    public let signature: String
    /// Where the tool reads these settings: repository, file and function.
    public let reads: [SourceCitation]
    /// PEFT field → the key this tool uses for it. Fields absent here cannot be set in this format.
    public let vocabulary: [String: String]
    /// What the tool passes to PEFT when the rank key is absent; nil when it has no default
    /// (it raises, or a command line must fill the value in), so the rank stays unknown.
    public let defaultR: Int?
    public let defaultAlpha: AlphaDefault
    public let keySet: KeySet
    /// The tool's own keys a typo away from a LoRA key that are settings of their own.
    public var otherKeys: Set<String> = []
    /// Keys of a dedicated section that belong to the format though they are not PEFT fields.
    public var extraSectionKeys: Set<String> = []
    /// The LoRA keys share their mapping with the tool's other settings.
    public var sectionMixesOtherSettings = false
    /// The tool passes its own default targets when the setting is empty, so an empty value never reaches PEFT.
    public var replacesEmptyTargets = false
    /// Other spellings the tool accepts for a field, tried after its own key (Olive's `r`/`alpha`).
    public var alternativeKeys: [String: [String]] = [:]
    /// A prefix the tool's config file may keep from its command line (SimpleTuner's `--`).
    public var commandLinePrefix: String? = nil

    /// `key` without the command-line prefix the tool tolerates.
    package func bareKey(_ key: String) -> String {
        guard let commandLinePrefix, key.hasPrefix(commandLinePrefix) else { return key }
        return String(key.dropFirst(commandLinePrefix.count))
    }
}

/// A place in a tool's source, cited the way rules cite PEFT.
public struct SourceCitation: Sendable, Equatable {
    public let repository: String
    public let file: String
    public let function: String

    public init(_ repository: String, _ file: String, _ function: String) {
        self.repository = repository
        self.file = file
        self.function = function
    }

    public var text: String { "\(repository) `\(file)`, `\(function)`" }
}

/// What a tool passes as `lora_alpha` when the file does not set it.
public enum AlphaDefault: Sendable, Equatable {
    case constant(Double)
    /// A multiple of the rank (LLaMA-Factory and Ludwig: 2 × r; SimpleTuner: the rank itself).
    case timesRank(Double)
    /// The tool has no default: the value is unknown when absent.
    case unknown

    func value(r: Int) -> Double? {
        switch self {
        case .constant(let value): return value
        case .timesRank(let factor): return factor * Double(r)
        case .unknown: return nil
        }
    }
}

/// Whether every key the consuming code accepts is known.
public enum KeySet: Sendable, Equatable {
    /// Known in full: any other key is reported, with what the tool does with it; an
    /// error when the tool refuses the file for it.
    case closed(consequence: String, raises: Bool = true)
    /// The section also holds keys this tool (or the project around it) reads for other
    /// things: only a near-typo of a key the format reads is reported.
    case open

    public var isClosed: Bool {
        if case .closed = self { return true }
        return false
    }
}

/// What a recogniser found in one document.
enum Recognition {
    /// The tool's LoRA settings, in `section` at `pointer`. `openBecause`: the format's key set
    /// is closed but the evidence is weak (too many keys it does not define), so only
    /// near-typos are reported, and `--verbose` says why.
    case settings(ConfigFormat, section: Node, pointer: String, openBecause: String? = nil)
    /// The tool's config, but LoRA rules do not apply; the reason is said under `--verbose`.
    case skipped(String)
}

/// One tool's recognition signature: the keys its own code reads. Each conforming type
/// lives in its own file with its `FormatDefinition`.
// `SendableMetatype`: recognisers are stateless types the registry shares across lint threads.
protocol FormatRecognizer: SendableMetatype {
    /// The formats this recogniser can answer (usually one).
    static var definitions: [FormatDefinition] { get }
    /// What the document holds for this tool, or nil when its keys are not this tool's.
    /// May return several settings (one block per base model, as FLock's file has).
    static func recognize(_ document: Document) -> [Recognition]?
}

/// A parsed document with its top-level key set computed once for every recogniser.
struct Document {
    let root: Node
    let keys: Set<String>

    init(_ root: Node) {
        self.root = root
        keys = ConfigExtractor.keySet(root)
    }

    func value(_ key: String) -> Node? { root.value(forKey: key) }
    func has(_ key: String) -> Bool { keys.contains(key) }
}

extension Node {
    /// A string, or a list of strings, as a list (non-string items left out).
    var stringList: [String]? {
        if let text = scalar?.value.stringValue { return [text] }
        return items?.compactMap { $0.resolved.scalar?.value.stringValue }
    }

    /// A comma-separated string split into its non-empty trimmed parts.
    var commaSeparated: [String]? {
        scalar?.value.stringValue.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }
}

import Foundation
import GradienceSyntax
