/// Placeholder replaced by the Transformer branch.
public enum SemanticEdit {}
