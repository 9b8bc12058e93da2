import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceReport

/// The project's home is written once (`ToolInfo.repository`); every user-facing place
/// that names it spells the same URL, and none holds a placeholder (issue 27).
@Suite struct ProjectURLTests {
    static func text(_ relative: String) -> String {
        (try? String(contentsOf: Fixtures.url(relative), encoding: .utf8)) ?? ""
    }

    static let userFacing = ["README.md", "CONTRIBUTING.md", "docs/releasing.md", "packaging/python/README.md",
                             "packaging/python/pyproject.toml", "pyproject.toml", "action.yml", ".pre-commit-hooks.yaml",
                             "schemas/gradience-lint.schema.json", ".github/workflows/release.yml", ".github/workflows/ci.yml"]

    @Test func everyPlaceNamesTheOneRepository() {
        #expect(ToolInfo.homepage == "https://github.com/gradience-lint/gradience-lint")
        let github = try! NSRegularExpression(pattern: "github\\.com/([A-Za-z0-9_.-]+/gradience[A-Za-z0-9_.-]*)")
        for file in Self.userFacing {
            let text = Self.text(file)
            #expect(!text.isEmpty, "\(file) is missing")
            #expect(!text.contains("OWNER"), "\(file) holds a placeholder")
            let named = github.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range(at: 1)) }
            #expect(named.allSatisfy { $0 == ToolInfo.repository || $0.hasPrefix(ToolInfo.repository + "/") }, "\(file): \(named)")
        }
        #expect(Self.text("README.md").contains("repo: \(ToolInfo.homepage)"))
        #expect(Self.text("README.md").contains("uses: \(ToolInfo.repository)@v\(ToolInfo.version)"))
        #expect(Self.text("packaging/python/pyproject.toml").contains("Homepage = \"\(ToolInfo.homepage)\""))
        #expect(Self.text("schemas/gradience-lint.schema.json").contains(
            "\"$id\": \"https://raw.githubusercontent.com/\(ToolInfo.repository)/main/schemas/gradience-lint.schema.json\""))
    }

    @Test func sarifLinksEachRulePageAtThisVersionsTag() {
        let rule = RuleRegistry.all[0].metadata
        let descriptor = SARIFReport.descriptor(rule).rendered()
        let page = "\(ToolInfo.homepage)/blob/v\(ToolInfo.version)/rules/\(RuleDocs.fileName(for: rule))"
        #expect(descriptor.contains("\"helpUri\": \"\(page)\""))
        #expect(FileManager.default.fileExists(atPath: Fixtures.url("rules/\(RuleDocs.fileName(for: rule))").path))
    }

    @Test func theLicenseIsApache2() {
        #expect(Self.text("LICENSE").contains("Apache License\n                           Version 2.0, January 2004"))
        #expect(Self.text("packaging/python/pyproject.toml").contains("license = \"Apache-2.0\""))
    }
}
