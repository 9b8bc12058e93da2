import Foundation

/// One `# gradience-lint: …` comment, read:
///
///     r: 4  # gradience-lint: disable=GL013 -- the later value is the one we train with
///     # gradience-lint: disable=GL003,GL007
///     # gradience-lint: disable-file=GL014 -- keys of our own trainer
///
/// `disable` covers the diagnostics that start on its own line, or — when the comment
/// stands alone — on the next line that is not itself a comment, so several directives
/// can be stacked above one line. `disable-file` covers the whole file. Codes may also
/// be rule names (`duplicate-key`). There is no blanket form: a suppression names what
/// it silences, so a new rule's findings are never hidden by an old comment.
public struct SuppressionDirective {
    public enum Kind: String, CaseIterable {
        case disable
        case disableFile = "disable-file"
    }

    /// A code as written, and the rule it names (nil: no such rule).
    public struct Code {
        public let written: String
        public let code: String?
    }

    public let comment: Comment
    /// nil when the directive word is not one of `Kind` (reported, never applied).
    public let kind: Kind?
    public let word: String
    public let codes: [Code]
    public let reason: String?

    public static let prefix = "gradience-lint:"

    /// The directive in a comment, or nil when the comment is not addressed to us.
    public init?(_ comment: Comment) {
        var text = Substring(comment.text)
        text = text.drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix(Self.prefix) else { return nil }
        text = text.dropFirst(Self.prefix.count)
        self.comment = comment
        var body = text
        if let dashes = text.range(of: " --") ?? (text.hasPrefix("--") ? text.range(of: "--") : nil) {
            body = text[..<dashes.lowerBound]
            let reason = text[dashes.upperBound...].trimmingCharacters(in: .whitespaces)
            self.reason = reason.isEmpty ? nil : reason
        } else {
            reason = nil
        }
        let word: Substring, list: Substring
        if let equals = body.firstIndex(of: "=") {
            word = body[..<equals]
            list = body[body.index(after: equals)...]
        } else {
            word = body
            list = ""
        }
        self.word = word.trimmingCharacters(in: .whitespaces)
        kind = Kind(rawValue: self.word)
        codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map {
            Code(written: $0, code: RuleRegistry.rule(code: $0)?.metadata.code)
        }
    }

    /// The line whose diagnostics a `disable` covers (nil for `disable-file`, or for a
    /// standalone comment with nothing but comments after it).
    public func targetLine(in source: SourceText, commentLines: Set<Int>) -> Int? {
        guard kind == .disable else { return nil }
        var line = comment.range.start.line
        guard comment.isOwnLine else { return line }
        repeat { line += 1 } while commentLines.contains(line)
        return line <= source.lineStarts.count ? line : nil
    }

    /// The comment with only `kept` codes left, in the author's own spelling and
    /// separator; the reason stays.
    public func rewritten(keeping kept: [Code]) -> String {
        let separator = comment.text.contains(", ") ? ", " : ","
        var out = "# " + Self.prefix + " " + word + "=" + kept.map(\.written).joined(separator: separator)
        if let reason { out += " -- " + reason }
        return out
    }
}
