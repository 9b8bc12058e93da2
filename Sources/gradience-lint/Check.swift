import ArgumentParser
import Foundation
import GradienceLint

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lint LoRA configs (the default command).")

    @Argument(help: "Files or folders. Folders are searched for *.yaml, *.yml and *.json.")
    var paths: [String] = []

    @Option(help: "Output format: human or json.")
    var format: OutputFormat = .human

    @Option(help: "Only run these rule codes (comma-separated).")
    var select: String?

    @Option(help: "Skip these rule codes (comma-separated).")
    var ignore: String?

    @Option(help: "Read the file from standard input and report it under this name.")
    var stdinFilename: String?

    @Flag(help: "Exit 0 even when findings remain.")
    var exitZero = false

    @Flag(name: .shortAndLong, help: "Say which files were skipped and why.")
    var verbose = false

    @Flag(help: "Never colour the output (also: NO_COLOR).")
    var noColor = false

    @OptionGroup var model: ModelOptions

    mutating func run() throws {
        let selected = try codes(select)
        let ignored = try codes(ignore)

        var sources: [SourceText] = []
        var troubles: [String] = []
        // Settings are read before the parallel part: a settings error stops the run (exit 2).
        let settingsCache = SettingsCache()
        // Files over max-file-size are never read; each gets a GL000 (Linter.oversized).
        var oversized: [Linter.FileResult] = []
        func read(_ path: String, _ read: (Int) -> Result<[UInt8], SourceReader.Problem>) throws {
            let limit = try fileOptions(path, settingsCache).maxFileSize
            switch read(limit) {
            case .success(let bytes): sources.append(SourceText(path: path, bytes: bytes))
            case .failure(.tooLarge(let size, let limit)):
                var options = try fileOptions(path, settingsCache)
                if let selected { options.select = selected }
                if let ignored { options.ignore.formUnion(ignored) }
                oversized.append(Linter(options: options).oversized(path: path, size: size, limit: limit))
            case .failure(let problem): troubles.append("\(path): \(problem)")
            }
        }
        if let stdinFilename {
            try read(stdinFilename) { SourceReader.read(descriptor: STDIN_FILENO, limit: $0) }
        } else {
            let (files, problems) = FileDiscovery.files(in: paths.isEmpty ? ["."] : paths)
            troubles += problems.map { "\($0.path): \($0.message)" }
            for file in files { try read(file) { SourceReader.read(path: file, limit: $0) } }
        }

        var linters: [Linter] = []
        let inventories = InventoryCache()
        for source in sources {
            var options: LintOptions
            do {
                options = try model.options(for: source.path, cache: settingsCache)
            } catch let problem as Settings.Problem {
                throw trouble("settings error: \(problem)")
            }
            if let selected { options.select = selected }
            if let ignored { options.ignore.formUnion(ignored) }
            linters.append(Linter(options: options, inventories: inventories))
        }
        var results = [Linter.FileResult?](repeating: nil, count: sources.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: sources.count) { index in
                slots.buffer[index] = linters[index].lint(sources[index])
            }
        }
        let finished = results.compactMap { $0 } + oversized
        let diagnostics = finished.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered)

        switch format {
        case .json:
            print(JSONReport.render(diagnostics, filesChecked: finished.count), terminator: "")
        case .human:
            let useColor = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
            let report = HumanReport(color: useColor)
            let sourcesByPath = Dictionary(finished.map { ($0.source.path, $0.source) }, uniquingKeysWith: { first, _ in first })
            for diagnostic in diagnostics {
                print(report.render(diagnostic, source: sourcesByPath[diagnostic.path]))
            }
            if verbose {
                for result in finished {
                    for reason in result.skipped { FileHandle.standardError.write(Data("\(result.source.path): skipped: \(reason)\n".utf8)) }
                }
            }
            // Said once: which files' pattern rules ran without knowing the model's modules.
            let withoutInventory = finished.filter { $0.inventoryNote != nil }
            if let first = withoutInventory.first?.inventoryNote {
                let count = withoutInventory.count
                FileHandle.standardError.write(Data("note: \(count) file\(count == 1 ? "" : "s") with patterns had no module inventory (\(first)); the rules that need one ran in their reduced form. Give --model-dir, --modules or --architecture with --num-layers.\n".utf8))
            }
            print(summaryLine(diagnostics, files: finished.count))
        }
        for trouble in troubles { FileHandle.standardError.write(Data("gradience-lint: \(trouble)\n".utf8)) }
        if !troubles.isEmpty { throw ExitCode.trouble }
        if !diagnostics.isEmpty && !exitZero { throw ExitCode.findings }
    }

    /// Settings and command line for one file; a settings error stops the run (exit 2).
    private func fileOptions(_ path: String, _ cache: SettingsCache) throws -> LintOptions {
        do {
            return try model.options(for: path, cache: cache)
        } catch let problem as Settings.Problem {
            throw trouble("settings error: \(problem)")
        }
    }

    private func summaryLine(_ diagnostics: [Diagnostic], files: Int) -> String {
        let fileWord = files == 1 ? "file" : "files"
        if diagnostics.isEmpty { return "All checks passed (\(files) \(fileWord))." }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let infos = diagnostics.count - errors - warnings
        return "Found \(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s") in \(files) \(fileWord) (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(infos) info)."
    }

    private func codes(_ list: String?) throws -> Set<String>? {
        guard let list else { return nil }
        var result = Set<String>()
        for raw in list.split(separator: ",") {
            let code = raw.trimmingCharacters(in: .whitespaces)
            guard let rule = RuleRegistry.rule(code: code) else {
                throw ValidationError("unknown rule code '\(code)'\(Suggestion.didYouMean(code, among: RuleRegistry.codes))")
            }
            result.insert(rule.metadata.code)
        }
        return result
    }
}

/// Lets the parallel loop write each file's result into its own slot.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
