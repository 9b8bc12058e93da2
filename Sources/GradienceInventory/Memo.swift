import Foundation
import GradienceSyntax

/// A thread-safe table of answers already computed, for pure functions that the same run
/// asks again and again: a zoo of configs for one base model asks for the same catalog
/// inventory and the same target condensation thousands of times. It grows with the
/// distinct questions (model ids, target lists), not with the number of files.
package final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let answers = Locked<[Key: Value]>([:])
    /// Past this many answers the table starts over, so a run whose every question is new
    /// (each file with its own inventory) does not keep them all.
    private let limit: Int

    package init(limit: Int = 4_096) {
        self.limit = limit
    }

    package func value(for key: Key, compute: () -> Value) -> Value {
        if let known = answers.withLock({ $0[key] }) { return known }
        // Computed outside the lock: two threads may both compute a first answer; they are equal.
        let value = compute()
        answers.withLock { answers in
            if answers.count >= limit { answers.removeAll() }
            answers[key] = value
        }
        return value
    }
}
