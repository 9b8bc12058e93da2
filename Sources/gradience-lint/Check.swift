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
        var troubles: [String] = []
        let files: [String]
        if let stdinFilename {
            files = [stdinFilename]
        } else {
            let (found, problems) = FileDiscovery.files(in: paths.isEmpty ? ["."] : paths)
            troubles += problems.map { "\($0.path): \($0.message)" }
            files = found
        }

        // Settings are read before the parallel part: a settings error stops the run (exit 2).
        let settingsCache = SettingsCache()
        let named = Set(paths)
        let plans = try files.map { path in
            var options = try fileOptions(path, settingsCache)
            // include/exclude from the settings; --force-exclude extends exclude to named files.
            let explicit = stdinFilename != nil || named.contains(path)
            let selects = options.files.selects(options.settingsRelativePath(path), explicit: explicit,
                                                forceExclude: output.forceExclude)
            if let selected { options.select = selected }
            if let ignored { options.ignore.formUnion(ignored) }
            return FilePlan(path: path, options: options, selected: selects)
        }
        let fixing = fix || fixOnly || diff
        let stdinText: Result<[UInt8], SourceReader.Problem>?
        if stdinFilename != nil, let plan = plans.first {
            let read = SourceReader.read(descriptor: STDIN_FILENO, limit: plan.options.maxFileSize)
            // An editor replaces its buffer with stdout: fail rather than print nothing, and
            // give an excluded file back unchanged.
            if case .failure(.tooLarge(let size, let limit)) = read, plan.selected, fixing {
                throw trouble("\(plan.path): \(SourceReader.Problem.tooLarge(size: size, limit: limit)); nothing fixed")
            }
            if case .success(let bytes) = read, !plan.selected, fix || fixOnly, !diff {
                FileHandle.standardOutput.write(Data(bytes))
                return
            }
            stdinText = read
        } else {
            stdinText = nil
        }

        let delivery: FileJob.FixDelivery = diff ? .diff : stdinFilename != nil ? .stdout : .write
        let job = FileJob(mode: fixing ? .fix(delivery) : .lint, includeUnsafe: unsafeFixes,
                          fixReplacements: output.rendersSARIF, inventories: InventoryCache())
        var outcomes = [FileJob.Outcome?](repeating: nil, count: plans.count)
        outcomes.withUnsafeMutableBufferPointer { slots in
            let slots = UnsafeMutableSendableBuffer(slots)
            DispatchQueue.concurrentPerform(iterations: plans.count) { index in
                slots.buffer[index] = job.run(plans[index]) { limit in
                    stdinText ?? SourceReader.read(path: plans[index].path, limit: limit)
                }
            }
        }

        var checked: [(plan: FilePlan, file: FileJob.Checked)] = []
        var oversized: [(plan: FilePlan, result: Linter.FileResult)] = []
        for (plan, outcome) in zip(plans, outcomes) {
            switch outcome {
            case .checked(let file)?: checked.append((plan, file))
            case .oversized(let result)?: oversized.append((plan, result))
            case .unreadable(let problem)?: troubles.append("\(plan.path): \(problem)")
            case .excluded?, nil: continue
            }
        }
        let fixFailures = checked.compactMap(\.file.failure) + checked.compactMap(\.file.writeFailure)
        let changedFiles = checked.filter(\.file.changed).count
        if fixing {
            for (_, file) in checked {
                if let text = file.stdout { FileHandle.standardOutput.write(Data(text)) }
                if let diff = file.diff { print(diff, terminator: "") }
                if let note = file.fixedNote { FileHandle.standardError.write(Data(note.utf8)) }
            }
            for failure in fixFailures { FileHandle.standardError.write(Data("gradience-lint: \(failure)\n".utf8)) }
            if diff || stdinFilename != nil {
                // The diff or the fixed text is the output; findings would garble it.
                if !fixFailures.isEmpty { throw ExitCode.trouble }
                if diff && changedFiles > 0 { throw ExitCode.findings }
                return
            }
        }
        let finished = checked.map(\.file.result) + oversized.map(\.result)
        let reported = checked.map(\.plan) + oversized.map(\.plan)
        let useColor = !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
        let remaining = try output.emit(finished, options: reported.map(\.options), colorAllowed: useColor)
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
        let failOn = Dictionary(reported.map { ($0.path, $0.options.failOn) }, uniquingKeysWith: { first, _ in first })
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
