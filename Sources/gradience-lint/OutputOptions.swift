import ArgumentParser
import Foundation
import GradienceLint

extension ReportFormat: ExpressibleByArgument {}

/// `--output-format FORMAT=PATH`: one more output of the same run. `--output-format
/// FORMAT` alone is ruff's spelling of `--format FORMAT` (the format of standard output).
struct FormatTarget: ExpressibleByArgument {
    /// As written; `format` is nil when it names no format (`validate` says so).
    let formatName: String
    let format: ReportFormat?
    /// Nil: the bare form, the primary format.
    let path: String?

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "=") else {
            formatName = argument
            format = ReportFormat(rawValue: argument)
            path = nil
            return
        }
        guard !argument[argument.index(after: equals)...].isEmpty else { return nil }
        formatName = String(argument[..<equals])
        format = ReportFormat(rawValue: formatName)
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
            help: ArgumentHelp("Also write this format to this file, from the same run (repeatable), e.g. sarif=results.sarif; a format alone (ruff's spelling) is --format.",
                               valueName: "format[=path]"))
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

    /// The `--output-format` values that name a file.
    var fileTargets: [(format: ReportFormat, path: String)] {
        outputFormats.compactMap { target in target.path.flatMap { path in target.format.map { ($0, path) } } }
    }

    /// `--format` (or ruff's bare `--output-format`), or the automatic choice for this environment.
    var primaryFormat: ReportFormat {
        format ?? outputFormats.first(where: { $0.path == nil })?.format
            ?? .automatic(environment: ["GITHUB_ACTIONS": environmentVariable("GITHUB_ACTIONS")].compactMapValues { $0 })
    }

    func validate() throws {
        let names = ReportFormat.allCases.map(\.rawValue)
        for target in outputFormats where target.format == nil {
            throw ValidationError("--output-format: unknown format '\(target.formatName)' (one of \(names.joined(separator: ", ")), optionally =PATH)"
                                  + Suggestion.didYouMean(target.formatName, among: names))
        }
        let primaries = Set((format.map { [$0] } ?? []) + outputFormats.filter { $0.path == nil }.compactMap(\.format))
        if primaries.count > 1 {
            throw ValidationError("--format and --output-format name different formats for standard output: \(primaries.map(\.rawValue).sorted().joined(separator: ", ")); give one, or FORMAT=PATH for a file")
        }
    }

    /// Whether any output is SARIF, the one report that shows each fix's byte edits.
    var rendersSARIF: Bool { (primaryFormat == .sarif && !statistics) || fileTargets.contains { $0.format == .sarif } }

    /// Baseline handling, then every output. Returns the findings that remain reportable.
    /// - Parameter rules: the rules that ran (SARIF lists them). `streamClosed` is set when
    ///   `stream` stopped taking the report (closed early); the rest of the run goes on.
    /// - Parameter stream: where the primary format goes without `--output` (stderr when
    ///   stdout carries fixed text); `sayAllPassed`: false when a path could not be read.
    func emit(_ results: [Linter.FileResult], rules: [RuleMetadata], colorAllowed: Bool,
              to stream: FileHandle = .standardOutput, sayAllPassed: Bool = true, streamClosed: inout Bool) throws -> [Diagnostic] {
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

        var report = RunReport(diagnostics: diagnostics, files: results, rules: rules,
                               rootDirectory: FileManager.default.currentDirectoryPath, baselined: baselined)
        report.everyPathRead = sayAllPassed
        // The files first: a reader that closes standard output early (`| head`) must not
        // cost them.
        for target in fileTargets { try write(report.render(target.format), to: target.path) }
        if statistics {
            let primary = primaryFormat == .json ? StatisticsReport.json(diagnostics) : StatisticsReport.text(diagnostics)
            if let output { try write(primary, to: output) } else { streamClosed = !stream.writeTolerantly(primary) }
        } else if let output {
            try write(report.render(primaryFormat), to: output)
        } else {
            // Streamed in 64 KiB pieces: the report of a zoo with thousands of findings is
            // never held whole (with its copies it was the run's peak of memory). A closed
            // stream ends the writing, not the run.
            var pending = ""
            var open = true
            report.write(primaryFormat, color: colorAllowed) { piece in
                guard open else { return }
                pending += piece
                if pending.utf8.count >= 1 << 16 {
                    open = stream.writeTolerantly(pending)
                    pending = ""
                }
            }
            if open { open = stream.writeTolerantly(pending) }
            streamClosed = !open
        }
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
        FileHandle.standardError.writeNote("gradience-lint: \(text)\n")
    }
}
