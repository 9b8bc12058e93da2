import ArgumentParser
import GradienceLint

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule.")

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @Option(help: "Write every rule's documentation page into this folder (and the rules table into the README.md beside it), then exit.")
    var writeDocs: String?

    func run() throws {
        if let writeDocs {
            try FileManager.default.createDirectory(atPath: writeDocs, withIntermediateDirectories: true)
            for rule in RuleRegistry.all {
                let path = URL(fileURLWithPath: writeDocs).appendingPathComponent(RuleDocs.fileName(for: rule.metadata)).path
                try RuleDocs.page(for: rule.metadata).write(toFile: path, atomically: true, encoding: .utf8)
            }
            try RuleDocs.index().write(toFile: URL(fileURLWithPath: writeDocs).appendingPathComponent("README.md").path, atomically: true, encoding: .utf8)
            // The project README's copy of the table (between its rules:begin/end lines).
            let readme = URL(fileURLWithPath: writeDocs).deletingLastPathComponent().appendingPathComponent("README.md").path
            if let text = try? String(contentsOfFile: readme, encoding: .utf8), RuleDocs.readme(text) != text {
                try RuleDocs.readme(text).write(toFile: readme, atomically: true, encoding: .utf8)
            }
            return
        }
        switch format {
        case .human:
            for rule in RuleRegistry.all {
                let metadata = rule.metadata
                let fix = metadata.fix.applicability?.rawValue ?? "-"
                print("\(metadata.code)  \(metadata.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(metadata.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) fix: \(fix.padding(toLength: 7, withPad: " ", startingAt: 0)) \(metadata.summary)")
            }
        case .json:
            let rules: [JSONValue] = RuleRegistry.all.map { rule in
                let metadata = rule.metadata
                return .object([
                    ("code", .string(metadata.code)), ("name", .string(metadata.name)),
                    ("severity", .string(metadata.severity.rawValue)), ("summary", .string(metadata.summary)),
                    ("fix", metadata.fix.applicability.map { .string($0.rawValue) } ?? .null),
                ])
            }
            print(JSONValue.array(rules).rendered())
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a rule's documentation page (also: rule, as in ruff).",
                                                    aliases: ["rule"])

    @Argument(help: "A rule code (GL001) or name (prefixed-pattern-key).")
    var rule: String

    func run() throws {
        guard let found = RuleRegistry.rule(code: rule) else {
            throw ValidationError("unknown rule '\(rule)'\(Suggestion.didYouMean(rule, among: RuleRegistry.codes + RuleRegistry.all.map { $0.metadata.name }))")
        }
        print(RuleDocs.page(for: found.metadata), terminator: "")
    }
}

import Foundation
