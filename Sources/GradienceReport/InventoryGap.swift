/// A file whose LoRA settings were read without the base model's module names. Its target
/// modules, layer indices and pattern keys were not checked against anything, so a report
/// that said only "All checks passed" would claim checks that did not run: every format
/// says it (the human summary, JSON's `files_without_inventory`, a SARIF notification,
/// and the reason per file under `--verbose`).
public struct InventoryGap: Sendable, Equatable {
    public var path: String
    /// Why there was no inventory (unknown id, a path not on this machine, no name at all,
    /// an assumed architecture), as `InventoryLoader` says it.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The SARIF notification descriptor id.
    public static let notificationID = "no-module-inventory"

    /// What did not run, for every output.
    public static let consequence = "read without the base model's modules: target modules, layer indices and pattern keys were not checked"

    /// The human summary's second line, or nil when every file had an inventory.
    public static func summaryLine(_ gaps: [InventoryGap]) -> String? {
        guard !gaps.isEmpty else { return nil }
        let files = "\(gaps.count) file\(gaps.count == 1 ? "" : "s")"
        return "\(files) \(consequence) (--verbose says why; give --model-dir, --modules or --architecture with --num-layers)."
    }
}
