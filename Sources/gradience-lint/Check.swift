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

    @Flag(help: "Apply safe fixes in place, then report what remains.")
    var fix = false

    @Flag(help: "Also apply unsafe fixes (they change training beyond what the config evidently says).")
    var unsafeFixes = false

    @Flag(help: "Print a unified diff of what --fix would change; write nothing (exit 1 when there is a diff).")
    var diff = false

    @Flag(help: "Apply fixes and exit 0 whatever remains.")
    var fixOnly = false

    @OptionGroup var model: ModelOptions

    @OptionGroup var output: OutputOptions

    mutating func run() throws {
        let selected = try codes(select)
        let ignored = try codes(ignore)

        var sources: [SourceText] = []
        var troubles: [String] = []
        // Settings are read before the parallel part: a settings error stops the run (exit 2).
        let settingsCache = SettingsCache()
        let named = Set(paths)
        // Files over max-file-size are never read; each gets a GL000 (Linter.oversized).
        var oversized: [(result: Linter.FileResult, options: LintOptions)] = []
        func read(_ path: String, _ read: (Int) -> Result<[UInt8], SourceReader.Problem>) throws {
            var options = try fileOptions(path, settingsCache)
            switch read(options.maxFileSize) {
            case .success(let bytes): sources.append(SourceText(path: path, bytes: bytes))
            case .failure(.tooLarge(let size, let limit)):
                let explicit = stdinFilename != nil || named.contains(path)
                guard options.files.selects(options.settingsRelativePath(path), explicit: explicit,
                                            forceExclude: output.forceExclude) else { return }
                // An editor replaces its buffer with stdout: fail rather than print nothing.
                if stdinFilename != nil, fix || fixOnly || diff {
                    throw trouble("\(path): \(SourceReader.Problem.tooLarge(size: size, limit: limit)); nothing fixed")
                }
                if let selected { options.select = selected }
                if let ignored { options.ignore.formUnion(ignored) }
                oversized.append((Linter(options: options).oversized(path: path, size: size, limit: limit), options))
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
        var selectedSources: [SourceText] = []
        for source in sources {
            var options: LintOptions
            do {
                options = try model.options(for: source.path, cache: settingsCache)
            } catch let problem as Settings.Problem {
                throw trouble("settings error: \(problem)")
            }
            // include/exclude from the settings; --force-exclude extends exclude to named files.
            let explicit = stdinFilename != nil || named.contains(source.path)
            guard options.files.selects(options.settingsRelativePath(source.path), explicit: explicit,
                                        forceExclude: output.forceExclude) else {
                // An editor replaces its buffer with stdout: an excluded file comes back unchanged.
                if stdinFilename != nil, (fix || fixOnly), !diff { FileHandle.standardOutput.write(Data(source.bytes)); return }
                continue
            }
            if let selected { options.select = selected }
            if let ignored { options.ignore.formUnion(ignored) }
            linters.append(Linter(options: options, inventories: inventories))
            selectedSources.append(source)
        }
        sources = selectedSources
        let fixing = fix || fixOnly || diff
        var outcomes = [FileOutcome?](repeating: nil, count: sources.count)
        outcomes.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            let includeUnsafe = unsafeFixes
            DispatchQueue.concurrentPerform(iterations: sources.count) { index in
                let linter = linters[index]
                guard fixing else {
                    slots.buffer[index] = FileOutcome(result: linter.lint(sources[index]).forReport())
                    return
                }
                switch Fixer(linter: linter, includeUnsafe: includeUnsafe).fix(sources[index]) {
                case .success(let outcome):
                    slots.buffer[index] = FileOutcome(result: outcome.remaining, fixed: outcome)
                case .failure(let failure):
                    slots.buffer[index] = FileOutcome(result: linter.lint(sources[index]), failure: failure)
                }
            }
        }
        let completed = outcomes.compactMap { $0 }
        var fixFailures = completed.compactMap(\.failure)
        var changedFiles = 0
        if fixing {
            changedFiles = try writeFixes(completed, sources: sources, failures: &fixFailures)
            for failure in fixFailures { FileHandle.standardError.write(Data("gradience-lint: \(failure)\n".utf8)) }
            if diff || stdinFilename != nil {
                // The diff or the fixed text is the output; findings would garble it.
                if !fixFailures.isEmpty { throw ExitCode.trouble }
                if diff && changedFiles > 0 { throw ExitCode.findings }
                return
            }
        }
        let finished = completed.map(\.result) + oversized.map(\.result)
        let useColor = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
        let remaining = try output.emit(finished, options: linters.map(\.options) + oversized.map(\.options), colorAllowed: useColor)
        if output.primaryFormat == .human {
            if verbose {
                for result in finished {
                    for reason in result.skipped { FileHandle.standardError.write(Data("\(result.source.path): skipped: \(reason)\n".utf8)) }
                    for note in result.notes { FileHandle.standardError.write(Data("\(result.source.path): note: \(note)\n".utf8)) }
                }
            }
            // Said once: which files' pattern rules ran without knowing the model's modules.
            let withoutInventory = finished.filter { $0.inventoryNote != nil }
            if let first = withoutInventory.first?.inventoryNote {
                let count = withoutInventory.count
                FileHandle.standardError.write(Data("note: \(count) file\(count == 1 ? "" : "s") with patterns had no module inventory (\(first)); the rules that need one ran in their reduced form. Give --model-dir, --modules or --architecture with --num-layers.\n".utf8))
            }
        }
        for trouble in troubles { FileHandle.standardError.write(Data("gradience-lint: \(trouble)\n".utf8)) }
        if !troubles.isEmpty || !fixFailures.isEmpty { throw ExitCode.trouble }
        if output.exitNonZeroOnFix && changedFiles > 0 { throw ExitCode.findings }
        if output.writeBaseline != nil || exitZero || fixOnly { return }
        // `fail-on` is per settings file: each finding is judged by its own file's setting.
        let failOn = Dictionary(zip(sources.map(\.path) + oversized.map(\.result.source.path),
                                    linters.map(\.options.failOn) + oversized.map(\.options.failOn)), uniquingKeysWith: { first, _ in first })
        if remaining.contains(where: { $0.severity >= failOn[$0.path, default: .info] }) { throw ExitCode.findings }
    }

    /// Settings and command line for one file; a settings error stops the run (exit 2).
    private func fileOptions(_ path: String, _ cache: SettingsCache) throws -> LintOptions {
        do {
            return try model.options(for: path, cache: cache)
        } catch let problem as Settings.Problem {
            throw trouble("settings error: \(problem)")
        }
    }

    /// Writes (or, with --diff, shows; with --stdin-filename, prints) each fixed file.
    /// Returns how many files changed.
    private func writeFixes(_ outcomes: [FileOutcome], sources: [SourceText], failures: inout [Fixer.Failure]) throws -> Int {
        var changed = 0
        for (source, outcome) in zip(sources, outcomes) {
            if stdinFilename != nil, !diff {
                // An editor replaces its buffer with stdout: always print the text, fixed or not.
                FileHandle.standardOutput.write(Data(outcome.fixed?.bytes ?? source.bytes))
                if outcome.fixed?.changed == true { changed += 1 }
                continue
            }
            guard let fixed = outcome.fixed, fixed.changed else { continue }
            changed += 1
            if diff {
                print(UnifiedDiff.render(path: source.path, old: source.bytes, new: fixed.bytes), terminator: "")
                continue
            }
            do {
                try AtomicWriter.replace(path: source.path, original: source.bytes, with: fixed.bytes)
                let counts = fixed.applied.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("fixed \(source.path) (\(counts))\n".utf8))
            } catch let failure as AtomicWriter.Failure {
                failures.append(Fixer.Failure(path: source.path, reason: failure.message, codes: []))
            }
        }
        return changed
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

/// One file's result: its lint result (after fixing, what remains), and the fix outcome.
struct FileOutcome {
    var result: Linter.FileResult
    var fixed: Fixer.Outcome?
    var failure: Fixer.Failure?
}

/// Lets the parallel loop write each file's result into its own slot.
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
