import Foundation
import Testing
@testable import GradienceLint

@Suite struct RuleDocsTests {
    /// The pages in `rules/` are generated; a stale page fails here.
    @Test(arguments: RuleRegistry.all.map { $0.metadata.code })
    func pageIsUpToDate(code: String) {
        let metadata = RuleRegistry.rule(code: code)!.metadata
        Golden.check(RuleDocs.page(for: metadata), against: "rules/\(RuleDocs.fileName(for: metadata))")
    }

    @Test func indexIsUpToDate() {
        Golden.check(RuleDocs.index(), against: "rules/README.md")
    }

    @Test func noStrayPages() throws {
        let expected = Set(RuleRegistry.all.map { RuleDocs.fileName(for: $0.metadata) } + ["README.md"])
        let present = Set(try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("rules").path))
        #expect(present == expected)
    }

    @Test func codesAndNamesAreUniqueAndWellFormed() {
        let codes = RuleRegistry.all.map { $0.metadata.code }
        #expect(Set(codes).count == codes.count)
        #expect(codes == codes.sorted())
        for rule in RuleRegistry.all {
            let metadata = rule.metadata
            #expect(metadata.code.range(of: #"^GL\d{3}$"#, options: .regularExpression) != nil)
            #expect(metadata.name.range(of: #"^[a-z]+(-[a-z]+)*$"#, options: .regularExpression) != nil)
            #expect(!metadata.examples.isEmpty)
        }
    }
}
