import Foundation
import GradienceSyntax
import GradienceRules

/// Paths as CI reports need them: relative to the checkout root (GitHub resolves
/// annotation paths and SARIF `%SRCROOT%` URIs against it), `/`-separated, no `./`.
public enum ReportPath {
    /// `path` relative to `root`, or nil when it lies outside (then reports use it absolute).
    /// A relative `path` is taken relative to `root` (the working folder of the run).
    public static func relative(_ path: String, to root: String) -> String? {
        let base = LexicalPath.absolute(root)
        let prefix = base.hasSuffix("/") ? base : base + "/"
        let absolute = LexicalPath.absolute(path, base: base)
        guard absolute.hasPrefix(prefix) else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// The absolute form of `path` (relative paths are taken from `root`).
    public static func absolute(_ path: String, root: String) -> String {
        LexicalPath.absolute(path, base: LexicalPath.absolute(root))
    }

    /// The path for a GitHub annotation: relative when inside the root.
    public static func display(_ path: String, root: String) -> String {
        relative(path, to: root) ?? absolute(path, root: root)
    }

    /// RFC 3986 percent-encoding of a path: unreserved characters and `/` stay.
    public static func uriEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
