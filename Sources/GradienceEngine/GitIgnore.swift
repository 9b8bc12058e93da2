import Foundation
import GradienceSyntax
import GradienceRules

/// The `.gitignore` files a folder walk respects (`respect-gitignore`, on by default;
/// `--no-respect-gitignore`), as ruff does through the `ignore` crate: only inside a git
/// work tree (a `.git` folder or file at or above the walked folder); `.git/info/exclude`,
/// then every `.gitignore` from the work tree's root down, a deeper file overriding a
/// higher one and, within a file, the last matching line winning. The global excludes
/// file (`core.excludesFile`) is not read: that would mean reading git's configuration.
///
/// Lines follow gitignore(5) as git reads them (dir.c): a UTF-8 BOM at the start is
/// skipped; a line's `\r` before its `\n` is dropped; `#` starts a comment; trailing
/// spaces go unless escaped with `\`; `!` re-includes; a trailing `/` matches folders only; a pattern
/// with no other `/` matches the name at any depth, one with a `/` is anchored at the
/// file's folder; the glob itself is `Wildmatch` (escapes such as `\*` and `\[`, POSIX
/// classes, `**`). As in git, nothing below an ignored folder can be re-included: the walk
/// never enters it. `GitIgnoreDifferentialTests` holds this to git's own answers.
struct GitIgnore {
    struct Rule {
        /// Without the `!`, the trailing `/` and (when anchored) the leading `/`.
        let pattern: [UInt8]
        let negated: Bool
        let foldersOnly: Bool
        /// No `/` in the pattern: matched against the entry's name, at any depth.
        let nameOnly: Bool
        /// The part before the first glob character, compared as bytes (git does so too,
        /// and it changes what a `**` right after it means).
        let literalPrefix: Int
    }

    /// The folder the patterns are relative to (absolute).
    let base: String
    let rules: [Rule]

    init(base: String, text: String) {
        self.init(base: base, bytes: Array(text.utf8))
    }

    init(base: String, bytes: [UInt8]) {
        self.base = base
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        rules = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).compactMap(Self.rule)
    }

    /// The rules of the file at `path` (none when it cannot be read: git ignores it then too).
    static func load(_ path: String, base: String) -> GitIgnore? {
        guard case .success(let bytes) = SourceReader.read(path: path, limit: LintOptions.defaultMaxFileSize) else { return nil }
        let ignore = GitIgnore(base: base, bytes: bytes)
        return ignore.rules.isEmpty ? nil : ignore
    }

    private static func isGlob(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\\")
    }

    private static func rule(_ raw: ArraySlice<UInt8>) -> Rule? {
        var line = Array(raw)
        // A CRLF file's lines end in "\r": git drops it.
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        // Trailing spaces go unless escaped: a backslash protects the byte after it.
        var lastSpace: Int?
        var index = 0
        while index < line.count {
            switch line[index] {
            case UInt8(ascii: " "): if lastSpace == nil { lastSpace = index }
            case UInt8(ascii: "\\"):
                index += 1
                lastSpace = nil
            default: lastSpace = nil
            }
            index += 1
        }
        if let lastSpace { line.removeSubrange(lastSpace...) }
        if line.isEmpty || line[0] == UInt8(ascii: "#") { return nil }
        var negated = false
        if line[0] == UInt8(ascii: "!") {
            negated = true
            line.removeFirst()
        }
        var foldersOnly = false
        if line.last == UInt8(ascii: "/") {
            foldersOnly = true
            line.removeLast()
        }
        let nameOnly = !line.contains(UInt8(ascii: "/"))
        if !nameOnly, line.first == UInt8(ascii: "/") { line.removeFirst() }
        let literalPrefix = line.firstIndex(where: isGlob) ?? line.count
        return Rule(pattern: line, negated: negated, foldersOnly: foldersOnly, nameOnly: nameOnly, literalPrefix: literalPrefix)
    }

    /// Whether the rule matches `relative` (the path below `base`, `/`-separated) whose last component is `name`.
    private static func matches(_ rule: Rule, relative: ArraySlice<UInt8>, name: ArraySlice<UInt8>) -> Bool {
        let pattern = rule.pattern[...]
        if rule.nameOnly {
            if rule.literalPrefix == pattern.count { return pattern.elementsEqual(name) }
            // `*literal`: the name ends with the literal.
            if pattern.first == UInt8(ascii: "*"), !pattern.dropFirst().contains(where: isGlob) {
                return name.count >= pattern.count - 1 && name.suffix(pattern.count - 1).elementsEqual(pattern.dropFirst())
            }
            return Wildmatch.matches(pattern, name, pathname: false)
        }
        let prefix = rule.literalPrefix
        if prefix > 0 {
            guard relative.count >= prefix, relative.prefix(prefix).elementsEqual(pattern.prefix(prefix)) else { return false }
            if prefix == pattern.count { return relative.count == prefix }
        }
        return Wildmatch.matches(pattern.dropFirst(prefix), relative.dropFirst(prefix), pathname: true)
    }

    /// Ignored (true), re-included (false) or not mentioned (nil) by this file.
    func decision(forAbsolutePath path: String, isFolder: Bool) -> Bool? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let relative = FileNameBytes.withSystemPath(String(path.dropFirst(prefix.count))) { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: strlen($0))) }
        return decision(forRelativePath: relative, isFolder: isFolder)
    }

    /// As `decision(forAbsolutePath:)`, for a path's bytes below `base`.
    func decision(forRelativePath relative: [UInt8], isFolder: Bool) -> Bool? {
        guard !relative.isEmpty else { return nil }
        let name = relative.lastIndex(of: UInt8(ascii: "/")).map { relative[($0 + 1)...] } ?? relative[...]
        for rule in rules.reversed() where !rule.foldersOnly || isFolder {
            if Self.matches(rule, relative: relative[...], name: name) { return !rule.negated }
        }
        return nil
    }

    /// The work tree holding `folder` (absolute): the nearest folder at or above it with a `.git`.
    static func workTree(containing folder: String) -> String? {
        var current = folder
        var info = stat()
        while true {
            if stat(current == "/" ? "/.git" : current + "/.git", &info) == 0 { return current }
            if current == "/" { return nil }
            current = (current as NSString).deletingLastPathComponent
            if current.isEmpty { return nil }
        }
    }

    /// The ignore files that apply above and at a walk's starting folder, lowest
    /// precedence first: `.git/info/exclude`, then `.gitignore` from the work tree's root
    /// down to the folder's parent (the folder's own is read when the walk enters it).
    static func inherited(by folder: String, workTree root: String) -> [GitIgnore] {
        var stack: [GitIgnore] = []
        if let exclude = load(root + "/.git/info/exclude", base: root) { stack.append(exclude) }
        var folders: [String] = []
        var current = (folder as NSString).deletingLastPathComponent
        while current.count >= root.count, current != folder {
            folders.append(current)
            if current == root { break }
            current = (current as NSString).deletingLastPathComponent
        }
        for ancestor in folders.reversed() {
            if let ignore = load(ancestor + "/.gitignore", base: ancestor) { stack.append(ignore) }
        }
        return stack
    }

    /// Whether the stack (lowest precedence first) ignores the entry: the deepest file
    /// that mentions it decides.
    static func ignores(_ stack: [GitIgnore], absolutePath: String, isFolder: Bool) -> Bool {
        for ignore in stack.reversed() {
            if let decision = ignore.decision(forAbsolutePath: absolutePath, isFolder: isFolder) { return decision }
        }
        return false
    }
}
