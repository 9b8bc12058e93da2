import Foundation
import Testing
@testable import GradienceLint

@Suite(.serialized) struct MixedFolderTests {
    /// Real configs mixed with seeded syntax errors, duplicate keys and a non-LoRA file.
    @Test func jsonReportOnAMixedFolderIsExact() {
        let (diagnostics, files) = Golden.lintFolder("fixtures/mixed")
        #expect(files == 7)
        Golden.check(JSONReport.render(diagnostics, filesChecked: files), against: "fixtures/mixed.expected.json")
        #expect(diagnostics.map { "\($0.code) \($0.path):\($0.range.start.line):\($0.range.start.column)" } == [
            "GL013 fixtures/mixed/axolotl-duplicate.yml:10:1",
            "GL000 fixtures/mixed/broken.adapter_config.json:3:10",
            "GL002 fixtures/mixed/duplicate-pattern.adapter_config.json:3:8",
            "GL007 fixtures/mixed/duplicate-pattern.adapter_config.json:5:46",
            "GL013 fixtures/mixed/duplicate-pattern.adapter_config.json:5:46",
            // PEFT 0.2's `enable_lora` and `merge_weights`: 0.3 to 0.13 raise on them (info on 0.18.1).
            "GL014 fixtures/mixed/llama-e.adapter_config.json:4:3",
            "GL014 fixtures/mixed/llama-e.adapter_config.json:10:3",
            "GL000 fixtures/mixed/merge-conflict.yaml:2:1",
        ])
    }

    /// Every real config in the wild corpus (fixtures/corpus/wild): no crash, and a stable set of findings that
    /// `fixtures/corpus-findings.md` reviews one by one.
    @Test func theWildCorpusLintsWithoutCrashing() throws {
        let corpus = Fixtures.corpus.path
        try #require(FileManager.default.fileExists(atPath: corpus), "corpus copy not found at \(corpus)")
        let files = FileDiscovery.files(in: [corpus]).files
        #expect(files.count >= 75)
        let linter = Linter(options: LintOptions())
        let fixer = Fixer(linter: linter, includeUnsafe: true)
        var changed: [String] = []
        for file in files {
            let data = FileManager.default.contents(atPath: file) ?? Data()
            let source = SourceText(path: file, bytes: [UInt8](data))
            _ = linter.lint(source)
            // --unsafe-fixes on every real config (in memory: the corpus is read-only).
            switch fixer.fix(source) {
            case .success(let outcome):
                if outcome.changed {
                    changed.append((file as NSString).lastPathComponent)
                    #expect(Parser.parse(SourceText(path: file, bytes: outcome.bytes)).problem == nil)
                }
            case .failure(let failure):
                Issue.record("fix failed on \(file): \(failure)")
            }
        }
        // No real config needs a fix today (fixtures/corpus-findings.md); a change here is reviewed.
        #expect(changed == [])
    }
}
