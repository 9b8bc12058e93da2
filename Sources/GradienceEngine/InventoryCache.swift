import Foundation
import GradienceTransformer
import GradienceInventory
import GradiencePEFT

/// Loads each distinct inventory once per run: a zoo of configs for the same base model
/// should not rebuild its 80-layer module list for every file. Thread-safe; files are
/// linted in parallel.
// @unchecked Sendable: `preloaded` is immutable, and `entries`/`weights` are read and written
// only while `lock` is held (loading runs outside it; the results stored are values).
public final class InventoryCache: @unchecked Sendable {
    private var entries: [InventoryRequest: Result<InventoryResult, InventoryError>] = [:]
    private var weights: [String: Result<AdapterWeights, SafetensorsHeaderError>] = [:]
    private let lock = NSLock()
    /// Inventories handed in whole, by the `modulesFile` path a request names (tests, and
    /// callers that built one already).
    private let preloaded: [String: Inventory]

    public init(preloaded: [String: Inventory]) {
        self.preloaded = preloaded
    }

    public convenience init() {
        self.init(preloaded: [:])
    }

    public func load(_ request: InventoryRequest) -> Result<InventoryResult, InventoryError> {
        if let path = request.modulesFile, let inventory = preloaded[path] {
            return .success(InventoryResult(inventory: inventory, unavailableReason: nil, skipped: []))
        }
        var request = request
        // The adapter's folder only counts when it holds adapter_model.safetensors (the
        // loader looks for nothing else there). Without it, every adapter of one base
        // model shares one entry: one inventory per model, not one per adapter_config.json.
        if let folder = request.adapterDirectory, AdapterFiles(folder: folder).safetensors == nil {
            request.adapterDirectory = nil
        }
        return memoized(\.entries, request) {
            do {
                return .success(try InventoryLoader.load(request, readWeights: { path throws(SafetensorsHeaderError) in
                    try self.adapterWeights(atPath: path).get()
                }))
            } catch let error as InventoryError {
                return .failure(error)
            } catch {
                return .failure(.unreadable(path: "inventory", reason: "\(error)"))
            }
        }
    }

    /// The header of an `adapter_model.safetensors`, read once per run whether the
    /// inventory, GL015 or both need it.
    public func adapterWeights(atPath path: String) -> Result<AdapterWeights, SafetensorsHeaderError> {
        memoized(\.weights, path) { () -> Result<AdapterWeights, SafetensorsHeaderError> in
            do throws(SafetensorsHeaderError) {
                return .success(try AdapterWeights.read(atPath: path))
            } catch {
                return .failure(error)
            }
        }
    }

    /// The lock is not held while computing: loading may read files, and a weights read
    /// happens inside an inventory load. Two threads may compute the same entry once each;
    /// both get equal answers.
    private func memoized<Key: Hashable, Value>(_ table: ReferenceWritableKeyPath<InventoryCache, [Key: Value]>, _ key: Key,
                                                 compute: () -> Value) -> Value {
        lock.lock()
        if let hit = self[keyPath: table][key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        self[keyPath: table][key] = value
        lock.unlock()
        return value
    }
}
