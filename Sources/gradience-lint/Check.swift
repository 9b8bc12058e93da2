import ArgumentParser
import Foundation
import GradienceLint

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lint LoRA configs (the default command).")

    @Argument(help: "Files or folders. Folders are searched for *.yaml, *.yml and *.json. '-' reads standard input.")
    var paths: [String] = []

    @Option(help: "Only run these rule codes (comma-separated; ALL for every rule, a prefix such as GL01 for its codes).")
    var select: String?

    @Option(help: "Run these rule codes on top of the selected ones (comma-separated; as ruff's --extend-select).")
    var extendSelect: String?

    @Option(help: "Skip these rule codes (comma-separated).")
    var ignore: String?

    @Option(help: "Read the file from standard input and report it under this name.")
    var stdinFilename: String?

    @Flag(name: [.customShort("e"), .long], help: "Exit 0 even when findings remain.")
    var exitZero = false

    @Flag(name: .shortAndLong, help: "Say which files were skipped and why.")
    var verbose = false

    @Flag(name: .shortAndLong, help: "Print the findings and nothing else (no summary, no notes on stderr).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print nothing; the exit code still says whether findings remain.")
    var silent = false

    @Flag(help: "With --fix, list what was fixed, per file and rule.")
    var showFixes = false

    @Flag(name: .shortAndLong, help: "Lint again whenever a checked file or folder changes (Ctrl-C ends it).")
    var watch = false

    @Flag(help: "Never colour the output (also: NO_COLOR set and not empty; FORCE_COLOR forces colour).")
    var noColor = false

    @Flag(help: "Apply safe fixes in place, then report what remains.")
    var fix = false

    @Flag(help: "Also apply unsafe fixes (they change training beyond what the config evidently says).")
    var unsafeFixes = false

    @Flag(help: "Print a unified diff of what --fix would change; write nothing (exit 1 when there is a diff).")
    var diff = false

    @Flag(help: "Apply fixes and exit 0 whatever remains.")
    var fixOnly = false

    @Flag(inversion: .prefixedNo, help: "Leave out of folder walks what .gitignore ignores (default: the respect-gitignore setting, else on).")
    var respectGitignore: Bool?

    @OptionGroup var model: ModelOptions

    @OptionGroup var output: OutputOptions

    /// The name standard input is reported under: `--stdin-filename`, or `-` given as the path.
    var stdinName: String? { stdinFilename ?? (paths == ["-"] ? "-" : nil) }

    func validate() throws {
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("'-' (standard input) cannot be combined with other paths")
        }
        if watch && stdinName != nil { throw ValidationError("--watch cannot watch standard input") }
        if watch && diff { throw ValidationError("--watch and --diff do not go together") }
    }

    mutating func run() throws {
        if watch { return try watchForChanges() }
        try runOnce()
    }

    /// One lint run: its exit code is thrown (as ExitCode), a clean run returns.
    mutating func runOnce() throws {
        var (plans, troubles) = try planFiles()
        let fixing = fix || fixOnly || diff
        let stdinText: Result<[UInt8], SourceReader.Problem>?
        if stdinName != nil, let plan = plans.first {
            let read = SourceReader.read(descriptor: STDIN_FILENO, limit: plan.options.maxFileSize)
            // An editor replaces its buffer with stdout: when fixing, a stdin that cannot be
            // read (too large, or not readable at all) must fail the run, never print nothing;
            // an excluded file is given back unchanged.
            if case .failure(let problem) = read, fixing {
                throw trouble("\(plan.path): \(problem); nothing fixed")
            }
            if case .success(let bytes) = read, !plan.selected, fix || fixOnly, !diff {
                FileHandle.standardOutput.writeTolerantly(Data(bytes))
                return
            }
            stdinText = read
        } else {
            stdinText = nil
        }

        let delivery: FileJob.FixDelivery = diff ? .diff : stdinName != nil ? .stdout : .write
        let job = FileJob(mode: fixing ? .fix(delivery) : .lint, includeUnsafe: unsafeFixes,
                          fixReplacements: output.rendersSARIF, inventories: InventoryCache())
        var outcomes = [FileJob.Outcome?](repeating: nil, count: plans.count)
        let plansToRun = plans  // the closure runs on many threads: it reads a constant, not the var
        outcomes.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: plansToRun.count) { index in
                slots.buffer[index] = job.run(plansToRun[index]) { limit in
                    stdinText ?? SourceReader.read(path: plansToRun[index].path, limit: limit)
                }
            }
        }

        // In file order: the linted files, then the oversized ones (as the reports list them).
        var finished: [Linter.FileResult] = [], oversized: [Linter.FileResult] = []
        var reported: [Int] = [], oversizedIndices: [Int] = []
        var fixFailures: [Fixer.Failure] = [], writeFailures: [Fixer.Failure] = []
        var changedFiles = 0
        var fixed: [(path: String, applied: [String: Int])] = []
        for index in plans.indices {
            // Taken out of its slot: the slots never hold a second copy of what is kept.
            switch outcomes[index].take() {
            case .checked(let file)?:
                finished.append(file.result)
                reported.append(index)
                if let text = file.stdout { FileHandle.standardOutput.writeTolerantly(Data(text)) }
                if let diff = file.diff { print(diff, terminator: "") }
                if let note = file.fixedNote, !quiet, !silent { FileHandle.standardError.writeLine(note) }
                if !file.applied.isEmpty { fixed.append((plans[index].path, file.applied)) }
                if file.changed { changedFiles += 1 }
                if let failure = file.failure { fixFailures.append(failure) }
                if let failure = file.writeFailure { writeFailures.append(failure) }
            case .oversized(let result)?:
                oversized.append(result)
                oversizedIndices.append(index)
            case .unreadable(let problem)?:
                troubles.append("\(plans[index].path): \(problem)")
            case .excluded?, nil:
                continue
            }
        }
        reported += oversizedIndices
        finished += oversized
        fixFailures += writeFailures
        // The fixed text of standard input is the output: what remains goes to stderr (as ruff).
        let fixedTextOnStdout = fixing && !diff && stdinName != nil
        if fixing {
            for failure in fixFailures { FileHandle.standardError.writeLine("gradience-lint: \(failure)\n") }
            if diff {
                // The diff is the output; findings would garble it.
                if !fixFailures.isEmpty { throw ExitCode.trouble }
                if changedFiles > 0 { throw ExitCode.findings }
                return
            }
        }
        let reportStream = fixedTextOnStdout ? FileHandle.standardError : FileHandle.standardOutput
        let useColor = Self.colorWanted(noColorFlag: noColor, terminal: isatty(reportStream.fileDescriptor) == 1,
                                        environment: environmentVariable)
        let rules = RunReport.rulesThatRan(reported.lazy.map { plans[$0].options })
        // A path that named nothing readable: no "All checks passed" above its error.
        var streamClosed = false
        let remaining = try output.emit(finished, rules: rules, colorAllowed: useColor, to: reportStream,
                                        sayAllPassed: troubles.isEmpty, quiet: quiet, silent: silent, streamClosed: &streamClosed)
        if showFixes && fixing && !silent { Self.showFixes(fixed, to: FileHandle.standardError) }
        // Whatever the report format: the reasons go to stderr, so stdout stays the report
        // (a JSON, SARIF or GitHub consumer parses it unchanged; see docs/formats.md).
        if verbose && !silent {
            for result in finished {
                for format in result.readAs { FileHandle.standardError.writeLine("\(result.source.path): read as \(format)\n") }
                for reason in result.skipped { FileHandle.standardError.writeLine("\(result.source.path): skipped: \(reason)\n") }
                if result.readAs.isEmpty, result.skipped.isEmpty, result.parsed.problem == nil {
                    FileHandle.standardError.writeLine("\(result.source.path): no LoRA settings\n")
                }
                for note in result.notes { FileHandle.standardError.writeLine("\(result.source.path): note: \(note)\n") }
                if let reason = result.inventoryNote {
                    FileHandle.standardError.writeLine("\(result.source.path): no module inventory: \(reason)\n")
                }
            }
        }
        for trouble in troubles { FileHandle.standardError.writeLine("gradience-lint: \(trouble)\n") }
        if !troubles.isEmpty || !fixFailures.isEmpty { throw ExitCode.trouble }
        if output.exitNonZeroOnFix && changedFiles > 0 { throw ExitCode.findings }
        if output.writeBaseline != nil || exitZero || fixOnly { return }
        // `fail-on` is per settings file: each finding is judged by its own file's setting.
        let judged = Set(remaining.map(\.path))
        let failOn = Dictionary(reported.lazy.filter { judged.contains(plans[$0].path) }.map { (plans[$0].path, plans[$0].options.failOn) },
                                uniquingKeysWith: { first, _ in first })
        if remaining.contains(where: { $0.severity >= failOn[$0.path, default: .info] }) { throw ExitCode.findings }
        // Nothing to fail on, but the report did not reach its reader: an I/O error.
        if streamClosed { throw ExitCode.trouble }
    }

    /// The files to check, each with its settings (read here, before the parallel part: a
    /// settings error stops the run, exit 2), and the paths that named nothing readable.
    private func planFiles() throws -> (plans: [FilePlan], troubles: [String]) {
        let selected = try codes(select)
        let extended = try codes(extendSelect)
        let ignored = try codes(ignore)
        var troubles: [String] = []
        let settingsCache = SettingsCache()
        let files: [String]
        if let stdinName {
            files = [stdinName]
        } else {
            let discovery = FileDiscovery.discover(in: paths.isEmpty ? ["."] : paths.map(FileNameBytes.commandLinePath)) { folder in
                // The flag, else the setting of the settings file that governs the folder (an
                // error in that file is reported once, with the files below it).
                respectGitignore ?? ((try? model.options(for: folder, cache: settingsCache))?.respectGitignore ?? true)
            }
            troubles += discovery.problems.map { "\(Self.displayPath($0.path)): \($0.message)" }
            if verbose { for note in discovery.notes { FileHandle.standardError.write(Data("\(Self.displayPath(note.path)): skipped: \(note.message)\n".utf8)) } }
            files = discovery.files.map(Self.displayPath)
        }
        let named = Set(paths.map(FileNameBytes.commandLinePath).map(Self.displayPath))
        let plans = try files.map { path in
            var options = try fileOptions(path, settingsCache)
            // include/exclude from the settings; --force-exclude extends exclude to named files.
            let explicit = stdinName != nil || named.contains(path)
            let selects = options.files.selects(options.settingsRelativePath(path), explicit: explicit,
                                                forceExclude: output.forceExclude)
            if let selected { options.select = selected }
            // Added to the selection and taken out of the settings' ignore; --ignore still wins.
            if let extended {
                options.select?.formUnion(extended)
                options.ignore.subtract(extended)
            }
            if let ignored { options.ignore.formUnion(ignored) }
            return FilePlan(path: path, options: options, selected: selects)
        }
        return (plans, troubles)
    }

    /// Settings and command line for one file; a settings error stops the run (exit 2).
    private func fileOptions(_ path: String, _ cache: SettingsCache) throws -> LintOptions {
        do {
            return try model.options(for: path, cache: cache)
        } catch let problem as Settings.Problem {
            throw trouble("settings error: \(problem)")
        }
    }

    /// Colour: `--no-color` first, then FORCE_COLOR (force-color.org) and NO_COLOR
    /// (no-color.org), each counted only when set and not empty — FORCE_COLOR wins over
    /// NO_COLOR, as in ruff — and otherwise only on a terminal.
    static func colorWanted(noColorFlag: Bool, terminal: Bool, environment: (String) -> String?) -> Bool {
        if noColorFlag { return false }
        if let force = environment("FORCE_COLOR"), !force.isEmpty { return true }
        if let no = environment("NO_COLOR"), !no.isEmpty { return false }
        return terminal
    }

    private func codes(_ list: String?) throws -> Set<String>? {
        guard let list else { return nil }
        var result = Set<String>()
        for raw in list.split(separator: ",") {
            let code = raw.trimmingCharacters(in: .whitespaces)
            // ruff's ALL and code prefixes (`GL01`): every rule whose code starts so.
            let prefixed = RuleRegistry.codes.filter { code == "ALL" || (code.count > 2 && code.hasPrefix("GL") && $0.hasPrefix(code)) }
            if RuleRegistry.rule(code: code) == nil, !prefixed.isEmpty {
                result.formUnion(prefixed)
                continue
            }
            guard let rule = RuleRegistry.rule(code: code) else {
                throw ValidationError("unknown rule code '\(code)'\(Suggestion.didYouMean(code, among: RuleRegistry.codes))")
            }
            result.insert(rule.metadata.code)
        }
        return result
    }
}
