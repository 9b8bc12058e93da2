import Foundation
import GradienceSyntax
import GradienceEngine

/// One document the client has open: its text as the client last described it.
public struct ServerDocument: Sendable {
    public let uri: String
    /// The file's path (for settings discovery and the reports' `path`); for a URI that is
    /// not `file:`, the URI itself.
    public let path: String
    public let isJSON: Bool
    public private(set) var version: Int?
    public private(set) var text: SourceText
    /// Bumped on every change, whatever the client's `version` says: stale work compares it.
    public private(set) var revision: Int

    public init(uri: String, languageID: String?, version: Int?, text: String, revision: Int) {
        self.uri = uri
        path = Self.path(fromURI: uri)
        let lowered = path.lowercased()
        isJSON = languageID == "json" || languageID == "jsonc" || (languageID != "yaml" && lowered.hasSuffix(".json"))
        self.version = version
        self.text = SourceText(path: path, bytes: Array(text.utf8), isJSON: isJSON)
        self.revision = revision
    }

    /// Whether the document is one the linter reads: YAML or JSON, by language or name.
    public static func isConfig(path: String, languageID: String?) -> Bool {
        if let languageID, ["yaml", "json", "jsonc"].contains(languageID) { return true }
        let lowered = path.lowercased()
        return [".yaml", ".yml", ".json"].contains { lowered.hasSuffix($0) }
    }

    public var isSettingsFile: Bool { Self.isSettingsPath(path) }

    /// Whether a path names a settings file `Settings.find` would read.
    public static func isSettingsPath(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return Settings.fileNames.contains(name) || name == "pyproject.toml"
    }

    /// `textDocument/didChange`'s content changes, in order: a change with a `range`
    /// replaces that span (UTF-16 positions on the text as the previous change left it);
    /// one without replaces the whole text.
    public mutating func apply(changes: [JSONValue], version: Int?, revision: Int) throws {
        var bytes = text.bytes
        for change in changes {
            guard let newText = change["text"]?.stringValue else { throw ChangeError(message: "a content change without text") }
            if let range = change["range"] {
                guard let start = LSPPosition(range["start"]), let end = LSPPosition(range["end"]) else {
                    throw ChangeError(message: "a content change with a malformed range")
                }
                let current = SourceText(path: path, bytes: bytes, isJSON: isJSON)
                let lower = current.offset(of: start), upper = max(lower, current.offset(of: end))
                bytes.replaceSubrange(lower..<upper, with: Array(newText.utf8))
            } else {
                bytes = Array(newText.utf8)
            }
        }
        text = SourceText(path: path, bytes: bytes, isJSON: isJSON)
        self.version = version
        self.revision = revision
    }

    public struct ChangeError: Error {
        public let message: String
    }

    static func path(fromURI uri: String) -> String {
        guard let url = URL(string: uri), url.isFileURL else { return uri }
        return url.path
    }

    static func uri(fromPath path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}
