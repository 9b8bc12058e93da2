/// Facts about the base model that are not module names: whether input and output embeddings
/// are tied (`tie_word_embeddings`), and which sub-trees are vision or audio towers.
public struct InventoryTower: Sendable, Equatable, Codable {
    public var kind: String   // "vision" or "audio"
    public var prefix: String // module-name prefix, e.g. "model.vision_tower"
    public init(kind: String, prefix: String) { self.kind = kind; self.prefix = prefix }
}
