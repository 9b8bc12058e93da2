import Foundation
import GradienceSyntax

/// The temporary files `--fix` writes beside a file, `.NAME.gradience-lint-PID-RAND`,
/// removed by every return and on SIGINT, SIGTERM and SIGHUP (issue 28: 18 of 236
/// interrupted runs left one in the user's folder).
///
/// The signal handler may only make async-signal-safe calls, so the paths live in fixed
/// slots of raw memory it reads without locks: a slot's bytes are written before its flag
/// is set, and the handler unlinks every flagged slot, then dies of the signal as it would
/// have. While a file is being rewritten in place (`inPlace`), the handler only records
/// the signal: the run dies of it once the file is whole again, on whichever thread the
/// signal landed. Handlers are installed only where the signal still has its default action.
enum TemporaryFiles {
    struct Temporary {
        let path: String
        let descriptor: Int32
        let slot: Int?
    }

    private static let slotCount = 256
    private static let slotSize = Int(PATH_MAX) + 1
    // nonisolated(unsafe) on the three pointers below: the pointers themselves never change
    // (allocated once, never freed); the memory they point to is written only under `lock`
    // (slot bytes before their flag) and read lock-free only by the signal handler, which
    // POSIX allows for `sig_atomic_t` flags and which must not take a lock.
    nonisolated(unsafe) private static let paths: UnsafeMutablePointer<CChar> = {
        let memory = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
        memory.initialize(repeating: 0, count: slotCount * slotSize)
        return memory
    }()
    nonisolated(unsafe) private static let used: UnsafeMutablePointer<sig_atomic_t> = {
        let memory = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: slotCount)
        memory.initialize(repeating: 0, count: slotCount)
        return memory
    }()
    /// How many in-place writes are running, and a signal that arrived meanwhile.
    nonisolated(unsafe) private static let deferral: UnsafeMutablePointer<sig_atomic_t> = {
        let memory = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 2)
        memory.initialize(repeating: 0, count: 2)
        return memory
    }()
    private static let lock = NSLock()
    static let handledSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static let installed: Void = {
        _ = paths
        _ = used
        _ = deferral
        // A parent that blocked these signals (test harnesses do) would make the run
        // uninterruptible and its temporary files unremovable: take them as they come.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in handledSignals { sigaddset(&unblock, signal) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for signal in handledSignals {
            var current = sigaction()
            guard sigaction(signal, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { continue }  // SIG_DFL only
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                if TemporaryFiles.deferral[0] > 0 {
                    TemporaryFiles.deferral[1] = received
                    return
                }
                TemporaryFiles.die(of: received)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }()

    /// Creates `FOLDER/.NAME.gradience-lint-PID-RAND` with `O_EXCL`; `descriptor` is -1 (and
    /// `errno` set) when it cannot be made.
    static func create(folder: String, name: String, mode: mode_t, removedOnSignal: Bool = true) -> Temporary {
        _ = installed
        let path = (folder == "/" ? "" : folder) + "/." + name + AtomicWriter.temporaryMarker + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // Registered first: a signal between the open and the registration cannot leave it.
        let slot = removedOnSignal ? register(path) : nil
        let descriptor = FileNameBytes.withSystemPath(path) { open($0, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        if descriptor < 0 {
            let saved = errno
            release(slot)
            errno = saved
        }
        return Temporary(path: path, descriptor: descriptor, slot: slot)
    }

    static func remove(_ temporary: Temporary) {
        _ = FileNameBytes.withSystemPath(temporary.path) { unlink($0) }
        release(temporary.slot)
    }

    /// Renamed into place: no longer ours to remove.
    static func forget(_ temporary: Temporary) { release(temporary.slot) }

    /// Runs `body` (a file rewritten in place) so that SIGINT, SIGTERM or SIGHUP end the
    /// run only after it returns: the file is then whole, old or new.
    static func inPlace<T>(_ body: () throws -> T) rethrows -> T {
        _ = installed
        lock.lock()
        deferral[0] += 1
        lock.unlock()
        defer {
            lock.lock()
            deferral[0] -= 1
            let pending = deferral[0] == 0 ? deferral[1] : 0
            lock.unlock()
            if pending != 0 { die(of: pending) }
        }
        return try body()
    }

    private static func die(of received: Int32) {
        removeAllRegistered()
        Foundation.signal(received, SIG_DFL)
        raise(received)
    }

    private static func register(_ path: String) -> Int? {
        let bytes = FileNameBytes.withSystemPath(path) { Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1)) }
        guard bytes.count <= slotSize else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let slot = (0..<slotCount).first(where: { used[$0] == 0 }) else { return nil }
        let start = paths + slot * slotSize
        bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: bytes.count) }
        used[slot] = 1
        return slot
    }

    private static func release(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        used[slot] = 0
        lock.unlock()
    }

    /// In the signal handler: only `unlink`.
    private static func removeAllRegistered() {
        for slot in 0..<slotCount where used[slot] != 0 {
            unlink(paths + slot * slotSize)
        }
    }
}
