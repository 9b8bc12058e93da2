/// Every rule, in code order. Adding a rule means adding it here.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        SyntaxError.self,
        PrefixedPatternKey.self,
        DefaultRankAbovePattern.self,
        IncompleteRankPattern.self,
        UniformRankFallback.self,
        UnmatchedPatternKey.self,
        OrderDependentPattern.self,
        AlphaScalingDrift.self,
        InvalidPatternKey.self,
        RankNotAllowed.self,
        InvalidValue.self,
        SuspiciousTargetModules.self,
        LayerSelection.self,
        DuplicateKey.self,
        UnknownKey.self,
        AdapterRankMismatch.self,
        RedundantPatternEntry.self,
        UnusedSuppression.self,
        PeftRejectsConfig.self,
        MoEExpertsNotReached.self,
        TiedEmbeddingsSplit.self,
        UnmatchedModulesToSave.self,
        ExcludeCancelsTarget.self,
        TargetReachesTower.self,
        DefaultAlphaScaling.self,
        AxolotlTargetLinearUnion.self,
        InventoryRequired.self,
    ]

    public static func rule(code: String) -> (any Rule.Type)? {
        all.first { $0.metadata.code == code.uppercased() || $0.metadata.name == code.lowercased() }
    }

    public static var codes: [String] { all.map { $0.metadata.code } }
}
