import ArgumentParser
import Foundation
import GradienceLint

/// `--watch` (ruff's `-w`): lint, then lint again whenever a file under the checked paths
/// changes, appears or goes away, until interrupted. Polling, twice a second: it needs no
/// platform file-event API, and a config folder holds few files.
extension Check {
    mutating func watchForChanges() throws {
        // Ctrl-C and kill end the loop, even when the parent started us with them blocked
        // or ignored (a test runner, a job control shell).
        var endSignals = sigset_t()
        sigemptyset(&endSignals)
        for number in [SIGINT, SIGTERM, SIGHUP] {
            sigaddset(&endSignals, number)
            signal(number, SIG_DFL)
        }
        pthread_sigmask(SIG_UNBLOCK, &endSignals, nil)
        let paths = self.paths.isEmpty ? ["."] : self.paths
        var seen = Self.snapshot(of: paths)
        while true {
            do {
                try runOnce()
            } catch is ExitCode {
                // Findings or trouble: already reported; keep watching.
            } catch {
                FileHandle.standardError.write(Data("gradience-lint: \(error)\n".utf8))
            }
            FileHandle.standardError.write(Data("gradience-lint: watching for file changes (Ctrl-C ends).\n".utf8))
            var now = seen
            repeat {
                usleep(500_000)
                now = Self.snapshot(of: paths)
            } while now == seen
            seen = now
            FileHandle.standardError.write(Data("\ngradience-lint: file change detected; linting again.\n".utf8))
        }
    }

    /// Each lintable file under `paths` with its size and modification time.
    static func snapshot(of paths: [String]) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        for path in FileDiscovery.files(in: paths).files {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? -1
            result[path] = [modified, size]
        }
        return result
    }

    /// `--show-fixes`: ruff's enumeration of what `--fix` changed, per file and rule.
    static func showFixes(_ fixed: [(path: String, applied: [String: Int])], to stream: FileHandle) {
        let total = fixed.flatMap(\.applied.values).reduce(0, +)
        guard total > 0 else {
            stream.write(Data("No fixes applied.\n".utf8))
            return
        }
        var text = "Fixed \(total) error\(total == 1 ? "" : "s"):\n"
        for file in fixed {
            text += "- \(file.path):\n"
            for (code, count) in file.applied.sorted(by: { $0.key < $1.key }) {
                let name = RuleRegistry.rule(code: code)?.metadata.name ?? code
                text += "    \(count) × \(code) (\(name))\n"
            }
        }
        stream.write(Data(text.utf8))
    }

    /// A path as reports print it: no leading `./` (ruff prints `a.yaml`, not `./a.yaml`).
    static func displayPath(_ path: String) -> String {
        var path = Substring(path)
        while path.hasPrefix("./"), path.count > 2 {
            path = path.dropFirst(2).drop { $0 == "/" }
        }
        return String(path)
    }
}
