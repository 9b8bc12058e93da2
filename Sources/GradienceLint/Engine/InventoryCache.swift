import Foundation

/// Loads each distinct inventory once per run: a zoo of configs for the same base model
/// should not rebuild its 80-layer module list for every file. Thread-safe; files are
/// linted in parallel.
public final class InventoryCache: @unchecked Sendable {
    private var entries: [InventoryRequest: Result<InventoryResult, InventoryError>] = [:]
    private var weights: [String: Result<AdapterWeights, SafetensorsHeaderError>] = [:]
    private let lock = NSLock()

    public init() {}

    public func load(_ request: InventoryRequest) -> Result<InventoryResult, InventoryError> {
        lock.lock()
        if let cached = entries[request] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let result: Result<InventoryResult, InventoryError>
        do {
            result = .success(try InventoryLoader.load(request, readWeights: { path throws(SafetensorsHeaderError) in
                try self.adapterWeights(atPath: path).get()
            }))
        } catch let error as InventoryError {
            result = .failure(error)
        } catch {
            result = .failure(.unreadable(path: "inventory", reason: "\(error)"))
        }
        lock.lock()
        entries[request] = result
        lock.unlock()
        return result
    }

    /// The header of an `adapter_model.safetensors`, read once per run whether the
    /// inventory, GL015 or both need it.
    public func adapterWeights(atPath path: String) -> Result<AdapterWeights, SafetensorsHeaderError> {
        lock.lock()
        if let cached = weights[path] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let result: Result<AdapterWeights, SafetensorsHeaderError>
        do {
            result = .success(try AdapterWeights.read(atPath: path))
        } catch {
            result = .failure(error)
        }
        lock.lock()
        weights[path] = result
        lock.unlock()
        return result
    }
}
