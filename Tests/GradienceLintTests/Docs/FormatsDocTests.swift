import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceSyntax
@testable import GradienceTransformer
@testable import GradienceInventory
@testable import GradiencePEFT
@testable import GradienceConfig
@testable import GradienceRules
@testable import GradienceEngine
@testable import GradienceReport
@testable import GradienceServer

@Suite struct FormatsDocTests {
    /// docs/formats.md embeds the registry's table between its markers; a stale table fails here.
    @Test func formatsTableIsUpToDate() throws {
        let url = Fixtures.url("docs/formats.md")
        let page = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let begin = "<!-- formats:begin -->\n", end = "<!-- formats:end -->"
        let start = try #require(page.range(of: begin)), stop = try #require(page.range(of: end))
        let expected = String(page[..<start.upperBound]) + FormatRegistry.markdownTable() + String(page[stop.lowerBound...])
        Golden.check(expected, against: "docs/formats.md")
    }
}
