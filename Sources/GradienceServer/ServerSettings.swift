import Foundation
import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceRules
import GradienceEngine

/// The settings for each document, found as `check` finds them (`Settings.find`: the
/// nearest settings file at or above the document's folder) and read again when they
/// change: the file's modification time, size and inode are compared on every analysis,
/// and `workspace/didChangeWatchedFiles` (or saving a settings file in the editor) drops
/// everything read so far. Thread-safe: analyses run on worker threads.
// @unchecked Sendable: `loaded` is read and written only while `lock` is held.
public final class ServerSettings: @unchecked Sendable {
    private struct Loaded {
        let stamp: FileStamp
        let options: Result<LintOptions, Settings.Problem>
    }

    private struct FileStamp: Equatable {
        let seconds: Int
        let nanoseconds: Int
        let size: Int
        let inode: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
            size = Int(info.st_size)
            inode = UInt64(info.st_ino)
        }
    }

    private var loaded: [String: Loaded] = [:]
    /// The stamps of the files the inventories were read from (a modules file, a model
    /// folder's config): when one changes, the inventories are read again.
    private var inventoryStamps: [String: FileStamp?] = [:]
    private let lock = NSLock()
    /// Inventories (module files, model folders) are read once per settings generation.
    public private(set) var inventories = InventoryCache()

    public init() {}

    /// The options for a document at `path`, or the problem in its settings file.
    public func options(forDocumentAt path: String) -> Result<LintOptions, Settings.Problem> {
        let options = settingsOptions(forDocumentAt: path)
        if case .success(let found) = options { checkInventorySources(found.model) }
        return options
    }

    private func checkInventorySources(_ model: LintOptions.ModelSource) {
        var sources = [model.modulesFile].compactMap { $0 }
        if let folder = model.modelDirectory { sources += ["config.json", "model.safetensors.index.json"].map { folder + "/" + $0 } }
        let stamps = sources.map { ($0, FileStamp(path: $0)) }
        lock.lock()
        defer { lock.unlock() }
        var changed = false
        for (source, stamp) in stamps {
            if let known = inventoryStamps[source], known != stamp { changed = true }
            inventoryStamps[source] = stamp
        }
        if changed { inventories = InventoryCache() }
    }

    private func settingsOptions(forDocumentAt path: String) -> Result<LintOptions, Settings.Problem> {
        guard let settingsPath = Settings.find(startingAt: path) else { return .success(LintOptions()) }
        let stamp = FileStamp(path: settingsPath)
        lock.lock()
        if let cached = loaded[settingsPath], let stamp, cached.stamp == stamp {
            lock.unlock()
            return cached.options
        }
        lock.unlock()
        let options: Result<LintOptions, Settings.Problem>
        do {
            try Settings.checkUnambiguous(settingsPath)
            options = .success(try Settings.load(path: settingsPath).options())
        } catch let problem as Settings.Problem {
            options = .failure(problem)
        } catch {
            options = .failure(Settings.Problem(path: settingsPath, line: 1, column: 1, message: "\(error)"))
        }
        lock.lock()
        if let stamp { loaded[settingsPath] = Loaded(stamp: stamp, options: options) }
        inventories = InventoryCache()
        lock.unlock()
        return options
    }

    /// Forget every settings file and inventory read so far.
    public func invalidate() {
        lock.lock()
        loaded = [:]
        inventoryStamps = [:]
        inventories = InventoryCache()
        lock.unlock()
    }

    public func currentInventories() -> InventoryCache {
        lock.lock()
        defer { lock.unlock() }
        return inventories
    }
}
