/// One broken promise of the pipeline, found on one input.
public struct Violation: CustomStringConvertible, Equatable, Sendable {
    /// Which promise, in a few words (stable: tests match on it).
    public let invariant: String
    public let detail: String

    public init(_ invariant: String, _ detail: String) {
        self.invariant = invariant
        self.detail = detail
    }

    public var description: String { "\(invariant): \(detail)" }
}
