import Foundation
import GradienceLint

/// Issue 28's output invariants, checked on every fuzz input: whatever a file says, the
/// human report holds no raw control character but its own line breaks and no line that
/// starts with `::` (a workflow command to a CI runner); each GitHub annotation is one
/// line that starts with its own command; SARIF stays JSON.
enum OutputInjectionInvariants {
    static func check(_ result: Linter.FileResult) -> [Violation] {
        var violations: [Violation] = []
        let human = HumanReport(color: false)
        for diagnostic in result.diagnostics {
            let text = human.render(diagnostic, source: result.source)
            if let bad = text.unicodeScalars.first(where: { $0 != "\n" && isControl($0) }) {
                violations.append(Violation("human report prints a raw control character U+\(String(bad.value, radix: 16))", String(text.prefix(200))))
            }
            if text.split(separator: "\n").contains(where: { $0.hasPrefix("::") }) {
                violations.append(Violation("human report has a line starting with ::", String(text.prefix(200))))
            }
        }
        let github = GitHubReport(rootDirectory: "/").render(result.diagnostics)
        for line in github.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let commands = ["::error ", "::warning ", "::notice "]
            if !commands.contains(where: { line.hasPrefix($0) }) || line.unicodeScalars.contains(where: { $0 == "\r" || isControl($0) }) {
                violations.append(Violation("a GitHub annotation line is not one workflow command", String(line.prefix(200))))
            }
        }
        let files = Dictionary(uniqueKeysWithValues: [(result.source.path, result.parsed)])
        let sarif = SARIFReport(rules: RuleRegistry.all.map { $0.metadata }, rootDirectory: "/").render(result.diagnostics, files: files)
        if (try? JSONSerialization.jsonObject(with: Data(sarif.utf8))) == nil {
            violations.append(Violation("SARIF report is not JSON", String(sarif.prefix(200))))
        }
        return violations
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
