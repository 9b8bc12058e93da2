import Foundation

/// Absolute, `.`/`..`-free paths worked out on the text alone, as Foundation's
/// `standardizedFileURL.path` gives them (it does not touch the file system either), but
/// without building a URL: a folder walk asks this for every file, and through URL it
/// cost about 50,000 instructions a path.
package enum LexicalPath {
    /// `path` made absolute (a relative path is taken from `base`, else the working
    /// folder), with `.` components, `..` components and repeated or trailing `/` removed.
    package static func absolute(_ path: String, base: String? = nil) -> String {
        if isNormalAbsolute(path) { return path }
        var parts: [Substring] = []
        if !path.hasPrefix("/") {
            let start = base ?? workingFolder()
            if isNormalAbsolute(start), isNormalRelative(path) { return start == "/" ? "/" + path : start + "/" + path }
            parts = normalized(start.hasPrefix("/") ? start : workingFolder() + "/" + start, into: [])
        }
        parts = normalized(path, into: parts)
        return "/" + parts.joined(separator: "/")
    }

    /// Whether the clean absolute `path` is `folder` or below it.
    package static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// Already absolute and free of empty, `.` and `..` components (most paths a walk
    /// produces): returned as they are, read off the bytes.
    private static func isNormalAbsolute(_ path: String) -> Bool {
        path.utf8.first == UInt8(ascii: "/") && (path.utf8.count == 1 || componentsAreNormal(path.utf8.dropFirst()))
    }

    private static func isNormalRelative(_ path: String) -> Bool {
        !path.isEmpty && componentsAreNormal(path.utf8[...])
    }

    private static func componentsAreNormal(_ bytes: Substring.UTF8View) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var length = 0, dots = 0
        for byte in bytes {
            if byte == slash {
                if length == 0 || dots == length { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == dot { dots += 1 }
            }
        }
        // A component of only dots is `.`/`..` when short; `...` is a name, but rare enough
        // to take the slow path.
        return length > 0 && dots != length
    }

    /// `getcwd` itself: FileManager's `currentDirectoryPath` cost more than the rest of
    /// this function.
    private static func workingFolder() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return FileManager.default.currentDirectoryPath }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
