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
        pointerKind = SARIFReport.pointerKind(diagnostic.keyPath, in: file)
        if fixReplacements, let fix = diagnostic.fix {
            self.fixReplacements = SARIFReport.replacements(fix, file: file)
        }
    }

    /// The text of a 1-based line without its line break.
    public static func line(_ number: Int, in source: SourceText) -> String? {
        // No bytes: nothing to show (an oversized file is reported without being read).
        guard !source.bytes.isEmpty, number >= 1, number <= source.lineStarts.count else { return nil }
        return source.text(source.lineRange(number))
    }
}
