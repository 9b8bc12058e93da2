import Foundation

/// Loads each distinct inventory once per run: a zoo of configs for the same base model
/// should not rebuild its 80-layer module list for every file. Thread-safe; files are
/// linted in parallel.
public final class InventoryCache: @unchecked Sendable {
    private var entries: [InventoryRequest: Result<InventoryResult, InventoryError>] = [:]
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
            result = .success(try InventoryLoader.load(request))
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
}
