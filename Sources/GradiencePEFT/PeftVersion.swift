/// A PEFT release such as `0.18.1` or `0.20.1.dev0`. Only the numeric release parts
/// take part in ordering decisions; a `.devN` / `rcN` suffix sorts before its release,
/// as PEP 440 says, because a dev build of 0.20.1 contains less than 0.20.1 does.
public struct PeftVersion: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// `dev0` → 0, `rc0` → 0 …; nil for a final release.
    public var preRelease: PreRelease?

    public enum PreRelease: Sendable, Hashable, Comparable, Codable {
        // Declared in PEP 440 order: dev < rc.
        case dev(Int)
        case rc(Int)
    }

    /// The version the linter assumes when the user does not name one.
    public static let defaultVersion = PeftVersion(0, 21, 2)

    public init(_ major: Int, _ minor: Int, _ patch: Int = 0, preRelease: PreRelease? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.preRelease = preRelease
    }

    /// Accepts `0.18.1`, `v0.18.1`, `0.20.1.dev0`, `0.18.0rc0`, `0.18.0.rc0`, and PEFT's saved
    /// `peft_version` form `0.18.0.dev0@abc123` (the part after `@` is a commit and ignored).
    public init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if let at = body.firstIndex(of: "@") { body = body[..<at] }
        if body.hasPrefix("v") { body = body.dropFirst() }
        var numbers: [Int] = []
        var rest = body[...]
        while true {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let value = Int(digits) else { return nil }
            numbers.append(value)
            rest = rest.dropFirst(digits.count)
            if rest.hasPrefix("."), let next = rest.dropFirst().first, next.isASCII, next.isNumber {
                rest = rest.dropFirst()
                continue
            }
            break
        }
        guard (1...3).contains(numbers.count) else { return nil }
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        var pre: PreRelease?
        if !rest.isEmpty {
            let lowered = rest.lowercased()
            for (tag, make) in [("dev", PreRelease.dev), ("rc", PreRelease.rc)] where lowered.hasPrefix(tag) {
                let number = lowered.dropFirst(tag.count)
                if number.isEmpty { pre = make(0) } else if let n = Int(number) { pre = make(n) }
            }
            guard pre != nil else { return nil }
        }
        self.init(numbers[0], numbers.count > 1 ? numbers[1] : 0, numbers.count > 2 ? numbers[2] : 0, preRelease: pre)
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        switch preRelease {
        case .dev(let n)?: text += ".dev\(n)"
        case .rc(let n)?: text += "rc\(n)"
        case nil: break
        }
        return text
    }

    public static func < (lhs: PeftVersion, rhs: PeftVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.preRelease, rhs.preRelease) {
        case (nil, _): return false
        case (_?, nil): return true
        case let (l?, r?): return l < r
        }
    }

    /// Whether this version already contains the change released in `major.minor`.
    /// A dev build of a minor (0.20.0.dev0) is treated as that minor: PEFT's main branch
    /// carries the new behaviour before the release is tagged.
    package func hasFeature(since major: Int, _ minor: Int) -> Bool {
        (self.major, self.minor) >= (major, minor)
    }
}
