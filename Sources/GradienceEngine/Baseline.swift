import Foundation
import GradienceSyntax
import GradienceInventory
import GradiencePEFT
import GradienceConfig
import GradienceRules

/// `--baseline FILE` / `--write-baseline FILE`: adopt the linter on a repository with
/// findings it cannot fix today, and fail only on new ones.
///
/// A finding is fingerprinted by code + path + JSON Pointer, never by line: reformatting
/// a file or adding lines above a key keeps its findings accepted, while a new key with
/// the same problem is new. Fingerprints are counted, so a second duplicate of the same
/// key is a new finding. Paths are relative to the baseline file's folder, so the file
/// works from any working folder and in any checkout.
///
///     {
///       "version": 1,
///       "tool": "gradience-lint",
///       "findings": [
///         {"code": "GL003", "path": "configs/a.yaml", "pointer": "/rank_pattern", "count": 1,
///          "message": "…"}
///       ]
///     }
///
/// `message` is for the reader; matching ignores it.
public struct Baseline {
    public struct Fingerprint: Hashable, Comparable {
        public let code: String
        public let path: String
        public let pointer: String

        public init(code: String, path: String, pointer: String) {
            self.code = code
            self.path = path
            self.pointer = pointer
        }

        public static func < (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
            (lhs.path, lhs.pointer, lhs.code) < (rhs.path, rhs.pointer, rhs.code)
        }
    }

    public struct Problem: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Whether `bytes` are a baseline this tool wrote (`rendered()`): folder walks and
    /// named files leave such a file out, so a committed baseline is never linted or counted.
    public static func isBaseline(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(256), as: UTF8.self)
        return head.hasPrefix("{") && head.contains("\"tool\": \"\(ToolInfo.name)\"") && head.contains("\"version\": 1")
    }

    /// The folder the paths in the baseline are relative to.
    public let directory: String
    public private(set) var counts: [Fingerprint: Int] = [:]
    private var messages: [Fingerprint: String] = [:]

    public init(directory: String) {
        self.directory = ReportPath.absolute(directory, root: FileManager.default.currentDirectoryPath)
    }

    /// The baseline of `diagnostics`, for a file in `directory`.
    public init(diagnostics: [Diagnostic], directory: String) {
        self.directory = ReportPath.absolute(directory, root: FileManager.default.currentDirectoryPath)
        for diagnostic in diagnostics {
            let key = fingerprint(diagnostic)
            counts[key, default: 0] += 1
            if messages[key] == nil { messages[key] = diagnostic.message }
        }
    }

    public func fingerprint(_ diagnostic: Diagnostic) -> Fingerprint {
        Fingerprint(code: diagnostic.code, path: relativePath(diagnostic.path), pointer: diagnostic.keyPath)
    }

    /// A linted path as the baseline spells it.
    public func relativePath(_ path: String) -> String {
        let absolute = ReportPath.absolute(path, root: FileManager.default.currentDirectoryPath)
        return ReportPath.relative(absolute, to: directory) ?? absolute
    }

    // MARK: applying

    public struct Outcome {
        /// Findings the baseline does not hold: these are reported.
        public var new: [Diagnostic] = []
        public var accepted: [Diagnostic] = []
        /// Entries (with how many of their count) that matched nothing in a checked file:
        /// fixed since, or moved to another key. Files not checked in this run are not
        /// judged (pre-commit passes only changed files).
        public var stale: [(fingerprint: Fingerprint, count: Int)] = []
    }

    /// - Parameter checkedPaths: every file this run linted (as diagnostics name them).
    public func apply(to diagnostics: [Diagnostic], checkedPaths: [String]) -> Outcome {
        var outcome = Outcome()
        var remaining = counts
        for diagnostic in diagnostics {
            let key = fingerprint(diagnostic)
            if let left = remaining[key], left > 0 {
                remaining[key] = left - 1
                outcome.accepted.append(diagnostic)
            } else {
                outcome.new.append(diagnostic)
            }
        }
        let checked = Set(checkedPaths.map(relativePath))
        outcome.stale = remaining.filter { $0.value > 0 && checked.contains($0.key.path) }
            .map { (fingerprint: $0.key, count: $0.value) }
            .sorted { $0.fingerprint < $1.fingerprint }
        return outcome
    }

    // MARK: the file

    public static func load(path: String) throws -> Baseline {
        // Through SourceReader: a baseline that is a FIFO or a device is never opened.
        guard case .success(let bytes) = SourceReader.read(path: path, limit: JSONFile.inventoryFileLimit) else {
            throw Problem(path: path, message: "cannot read the baseline file")
        }
        let data = Data(bytes)
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problem(path: path, message: "the baseline is not valid JSON")
        }
        guard let object = root as? [String: Any], object["version"] as? Int == 1,
              let findings = object["findings"] as? [[String: Any]] else {
            throw Problem(path: path, message: "not a gradience-lint baseline (expected {\"version\": 1, \"findings\": [...]})")
        }
        var baseline = Baseline(directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        for (index, finding) in findings.enumerated() {
            guard let code = finding["code"] as? String, let file = finding["path"] as? String,
                  let pointer = finding["pointer"] as? String else {
                throw Problem(path: path, message: "finding \(index + 1) needs code, path and pointer")
            }
            let count = finding["count"] as? Int ?? 1
            guard count > 0 else { throw Problem(path: path, message: "finding \(index + 1) has a count below 1") }
            let key = Fingerprint(code: code, path: file, pointer: pointer)
            baseline.counts[key, default: 0] += count
            if let message = finding["message"] as? String { baseline.messages[key] = message }
        }
        return baseline
    }

    /// The file's text: sorted by path, pointer and code, so rewriting it after a fix
    /// gives a small diff.
    public func rendered() -> String {
        let findings: [JSONValue] = counts.keys.sorted().map { key in
            var members: [(String, JSONValue)] = [
                ("code", .string(key.code)), ("path", .string(key.path)), ("pointer", .string(key.pointer)),
                ("count", .int(counts[key]!)),
            ]
            if let message = messages[key] { members.append(("message", .string(message))) }
            return .object(members)
        }
        let document: JSONValue = .object([
            ("version", .int(1)),
            ("tool", .string(ToolInfo.name)),
            ("findings", .array(findings)),
        ])
        return document.rendered() + "\n"
    }
}
