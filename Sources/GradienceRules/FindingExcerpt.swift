import GradienceSyntax
import GradienceTransformer
/// What the renderers show of the file a finding came from, taken while that file is in
/// memory. A run over many files keeps these with its findings instead of every file's
/// text and tree, so its peak memory follows the largest file, not the number of files.
public struct FindingExcerpt {
    /// Around the finding, the line it starts on (nil: the file has no such line, or was
    /// never read): the human report's snippet.
    public var line: LineExcerpt?
    /// SARIF's logical-location kind for the finding's pointer.
    public var pointerKind: String
    /// SARIF's byte replacements for the finding's fix; nil when it has none, when the
    /// Transformer cannot write it in one round, or when they were not asked for.
    public var fixReplacements: [JSONValue]?

    /// - Parameter fixReplacements: plan the fix's byte edits (only SARIF shows them, and
    ///   planning costs a Transformer run per fix).
    public init(_ diagnostic: Diagnostic, in file: ParsedFile, fixReplacements: Bool) {
        line = LineExcerpt(file.source, around: diagnostic.range)
        pointerKind = Self.pointerKind(diagnostic.keyPath, in: file)
        if fixReplacements, let fix = diagnostic.fix {
            self.fixReplacements = Self.replacements(fix, file: file)
        }
    }

    /// The text of a 1-based line without its line break.
    public static func line(_ number: Int, in source: SourceText) -> String? {
        // No bytes: nothing to show (an oversized file is reported without being read).
        guard !source.bytes.isEmpty, number >= 1, number <= source.lineStarts.count else { return nil }
        return source.text(source.lineRange(number))
    }
}

/// SARIF's view of a finding's place and fix, taken while the file is in memory.
extension FindingExcerpt {
    /// `property` under a mapping, `value` in a sequence (SARIF §3.33.7's kinds for
    /// JSON-like data), for the node the pointer reaches in the file's first document.
    static func pointerKind(_ pointer: String, in file: ParsedFile) -> String {
        var node = file.documents.first
        var kind = "property"
        for token in tokens(pointer) {
            guard let current = node?.resolved else { break }
            if current.entries != nil {
                kind = "property"
                // The mapping's key index (last duplicate wins, as Python reads it): scanning
                // the entries per finding made 100,000 findings in one mapping quadratic.
                node = current.entry(forKey: token)?.value
            } else if let items = current.items, let index = Int(token), items.indices.contains(index) {
                kind = "value"
                node = items[index]
            } else {
                node = nil
            }
        }
        return kind
    }

    package static func tokens(_ pointer: String) -> [String] {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The fix as byte replacements on the file as it is now, or nil when the
    /// Transformer cannot express it in one round (then no `fixes` entry is promised).
    static func replacements(_ fix: Fix, file: ParsedFile) -> [JSONValue]? {
        let plan = Transformer.plan(fix.edits, in: file)
        guard plan.rejected.isEmpty, plan.deferred.isEmpty, !plan.textEdits.isEmpty else { return nil }
        let source = file.source
        return plan.textEdits.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { edit in
            // Lines and columns for people and viewers, bytes for tools that apply the edit.
            let deleted = regionMembers(SourceRange(start: source.mark(atOffset: edit.range.lowerBound),
                                                    end: source.mark(atOffset: edit.range.upperBound)))
                + [("byteOffset", .int(edit.range.lowerBound)), ("byteLength", .int(edit.range.count))]
            var replacement: [(String, JSONValue)] = [("deletedRegion", .object(deleted))]
            if !edit.replacement.isEmpty {
                replacement.append(("insertedContent", .object([("text", .string(String(decoding: edit.replacement, as: UTF8.self)))])))
            }
            return .object(replacement)
        }
    }

    package static func regionMembers(_ range: SourceRange) -> [(String, JSONValue)] {
        [
            ("startLine", .int(range.start.line)),
            ("startColumn", .int(range.start.column)),
            ("endLine", .int(range.end.line)),
            ("endColumn", .int(range.end.column)),
        ]
    }
}
