import Foundation
import Testing
@testable import GradienceLint

/// `fixtures/<code>/`: realistic inputs with a seeded bug for each rule, linted with the
/// settings file found above each input (each folder carries its own), against the
/// golden JSON report in `fixtures/expected/<code>.json`
/// (`GRADIENCE_UPDATE_GOLDEN=1 swift test` regenerates them for review in the diff).
@Suite struct RuleFixtureTests {
    static let codes = ["GL001", "GL002", "GL003", "GL004", "GL005", "GL006", "GL007", "GL008", "GL009",
                        "GL010", "GL011", "GL012", "GL013", "GL014", "GL017", "GL018", "GL019",
                        "GL020", "GL021", "GL022", "GL023", "GL024", "GL025", "GL026", "GL042"]

    @Test(arguments: codes)
    func fixtureFolderMatchesItsGoldenReport(code: String) throws {
        let (diagnostics, files) = try Golden.lintFolderWithSettings("fixtures/\(code)")
        #expect(files >= 1)
        Golden.check(JSONReport.render(diagnostics, filesChecked: files), against: "fixtures/expected/\(code).json")
        // Each folder seeds its own rule's bug in every input.
        let inputs = Set(FileDiscovery.files(in: [Fixtures.url("fixtures/\(code)").path]).files
            .filter { !$0.hasSuffix(Settings.fileName) }.map { String($0.dropFirst(Fixtures.packageRoot.path.count + 1)) })
        let firing = Set(diagnostics.filter { $0.code == code }.map(\.path))
        #expect(firing == inputs, "\(code) should fire in every input of its folder")
    }

    /// Every rule code has a fixture folder, except the syntax error (`fixtures/mixed/`) and
    /// GL015, whose inputs are adapter weights (`fixtures/adapters/`).
    @Test func everyRuleHasAFixtureFolder() {
        let expected = Set(RuleRegistry.codes).subtracting(["GL000", "GL015"])
        #expect(Set(Self.codes) == expected)
    }

    /// The repository's own settings file is valid, and every fixture input with a golden
    /// that depends on settings finds its folder's file first, never the root one.
    @Test func rootSettingsAreValidAndShadowedByEveryFixtureFolder() throws {
        let root = Fixtures.url(Settings.fileName).path
        let settings = try Settings.load(path: root)
        #expect(settings.patternStyle == .complete && settings.peftVersion == "0.21.2")
        for folder in Self.codes + ["seeded"] {
            for file in FileDiscovery.files(in: [Fixtures.url("fixtures/\(folder)").path]).files {
                let found = try #require(Settings.find(startingAt: file))
                #expect(found != root, "\(file) would be linted with the repository's settings")
            }
        }
    }
}
