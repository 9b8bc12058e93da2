import Foundation
import Testing
@testable import GradienceLint

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
