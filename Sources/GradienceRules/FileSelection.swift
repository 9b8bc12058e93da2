/// `include` / `exclude` from `.gradience-lint.yml`: which files are linted.
///
/// A file found by walking a folder is linted when it matches `include` (when given) and
/// no `exclude`. A file named on the command line is always linted, unless
/// `--force-exclude` is given: pre-commit names every changed file explicitly, and
/// `exclude` must still hold there (as with ruff's `--force-exclude`).
public struct FileSelection: Sendable {
    public var include: [PathGlob]?
    public var exclude: [PathGlob] = []

    public init(include: [PathGlob]? = nil, exclude: [PathGlob] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// - Parameters:
    ///   - relativePath: the path relative to the settings folder.
    ///   - explicit: the path was named on the command line (or is `--stdin-filename`).
    public func selects(_ relativePath: String, explicit: Bool, forceExclude: Bool) -> Bool {
        if explicit && !forceExclude { return true }
        if exclude.contains(where: { $0.matches(relativePath) }) { return false }
        if !explicit, let include, !include.contains(where: { $0.matches(relativePath) }) { return false }
        return true
    }
}
