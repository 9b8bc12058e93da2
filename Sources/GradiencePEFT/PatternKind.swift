/// `rank_pattern` or `alpha_pattern`: the two per-module override maps.
public enum PatternKind: String, CaseIterable, Sendable {
    case rank, alpha

    public var field: String { self == .rank ? "rank_pattern" : "alpha_pattern" }
    /// The PEFT field that applies when no key matches.
    public var defaultField: String { self == .rank ? "r" : "lora_alpha" }
    public var valueName: String { self == .rank ? "r" : "alpha" }
}
