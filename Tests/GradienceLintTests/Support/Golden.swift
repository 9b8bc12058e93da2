import Foundation
import Testing
@testable import GradienceLint

/// Golden files: compared byte for byte; `GRADIENCE_UPDATE_GOLDEN=1 swift test` rewrites
/// them so the change is reviewed in the diff.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["GRADIENCE_UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, against relative: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = Fixtures.url(relative)
        if updating {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(actual.utf8).write(to: url)
            return
        }
        // Bytes, not String(contentsOf:): that would drop a BOM the golden must keep.
        let expected = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } ?? "<missing \(relative)>"
        #expect(actual == expected, "golden \(relative) differs (GRADIENCE_UPDATE_GOLDEN=1 to regenerate)", sourceLocation: sourceLocation)
    }

    /// Lints every file under a fixture folder (paths relative to the package root).
    static func lintFolder(_ relative: String, options: LintOptions = LintOptions()) -> (diagnostics: [Diagnostic], files: Int) {
        // Absolute paths for discovery (tests run in parallel; the working folder is shared),
        // reported relative to the package root so goldens do not depend on the checkout.
        let root = Fixtures.packageRoot.path + "/"
        let files = FileDiscovery.files(in: [root + relative]).files.map { String($0.dropFirst(root.count)) }
        let linter = Linter(options: options)
        let diagnostics = files.flatMap { linter.lint(Fixtures.source($0)).diagnostics }.sorted(by: Diagnostic.ordered)
        return (diagnostics, files.count)
    }

    /// Lints every file under a fixture folder as `gradience-lint check` does: each file
    /// with the nearest `.gradience-lint.yml` above it (a fixture folder's own settings
    /// shadow the repository's), one inventory cache for the run.
    static func lintFolderWithSettings(_ relative: String) throws -> (diagnostics: [Diagnostic], files: Int) {
        let root = Fixtures.packageRoot.path + "/"
        let files = FileDiscovery.files(in: [root + relative]).files
        let inventories = InventoryCache()
        var optionsBySettings: [String: LintOptions] = [:]
        var diagnostics: [Diagnostic] = []
        for file in files {
            var options = LintOptions()
            if let settingsPath = Settings.find(startingAt: file) {
                if optionsBySettings[settingsPath] == nil { optionsBySettings[settingsPath] = try Settings.load(path: settingsPath).options() }
                options = optionsBySettings[settingsPath]!
            }
            let relativePath = String(file.dropFirst(root.count))
            let bytes = Fixtures.source(relativePath).bytes
            diagnostics += Linter(options: options, inventories: inventories).lint(SourceText(path: relativePath, bytes: bytes)).diagnostics
        }
        return (diagnostics.sorted(by: Diagnostic.ordered), files.count)
    }
}
