import Foundation
import Testing
@testable import GradienceLint

@Suite struct PathGlobTests {
    @Test(arguments: [
        ("*.json", "a/b/c.json", true),
        ("*.json", "c.yaml", false),
        ("adapter_config.json", "runs/x/adapter_config.json", true),
        ("legacy", "configs/legacy/old.yaml", true),
        ("legacy", "configs/legacy-new/old.yaml", false),
        ("configs/old", "configs/old/x.yaml", true),
        ("configs/old", "other/configs/old/x.yaml", false),
        ("/configs/*.yaml", "configs/a.yaml", true),
        ("./configs/*", "configs/sub/a.yaml", true),   // a folder match covers what is below it
        ("./configs/*.yaml", "configs/sub/a.yaml", false),
        ("configs/*.yaml", "configs/a.yml", false),
        ("configs/**/adapter_config.json", "configs/adapter_config.json", true),
        ("configs/**/adapter_config.json", "configs/a/b/adapter_config.json", true),
        ("**/adapter_config.json", "x/adapter_config.json", true),
        ("runs/run-?/*.json", "runs/run-7/a.json", true),
        ("runs/run-?/*.json", "runs/run-17/a.json", false),
        ("runs/run-[0-4]/*", "runs/run-3/a.json", true),
        ("runs/run-[!0-4]/*", "runs/run-3/a.json", false),
        ("runs/run-[!0-4]/*", "runs/run-9/a.json", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("[unclosed", "[unclosed", true),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(PathGlob(pattern).matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test func relativePathsAreTakenFromTheSettingsFolder() {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(PathGlob.relativePath(cwd + "/configs/a.yaml", to: cwd) == "configs/a.yaml")
        #expect(PathGlob.relativePath("./configs/../configs/a.yaml", to: cwd) == "configs/a.yaml")
        #expect(PathGlob.relativePath("/elsewhere/a.yaml", to: cwd) == "/elsewhere/a.yaml")
        #expect(PathGlob.relativePath("configs/a.yaml", to: nil) == "configs/a.yaml")
    }

    @Test func selectionHonoursExplicitPathsUnlessForceExclude() {
        let selection = FileSelection(include: [PathGlob("configs/**")], exclude: [PathGlob("legacy")])
        #expect(selection.selects("configs/a.yaml", explicit: false, forceExclude: false))
        #expect(!selection.selects("other/a.yaml", explicit: false, forceExclude: false))
        #expect(!selection.selects("configs/legacy/a.yaml", explicit: false, forceExclude: false))
        #expect(selection.selects("configs/legacy/a.yaml", explicit: true, forceExclude: false))
        #expect(!selection.selects("configs/legacy/a.yaml", explicit: true, forceExclude: true))
        // `include` narrows folder walks only: a named file outside it is still linted.
        #expect(selection.selects("other/a.yaml", explicit: true, forceExclude: true))
    }
}
