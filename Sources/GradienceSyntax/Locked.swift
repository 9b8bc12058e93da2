import Foundation

/// A value shared between threads, reached only while its lock is held: the one place
/// where the compiler is told "this is thread-safe" instead of proving it (`@unchecked`),
/// so every other shared table builds on it and is checked as `Sendable` normally.
///
/// Sound because `state` is private and only `withLock` touches it, under `lock`; the
/// `State: Sendable` condition keeps values that leave the lock safe to use elsewhere.
public final class Locked<State: Sendable>: @unchecked Sendable {
    private var state: State
    private let lock = NSLock()

    public init(_ state: State) {
        self.state = state
    }

    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
