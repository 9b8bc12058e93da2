import Foundation
import Testing
@testable import GradienceLint

/// A fresh clone has no `../shared` beside it, so the tests read copies inside the
/// repository. Where `../shared` exists (CI), the copies must still equal it.
@Suite struct FreshCloneTests {
    /// Relative path → bytes of every file under `root`.
    static func files(under root: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            result[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = FileManager.default.contents(atPath: url.path)
        }
        return result
    }

    @Test(.enabled(if: Fixtures.sharedFolderExists, "../shared is absent (a fresh clone): nothing to compare the copies with"))
    func theCorpusCopyEqualsTheSharedCorpus() {
        let copy = Self.files(under: Fixtures.corpus)
        let shared = Self.files(under: Fixtures.sharedFolder.appendingPathComponent("corpus/wild"))
        #expect(copy.count >= 75)
        #expect(copy.keys.sorted() == shared.keys.sorted())
        #expect(copy.filter { shared[$0.key] != $0.value }.keys.sorted() == [])
    }

    @Test(.enabled(if: Fixtures.sharedFolderExists, "../shared is absent (a fresh clone): nothing to compare the copies with"))
    func theSchemaCopyEqualsTheSharedSchema() {
        let shared = FileManager.default.contents(atPath: Fixtures.sharedFolder.appendingPathComponent("schemas/sarif-schema-2.1.0.json").path)
        #expect(shared != nil)
        #expect(FileManager.default.contents(atPath: SchemaValidator.sarifSchema.path) == shared)
    }

    /// No test reads `../shared` at run time unless it skips, saying so, when it is absent
    /// (a whole-corpus test): a fresh clone's tests need nothing beside the repository.
    @Test func noTestNeedsTheSharedFolder() throws {
        let tests = Fixtures.url("Tests")
        let offenders = Self.files(under: tests).filter { path, data in
            let text = String(decoding: data, as: UTF8.self)
            return path.hasSuffix(".swift") && !path.hasSuffix("Support/Fixtures.swift") && !path.hasSuffix("FreshCloneTests.swift")
                && text.contains("\"shared/") && !text.contains(".enabled(if:")
        }
        #expect(offenders.keys.sorted() == [])
    }

    /// A helper process that dies before reading its input fails its own test (an error
    /// here), not the test run: without SIGPIPE ignored, this write would kill the runner.
    @Test func aHelperThatDiesBeforeReadingFailsOneTest() {
        let missing = URL(fileURLWithPath: "/nonexistent/schema.json")
        let large = "[" + String(repeating: "0,", count: 200_000) + "0]"   // over a pipe's buffer
        #expect(throws: SchemaValidator.Unavailable.self) { try SchemaValidator.violations(of: large, schema: missing) }
    }
}
