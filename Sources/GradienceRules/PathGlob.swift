import Foundation

/// A path glob from `.gradience-lint.yml` (`include`, `exclude`, `per-file-ignores`,
/// `ignore-keys`), matched against a path relative to the settings file's folder.
///
/// Semantics, chosen to match what `.gitignore` and ruff users expect:
/// - a pattern without `/` matches any one path component, at any depth:
///   `*.json` matches `a/b/c.json`, `legacy` matches everything inside a `legacy` folder;
/// - a pattern with `/` is anchored at the settings folder (a leading `/` or `./` is
///   allowed) and also matches everything below a folder it names: `configs/old`
///   matches `configs/old/x.yaml`;
/// - `*` matches within a component, `?` one character, `[a-z]` / `[!a-z]` a class,
///   and a `**` component any number of components, none included.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let segments: [String]
    private let anchored: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var text = pattern
        while text.hasPrefix("./") { text.removeFirst(2) }
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        anchored = text.contains("/")
        if text.hasPrefix("/") { text.removeFirst() }
        segments = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    public var description: String { pattern }

    /// Whether the path (relative, `/`-separated) is matched by the pattern.
    public func matches(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: true)
            .map(String.init).filter { $0 != "." }
        if !anchored {
            guard let only = segments.first else { return false }
            if only == "**" { return true }
            return components.contains { Self.matchesComponent(only, $0) }
        }
        var failed = Set<Int>()
        return matchesPrefix(segment: 0, components, 0, wholePath: false, failed: &failed)
    }

    /// Whether the pattern, anchored, matches exactly this path (not a folder above it),
    /// as a `.gitignore` line with a `/` does: the walk tests each folder before going in.
    func matchesWholePath(_ components: [String]) -> Bool {
        var failed = Set<Int>()
        return matchesPrefix(segment: 0, components, 0, wholePath: true, failed: &failed)
    }

    /// The pattern matches the path's first `j…` components, down to the end of the pattern.
    /// `failed` remembers (segment, component) pairs already known not to match: without it
    /// a settings file with many `**` segments costs components^(number of **) steps.
    private func matchesPrefix(segment i: Int, _ components: [String], _ j: Int, wholePath: Bool, failed: inout Set<Int>) -> Bool {
        if i == segments.count { return wholePath ? j == components.count : (j > 0 || segments.isEmpty) }
        let state = i * (components.count + 1) + j
        if failed.contains(state) { return false }
        let matched: Bool
        if segments[i] == "**" {
            matched = (j...components.count).contains { matchesPrefix(segment: i + 1, components, $0, wholePath: wholePath, failed: &failed) }
        } else {
            matched = j < components.count && Self.matchesComponent(segments[i], components[j])
                && matchesPrefix(segment: i + 1, components, j + 1, wholePath: wholePath, failed: &failed)
        }
        if !matched { failed.insert(state) }
        return matched
    }

    /// fnmatch(3) on one component: `*`, `?`, `[…]` with `!`/`^` negation and ranges.
    static func matchesComponent(_ pattern: String, _ name: String) -> Bool {
        let p = Array(pattern), s = Array(name)
        // Iterative wildcard matching with one backtrack point for the last `*`.
        var pi = 0, si = 0
        var starPattern = -1, starName = 0
        while si < s.count {
            if pi < p.count {
                switch p[pi] {
                case "*":
                    starPattern = pi
                    starName = si
                    pi += 1
                    continue
                case "?":
                    pi += 1; si += 1
                    continue
                case "[":
                    if let (matched, next) = matchClass(p, pi, s[si]) {
                        if matched { pi = next; si += 1; continue }
                    } else if s[si] == "[" {
                        pi += 1; si += 1
                        continue
                    }
                default:
                    if p[pi] == s[si] { pi += 1; si += 1; continue }
                }
            }
            guard starPattern >= 0 else { return false }
            pi = starPattern + 1
            starName += 1
            si = starName
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// A `[…]` class at `start`: whether `character` is in it, and where the class ends;
    /// nil when the `[` is not closed (then it is a literal `[`).
    private static func matchClass(_ p: [Character], _ start: Int, _ character: Character) -> (Bool, Int)? {
        var index = start + 1
        var negated = false
        if index < p.count, p[index] == "!" || p[index] == "^" { negated = true; index += 1 }
        var matched = false
        var first = true
        while index < p.count, p[index] != "]" || first {
            first = false
            if index + 2 < p.count, p[index + 1] == "-", p[index + 2] != "]" {
                if p[index] <= character && character <= p[index + 2] { matched = true }
                index += 3
            } else {
                if p[index] == character { matched = true }
                index += 1
            }
        }
        guard index < p.count else { return nil }
        return (matched != negated, index + 1)
    }

    /// A file's path relative to `base` (both made absolute first), `/`-separated; the
    /// path as given when it is not below `base`.
    public static func relativePath(_ path: String, to base: String?) -> String {
        guard let base else { return path }
        let absolute = LexicalPath.absolute(path)
        let root = LexicalPath.absolute(base)
        let prefix = root.hasSuffix("/") ? root : root + "/"
        if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        return path
    }
}
