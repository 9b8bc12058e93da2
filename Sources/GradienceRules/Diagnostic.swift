import GradienceSyntax
import GradienceTransformer
import GradiencePEFT
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case error, warning, info

    private var rank: Int {
        switch self {
        case .error: return 2
        case .warning: return 1
        case .info: return 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding, in the single model every renderer reads.
public struct Diagnostic {
    public var code: String
    public var name: String
    public var severity: Severity
    public var path: String
    public var range: SourceRange
    /// RFC 6901 pointer to the node (stable across reformatting).
    public var keyPath: String
    public var message: String
    public var fix: Fix?
    /// Other places the message refers to (the first of two duplicate keys, …).
    public var related: [RelatedLocation]
    /// What the reports show of the file, once the file itself is gone (`forReport`).
    public var excerpt: FindingExcerpt?
    /// `note:` / `help:` lines beyond what the message says (the human report and the
    /// language server show them; `MessageShape` derives the rest from the message).
    public var notes: [String] = []
    public var help: [String] = []

    public init(code: String, name: String, severity: Severity, path: String, range: SourceRange, keyPath: String,
                message: String, fix: Fix? = nil, related: [RelatedLocation] = []) {
        self.code = code
        self.name = name
        self.severity = severity
        self.path = path
        self.range = range
        self.keyPath = keyPath
        self.message = message
        self.fix = fix
        self.related = related
    }

    /// The finding without its fix's edits, which hold nodes of the file's tree.
    package var withoutEdits: Diagnostic {
        var copy = self
        copy.fix?.edits = []
        return copy
    }

    /// Deterministic output order: path, line, column, then code.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.path != rhs.path { return lhs.path < rhs.path }
        if lhs.range.start.line != rhs.range.start.line { return lhs.range.start.line < rhs.range.start.line }
        if lhs.range.start.column != rhs.range.start.column { return lhs.range.start.column < rhs.range.start.column }
        return lhs.code < rhs.code
    }
}

public struct RelatedLocation {
    public var range: SourceRange
    public var keyPath: String
    public var message: String

    public init(range: SourceRange, keyPath: String, message: String) {
        self.range = range
        self.keyPath = keyPath
        self.message = message
    }
}

/// How far a fix may be trusted (DESIGN.md §5).
public enum Applicability: String, Sendable, Codable {
    /// The fixed config makes PEFT do what the config evidently says.
    case safe
    /// Changes training behaviour beyond that; applied only with `--unsafe-fixes`.
    case unsafe
    /// Shown, never applied.
    case displayOnly = "display-only"
}

/// A rule's proposed repair, as semantic edits; the Transformer turns them into bytes.
public struct Fix {
    public var applicability: Applicability
    public var description: String
    public var edits: [SemanticEdit]
    /// What the fix may do to PEFT's resolution; the fix loop checks it (DESIGN.md §5).
    public var intent: FixIntent

    public init(applicability: Applicability, description: String, edits: [SemanticEdit], intent: FixIntent = .keepsResolution) {
        self.applicability = applicability
        self.description = description
        self.edits = edits
        self.intent = intent
    }
}

/// The change to module resolutions a fix is allowed to make. A safe fix whose result
/// resolves differently than its intent allows is refused and nothing is written.
public enum FixIntent: Sendable, Equatable {
    /// Every module keeps its r and alpha (GL002, GL003, GL017 …).
    case keepsResolution
    /// Modules may change, but only to be decided by this key (GL001: the stripped key
    /// now applies, as the config evidently meant).
    case makesKeyApply(PatternKind, String)
    /// Every adapted module ends at this scaling (GL007's alpha entries); checked for
    /// unsafe fixes too, since the fix says so.
    case givesScaling(Double)
}
