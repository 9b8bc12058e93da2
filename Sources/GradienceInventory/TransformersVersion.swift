/// A transformers release (`4.57.6`, `5.24.0`, `5.0.0.dev0`). Module layouts depend on it:
/// transformers 5 fuses MoE experts into one module holding 3-D parameters, and PEFT ≥ 0.19
/// rewrites LoRA configs for those models when it runs on transformers ≥ 5.
public struct TransformersVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var major: Int
    public var minor: Int
    public var patch: Int

    /// The newest release the catalog and resolver model; used when nothing names one.
    public static let newest = TransformersVersion(5, 24, 0)

    public init(_ major: Int, _ minor: Int = 0, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Accepts `5.24.0`, `4.57`, `v4.57.1`, `5.0.0.dev0`, `5.0.0rc1` (a pre-release counts as
    /// its release: PEFT tests `>= 5.0.0.dev0` for the v5 behaviour).
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("v") { body = body.dropFirst() }
        var numbers: [Int] = []
        for part in body.split(separator: ".", omittingEmptySubsequences: false).prefix(3) {
            let digits = part.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let value = Int(digits) else { break }
            numbers.append(value)
            if digits.count != part.count { break }
        }
        guard !numbers.isEmpty else { return nil }
        self.init(numbers[0], numbers.count > 1 ? numbers[1] : 0, numbers.count > 2 ? numbers[2] : 0)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    /// transformers 5 (`is_transformers_ge_v5` in PEFT's utils/integrations.py): fused MoE
    /// experts, and the v5 API changes PEFT had to follow.
    public var fusesExperts: Bool { isVersion5OrLater }
    public var isVersion5OrLater: Bool { major >= 5 }

    public static func < (lhs: TransformersVersion, rhs: TransformersVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
