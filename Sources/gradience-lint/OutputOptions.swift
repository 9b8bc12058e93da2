import ArgumentParser
import Foundation
import GradienceLint

extension ReportFormat: ExpressibleByArgument {}

/// `--output-format FORMAT=PATH`: one more output of the same run.
struct FormatTarget: ExpressibleByArgument {
    let format: ReportFormat
    let path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="),
              let format = ReportFormat(rawValue: String(argument[..<equals])),
              !argument[argument.index(after: equals)...].isEmpty else { return nil }
        self.format = format
        path = String(argument[argument.index(after: equals)...])
    }

    static var defaultCompletionKind: CompletionKind { .file() }
}

/// What `check` writes and how its findings are gated: formats and files, statistics,
/// the baseline, and the CI-facing flags. One run renders to every output, so the
/// annotations on stdout and the SARIF file always show the same findings.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: human, json, sarif or github (default: github when GITHUB_ACTIONS=true, else human).")
    var format: ReportFormat?

    @Option(help: "Write the --format output to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("output-format"),
            help: ArgumentHelp("Also write this format to this file, from the same run (repeatable), e.g. sarif=results.sarif.",
                               valueName: "format=path"))
    var outputFormats: [FormatTarget] = []

    @Flag(help: "Instead of each finding, print how many there are per rule code and how many --fix would repair.")
    var statistics = false

    @Option(help: "Accept the findings recorded in this baseline file; report and fail only on new ones.")
    var baseline: String?

    @Option(help: "Record every current finding in this baseline file (then the run exits 0).")
    var writeBaseline: String?

    @Flag(help: "Exit 1 when --fix changed a file, even if nothing remains.")
    var exitNonZeroOnFix = false

    @Flag(help: "Apply the settings' exclude globs to files named on the command line too (pre-commit names every file).")
    var forceExclude = false

    /// `--format`, or the automatic choice for this environment.
    var primaryFormat: ReportFormat {
        format ?? .automatic(environment: ["GITHUB_ACTIONS": environmentVariable("GITHUB_ACTIONS")].compactMapValues { $0 })
    }

    /// Whether any output is SARIF, the one report that shows each fix's byte edits.
    var rendersSARIF: Bool { (primaryFormat == .sarif && !statistics) || outputFormats.contains { $0.format == .sarif } }

    /// Baseline handling, then every output. Returns the findings that remain reportable.
    /// - Parameter rules: the rules that ran (SARIF lists them).
    func emit(_ results: [Linter.FileResult], rules: [RuleMetadata], colorAllowed: Bool) throws -> [Diagnostic] {
        var diagnostics = results.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered)
        var baselined = 0
        var baselineFile: Baseline?
        if let writeBaseline {
            let written = Baseline(diagnostics: diagnostics, directory: URL(fileURLWithPath: writeBaseline).deletingLastPathComponent().path)
            try write(written.rendered(), to: writeBaseline)
            note("wrote \(diagnostics.count) finding\(diagnostics.count == 1 ? "" : "s") to \(writeBaseline)")
            baselineFile = written
        } else if let baseline {
            do {
                baselineFile = try Baseline.load(path: baseline)
            } catch let problem as Baseline.Problem {
                throw trouble("baseline error: \(problem)")
            }
        }
        if let baselineFile {
            let outcome = baselineFile.apply(to: diagnostics, checkedPaths: results.map(\.source.path))
            diagnostics = outcome.new
            baselined = outcome.accepted.count
            if !outcome.stale.isEmpty {
                let total = outcome.stale.map(\.count).reduce(0, +)
                var text = "baseline: \(total) recorded finding\(total == 1 ? "" : "s") no longer found (fixed, or moved to another key); --write-baseline prunes them:"
                for (fingerprint, count) in outcome.stale {
                    text += "\n  \(fingerprint.code) \(fingerprint.path) \(fingerprint.pointer.isEmpty ? "(document)" : fingerprint.pointer)\(count > 1 ? " ×\(count)" : "")"
                }
                note(text)
            }
        }

        let report = RunReport(diagnostics: diagnostics, files: results, rules: rules,
                               rootDirectory: FileManager.default.currentDirectoryPath, baselined: baselined)
        if statistics {
            let primary = primaryFormat == .json ? StatisticsReport.json(diagnostics) : StatisticsReport.text(diagnostics)
            if let output { try write(primary, to: output) } else { FileHandle.standardOutput.write(Data(primary.utf8)) }
        } else if let output {
            try write(report.render(primaryFormat), to: output)
        } else {
            // Streamed in 64 KiB pieces: the report of a zoo with thousands of findings is
            // never held whole (with its copies it was the run's peak of memory).
            var pending = ""
            report.write(primaryFormat, color: colorAllowed) { piece in
                pending += piece
                if pending.utf8.count >= 1 << 16 {
                    FileHandle.standardOutput.write(Data(pending.utf8))
                    pending = ""
                }
            }
            FileHandle.standardOutput.write(Data(pending.utf8))
        }
        for target in outputFormats { try write(report.render(target.format), to: target.path) }
        return diagnostics
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw trouble("cannot write \(path): \(error.localizedDescription)")
        }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("gradience-lint: \(text)\n".utf8))
    }
}
