import Foundation

/// Lookups over one inventory's module names that rules ask for every file: a zoo's
/// configs share a few base models, and building a suffix index of an 80-layer model's
/// names again for each file was half of all the work of linting a zoo. Each is built on
/// first use and shared by every copy of the `Inventory` (and so by every file that the
/// `InventoryCache` hands the same inventory).
// @unchecked Sendable: `modules` is immutable, and every `var` below is read and written only
// while `lock` is held; the indexes handed out are values.
package final class InventoryIndexes: @unchecked Sendable {
    private let modules: [ModuleInfo]
    private let lock = NSLock()
    private var suffixIndex: ModuleSuffixIndex?
    private var lastComponents: [String]?
    /// `hasModule(namedOrEndingWith:)` questions answered by scanning so far.
    private var scans = 0
    /// Past this many questions the suffix index is built: it costs about 1,600
    /// instructions per suffix (3 M for an 8B model), which one pre-commit run never
    /// earns back, while a zoo asks thousands of times.
    private static let scansBeforeIndexing = 64

    init(_ modules: [ModuleInfo]) {
        self.modules = modules
    }

    /// Every name indexed under itself and under each suffix after a dot.
    package var bySuffix: ModuleSuffixIndex {
        built(\.suffixIndex) { ModuleSuffixIndex(modules.map(\.name)) }
    }

    /// Whether some module is `entry` or ends with `"." + entry` (a `target_modules` list
    /// entry's test in `check_target_module_exists`), by scan or, once asked often, by index.
    package func hasModule(namedOrEndingWith entry: String) -> Bool {
        lock.lock()
        let index = suffixIndex
        scans += 1
        let worthIndexing = scans > Self.scansBeforeIndexing
        lock.unlock()
        if let index { return index.hasModule(namedOrEndingWith: entry) }
        if worthIndexing { return bySuffix.hasModule(namedOrEndingWith: entry) }
        return modules.contains { ModuleSuffixIndex.name($0.name, isOrEndsWithDotted: entry) }
    }

    /// The distinct last components (`q_proj`, `lm_head`), sorted: the vocabulary of
    /// did-you-mean suggestions for target names.
    package var sortedLastComponents: [String] {
        built(\.lastComponents) {
            Array(Set(modules.map { $0.name.split(separator: ".").last.map(String.init) ?? $0.name })).sorted()
        }
    }

    /// Computed outside the lock (it may take milliseconds); two threads that both build
    /// it get equal values.
    private func built<Value>(_ slot: ReferenceWritableKeyPath<InventoryIndexes, Value?>, _ build: () -> Value) -> Value {
        lock.lock()
        if let known = self[keyPath: slot] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = build()
        lock.lock()
        self[keyPath: slot] = value
        lock.unlock()
        return value
    }
}
