import Foundation
import GradienceLint

/// One file as `check` decided on it before the parallel part: its settings with the
/// command line on top, and whether `include` / `exclude` let it be linted.
struct FilePlan {
    let path: String
    let options: LintOptions
    let selected: Bool
}

/// One file's turn in the parallel loop: read it, lint it (fix it, and write or show the
/// fix), and keep only what the report needs. No file's text or tree outlives its turn,
/// so a run's peak memory follows the largest file, not the number of files.
struct FileJob {
    enum Mode {
        case lint
        /// `--fix` (written in place), `--diff` (shown), or `--stdin-filename` with fixing
        /// (the text goes to stdout).
        case fix(FixDelivery)
    }

    enum FixDelivery {
        case write, diff, stdout
    }

    /// Indirect: each of the run's slots holds a pointer, not a whole result.
    indirect enum Outcome {
        /// Not linted: `include` / `exclude` leave it out.
        case excluded
        /// Could not be read (a trouble: exit 2).
        case unreadable(SourceReader.Problem)
        /// Over `max-file-size`: never read, reported as GL000.
        case oversized(Linter.FileResult)
        case checked(Checked)
    }

    /// A linted file as the rest of the run sees it; the outputs of fixing are printed
    /// after the loop, in file order.
    struct Checked {
        /// After fixing, what remains; reduced by `forReport`.
        var result: Linter.FileResult
        /// Fixing refused, or the fixed file could not be written.
        var failure: Fixer.Failure?
        var writeFailure: Fixer.Failure?
        var changed = false
        /// `--stdin-filename` with fixing: the text for stdout, fixed or not.
        var stdout: [UInt8]?
        /// `--diff`: the unified diff.
        var diff: String?
        /// `--fix`: the "fixed PATH (codes)" line for stderr.
        var fixedNote: String?
        /// `--fix`: how many fixes of each code went into the written (or printed) text.
        var applied: [String: Int] = [:]
    }

    let mode: Mode
    let includeUnsafe: Bool
    /// Keep each fix's byte edits for SARIF.
    let fixReplacements: Bool
    let inventories: InventoryCache

    func run(_ plan: FilePlan, read: (Int) -> Result<[UInt8], SourceReader.Problem>) -> Outcome {
        // An excluded file is never opened (as ruff and yamllint leave excluded files
        // alone): one the user cannot read, or a huge generated one, cannot fail the run.
        guard plan.selected else { return .excluded }
        let source: SourceText
        switch read(plan.options.maxFileSize) {
        case .success(let bytes):
            // A baseline file (`--write-baseline`) is ours, never a config to lint or count.
            if Baseline.isBaseline(bytes) { return .excluded }
            source = SourceText(path: plan.path, bytes: bytes)
        case .failure(.tooLarge(let size, let limit)):
            return .oversized(Linter(options: plan.options).oversized(path: plan.path, size: size, limit: limit))
        case .failure(let problem):
            return .unreadable(problem)
        }
        let linter = Linter(options: plan.options, inventories: inventories)
        guard case .fix(let delivery) = mode else {
            return .checked(Checked(result: linter.lint(source).forReport(fixReplacements: fixReplacements)))
        }
        switch Fixer(linter: linter, includeUnsafe: includeUnsafe).fix(source) {
        case .failure(let failure):
            var checked = Checked(result: linter.lint(source).forReport(fixReplacements: fixReplacements), failure: failure)
            if case .stdout = delivery { checked.stdout = source.bytes }
            return .checked(checked)
        case .success(let fixed):
            var checked = Checked(result: fixed.remaining.forReport(fixReplacements: fixReplacements), changed: fixed.changed)
            switch delivery {
            case .stdout:
                // An editor replaces its buffer with stdout: always the text, fixed or not.
                checked.stdout = fixed.bytes
                if fixed.changed { checked.applied = fixed.applied }
            case .diff where fixed.changed:
                checked.diff = UnifiedDiff.render(path: source.path, old: source.bytes, new: fixed.bytes)
            case .write where fixed.changed:
                do {
                    try AtomicWriter.replace(path: source.path, original: source.bytes, with: fixed.bytes)
                    let counts = fixed.applied.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
                    checked.fixedNote = "fixed \(source.path) (\(counts))\n"
                    checked.applied = fixed.applied
                } catch {
                    let reason = (error as? AtomicWriter.Failure)?.message ?? "\(error)"
                    checked.writeFailure = Fixer.Failure(path: source.path, reason: reason, codes: [])
                }
            case .diff, .write:
                break
            }
            return .checked(checked)
        }
    }
}

/// Lets the parallel loop write each file's outcome into its own slot.
/// @unchecked Sendable: `concurrentPerform` gives each index to exactly one iteration, so no
/// two threads touch one slot, and the buffer outlives the loop (it returns before the array
/// is read again).
struct UnsafeMutableSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
