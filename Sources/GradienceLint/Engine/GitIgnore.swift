import Foundation

/// The `.gitignore` files a folder walk respects (`respect-gitignore`, on by default;
/// `--no-respect-gitignore`), as ruff does through the `ignore` crate: only inside a git
/// work tree (a `.git` folder or file at or above the walked folder); `.git/info/exclude`,
/// then every `.gitignore` from the work tree's root down, a deeper file overriding a
/// higher one and, within a file, the last matching line winning. The global excludes
/// file (`core.excludesFile`) is not read: that would mean reading git's configuration.
///
/// Lines follow gitignore(5): `#` comments, `\#` and `\!` for a literal first character,
/// trailing spaces dropped unless escaped with `\`, `!` re-includes, a trailing `/`
/// matches folders only, a `/` at the start or in the middle anchors the pattern at the
/// file's folder (otherwise it matches a name at any depth), `*`, `?`, `[…]` and `**`.
/// As in git, nothing below an ignored folder can be re-included: the walk never enters it.
struct GitIgnore {
    struct Rule {
        let glob: PathGlob
        let negated: Bool
        let foldersOnly: Bool
        let anchored: Bool
        /// The unanchored pattern, matched against the entry's name.
        let name: String
    }

    /// The folder the patterns are relative to (absolute).
    let base: String
    let rules: [Rule]

    init(base: String, text: String) {
        self.base = base
        rules = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap(Self.rule)
    }

    /// The rules of the file at `path` (none when it cannot be read: git ignores it then too).
    static func load(_ path: String, base: String) -> GitIgnore? {
        guard case .success(let bytes) = SourceReader.read(path: path, limit: LintOptions.defaultMaxFileSize) else { return nil }
        let ignore = GitIgnore(base: base, text: String(decoding: bytes, as: UTF8.self))
        return ignore.rules.isEmpty ? nil : ignore
    }

    private static func rule(_ raw: Substring) -> Rule? {
        var line = String(raw)
        if line.hasSuffix("\r") { line.removeLast() }
        // Trailing spaces go, unless the last one is escaped.
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
        if line.hasSuffix("\\ ") { line.removeLast(2); line += " " }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") { negated = true; line.removeFirst() }
        else if line.hasPrefix("\\!") || line.hasPrefix("\\#") { line.removeFirst() }
        var foldersOnly = false
        if line.hasSuffix("/") { foldersOnly = true; line.removeLast() }
        if line.isEmpty { return nil }
        let anchored = line.contains("/")
        return Rule(glob: PathGlob(line.hasPrefix("/") ? line : "/" + line), negated: negated, foldersOnly: foldersOnly,
                    anchored: anchored, name: line)
    }

    /// Ignored (true), re-included (false) or not mentioned (nil) by this file.
    func decision(forAbsolutePath path: String, isFolder: Bool) -> Bool? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let components = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        guard let name = components.last else { return nil }
        for rule in rules.reversed() where !rule.foldersOnly || isFolder {
            let matched = rule.anchored ? rule.glob.matchesWholePath(components) : PathGlob.matchesComponent(rule.name, name)
            if matched { return !rule.negated }
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
