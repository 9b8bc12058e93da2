import Testing
@testable import GradienceLint
@testable import GradienceInventory

/// `InventoryIndexes.hasModule(namedOrEndingWith:)` scans until asked often, then uses the
/// suffix index: both must give PEFT's list-entry answer
/// (`name == entry or name.endswith("." + entry)`, `check_target_module_exists`).
@Suite struct InventoryIndexesTests {
    static let names = ["", "lm_head", "model.layers.0.self_attn.q_proj", "model.layers.0.mlp.up_proj", "model.norm",
                        "model.layers.10.self_attn.q_proj"]
    static let entries = ["q_proj", "self_attn.q_proj", "0.self_attn.q_proj", "layers.1.self_attn.q_proj", "lm_head", "head",
                          "proj", "model", "model.norm", "norm", "", ".q_proj", "up_proj", "mlp", "10.self_attn.q_proj"]

    static func expected(_ entry: String) -> Bool {
        names.contains { $0 == entry || $0.hasSuffix("." + entry) }
    }

    @Test func scanAndIndexAgreeWithPEFTsTest() {
        let indexes = InventoryIndexes(Self.names.map { ModuleInfo(name: $0) })
        // Ask every entry enough times to cross from scanning to the index.
        for round in 0..<10 {
            for entry in Self.entries {
                #expect(indexes.hasModule(namedOrEndingWith: entry) == Self.expected(entry), "round \(round): '\(entry)'")
            }
        }
    }
}
