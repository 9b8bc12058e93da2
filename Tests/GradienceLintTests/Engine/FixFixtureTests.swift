import Foundation
import Testing
@testable import GradienceLint

/// `fixtures/fix/*.before.*`: golden before/after files in every style the Transformer
/// must keep (PEFT-sorted JSON, single-line JSON with a BOM, YAML block with comments,
/// YAML flow, CRLF, no final newline). Regenerate with GRADIENCE_UPDATE_GOLDEN=1.
@Suite struct FixFixtureTests {
    static let befores: [String] = {
        let folder = Fixtures.url("fixtures/fix").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.contains(".before.") }.sorted().map { "fixtures/fix/" + $0 }
    }()

    private func fixer(for relative: String) throws -> Fixer {
        let settings = try Settings.load(path: Fixtures.url("fixtures/fix/.gradience-lint.yml").path)
        // Unsafe fixes too: GL001's complete fix (rename plus an alpha entry) writes a new
        // mapping in every style.
        return Fixer(linter: Linter(options: settings.options()), includeUnsafe: true)
    }

    @Test func thereAreFixtures() {
        #expect(Self.befores.count >= 7)
    }

    @Test(arguments: befores)
    func fixMatchesGoldenAndKeepsEverythingElse(_ relative: String) throws {
        let source = Fixtures.source(relative)
        let fixer = try fixer(for: relative)
        let outcome = try fixer.fix(source).get()
        let after = String(decoding: outcome.bytes, as: UTF8.self)
        Golden.check(after, against: relative.replacingOccurrences(of: ".before.", with: ".after."))

        // Idempotent: fixing the fixed text changes nothing.
        let again = try fixer.fix(SourceText(path: relative, bytes: outcome.bytes)).get()
        #expect(!again.changed, "second round applied \(again.applied)")
        // No safe fix is left behind.
        #expect(!outcome.remaining.diagnostics.contains { $0.fix?.applicability == .safe })
        // Comments, line endings, BOM and final-newline state survive.
        let before = String(decoding: source.bytes, as: UTF8.self)
        for comment in before.split(whereSeparator: \.isNewline).compactMap({ line -> Substring? in
            guard let hash = line.range(of: " #") ?? line.range(of: "# ") else { return nil }
            return line[hash.lowerBound...]
        }) {
            #expect(after.contains(comment), "comment lost: \(comment)")
        }
        #expect(source.hasBOM == SourceText(path: relative, bytes: outcome.bytes).hasBOM)
        #expect((source.bytes.last == 0x0A) == (outcome.bytes.last == 0x0A))
        #expect(before.contains("\r\n") == after.contains("\r\n"))
        if before.contains("\r\n") { #expect(!after.replacingOccurrences(of: "\r\n", with: "").contains("\n")) }
    }
}
