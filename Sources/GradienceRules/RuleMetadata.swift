import GradienceSyntax
import GradiencePEFT
/// Everything a rule says about itself: its documentation page, its examples (which
/// are also its tests) and the facts the engine needs. It sits beside the check.
public struct RuleMetadata: Sendable {
    public let code: String
    public let name: String
    public let severity: Severity
    public let summary: String
    /// What it does, in a sentence or two.
    public let description: String
    /// Why it matters, in PEFT terms.
    public let why: String
    public let fix: FixAvailability
    public let examples: [RuleExample]
    /// Settings (`.gradience-lint.yml` keys) that change what the rule does.
    public let settings: [String]
    /// The rule reports one finding per LoRA config, anchored where it reads best (GL007:
    /// the first drifting key). The fix loop then tells its findings apart by rule alone,
    /// since a fix may move the anchor without adding a problem.
    public let oneFindingPerConfig: Bool
    /// The rule reads the file alone, never a module inventory or resolution, so what it
    /// reports cannot change once an inventory is known: GL018 judges its suppressions
    /// in files without one too.
    public let readsFileAlone: Bool

    public init(code: String, name: String, severity: Severity, summary: String, description: String, why: String,
                fix: FixAvailability, examples: [RuleExample], settings: [String] = [], oneFindingPerConfig: Bool = false,
                readsFileAlone: Bool = false) {
        self.oneFindingPerConfig = oneFindingPerConfig
        self.readsFileAlone = readsFileAlone
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.description = description
        self.why = why
        self.fix = fix
        self.examples = examples
        self.settings = settings
    }
}

public struct FixAvailability: Sendable {
    public let applicability: Applicability?
    public let description: String

    public static func none(_ why: String = "No automatic fix.") -> FixAvailability {
        FixAvailability(applicability: nil, description: why)
    }

    public static func safe(_ description: String) -> FixAvailability {
        FixAvailability(applicability: .safe, description: description)
    }

    public static func unsafe(_ description: String) -> FixAvailability {
        FixAvailability(applicability: .unsafe, description: description)
    }
}

/// A YAML example. `↓` marks where each expected diagnostic starts (and is removed
/// before the example is linted). The generic example test runs each example as written,
/// in flow style and as JSON.
public struct RuleExample: Sendable {
    public enum Kind: Sendable { case triggering, clean, fix }

    public let kind: Kind
    public let yaml: String
    /// For `.fix`: the file after `--fix` (safe fixes, or unsafe ones when `unsafe`).
    public let fixed: String?
    public let unsafe: Bool
    /// An inventory for the example, as `architecture:layers` (e.g. `llama:2`), or nil.
    public let model: String?
    /// Settings for the example (`pattern-style: minimal`, `allowed-ranks: [4, 8]`).
    public let settings: [String: String]
    public let note: String?

    public static func triggering(_ yaml: String, model: String? = nil, settings: [String: String] = [:], note: String? = nil) -> RuleExample {
        RuleExample(kind: .triggering, yaml: yaml, fixed: nil, unsafe: false, model: model, settings: settings, note: note)
    }

    public static func clean(_ yaml: String, model: String? = nil, settings: [String: String] = [:], note: String? = nil) -> RuleExample {
        RuleExample(kind: .clean, yaml: yaml, fixed: nil, unsafe: false, model: model, settings: settings, note: note)
    }

    public static func fix(_ before: String, _ after: String, unsafe: Bool = false, model: String? = nil,
                           settings: [String: String] = [:], note: String? = nil) -> RuleExample {
        RuleExample(kind: .fix, yaml: before, fixed: after, unsafe: unsafe, model: model, settings: settings, note: note)
    }

    public static let marker: Character = "↓"
}
