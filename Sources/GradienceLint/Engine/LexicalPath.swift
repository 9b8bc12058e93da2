import Foundation

/// Absolute, `.`/`..`-free paths worked out on the text alone, as Foundation's
/// `standardizedFileURL.path` gives them (it does not touch the file system either), but
/// without building a URL: a folder walk asks this for every file, and through URL it
/// cost about 50,000 instructions a path.
enum LexicalPath {
    /// `path` made absolute (a relative path is taken from `base`, else the working
    /// folder), with `.` components, `..` components and repeated or trailing `/` removed.
    static func absolute(_ path: String, base: String? = nil) -> String {
        var parts: [Substring] = []
        if !path.hasPrefix("/") {
            let start = base ?? FileManager.default.currentDirectoryPath
            parts = normalized(start.hasPrefix("/") ? start : FileManager.default.currentDirectoryPath + "/" + start, into: [])
        }
        parts = normalized(path, into: parts)
        return "/" + parts.joined(separator: "/")
    }

    private static func normalized(_ path: String, into parts: [Substring]) -> [Substring] {
        var parts = parts
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(component)
            }
        }
        return parts
    }
}
