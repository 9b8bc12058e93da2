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
            let start = base ?? workingFolder()
            parts = normalized(start.hasPrefix("/") ? start : workingFolder() + "/" + start, into: [])
        }
        parts = normalized(path, into: parts)
        return "/" + parts.joined(separator: "/")
    }

    /// `getcwd` itself: FileManager's `currentDirectoryPath` cost more than the rest of
    /// this function.
    private static func workingFolder() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return FileManager.default.currentDirectoryPath }
        return String(cString: buffer)
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
