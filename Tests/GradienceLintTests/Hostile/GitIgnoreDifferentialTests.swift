import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceEngine

/// Issue 28: `.gitignore` means what it means to git. `fixtures/gitignore/differential.json`
/// holds 1,000 random rule sets over random trees plus the listed cases (escapes,
/// POSIX classes, a BOM, `dir/**` then `!dir/file`, CRLF), each with the files git keeps
/// (`git ls-files --others --exclude-standard`), made by `scripts/gitignore-differential.py`.
/// Git is the oracle, recorded in the fixture so this test needs no git.
@Suite struct GitIgnoreDifferentialTests {
    struct Case: Decodable {
        let ignores: [String: String]
        let tree: [String]
        let kept: [String]
    }

    struct Fixture: Decodable {
        let git: String
        let cases: [Case]
    }

    static let fixture: Fixture = {
        let data = try! Data(contentsOf: Fixtures.url("fixtures/gitignore/differential.json"))
        return try! JSONDecoder().decode(Fixture.self, from: data)
    }()

    /// The files a walk keeps: each folder on the way is tested before going in (nothing
    /// below an ignored folder comes back), then the file, against the `.gitignore` files
    /// from the root down to its folder, the deepest deciding.
    static func kept(_ testCase: Case) -> [String] {
        let root = "/r"
        func stack(for folder: [Substring]) -> [GitIgnore] {
            (0...folder.count).compactMap { depth in
                let place = folder.prefix(depth).joined(separator: "/")
                guard let text = testCase.ignores[place] else { return nil }
                return GitIgnore(base: place.isEmpty ? root : root + "/" + place, bytes: Array(text.utf8))
            }
        }
        return testCase.tree.filter { path in
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            for depth in 1...components.count {
                let isFolder = depth < components.count
                let absolute = root + "/" + components.prefix(depth).joined(separator: "/")
                if GitIgnore.ignores(stack(for: Array(components.prefix(depth - 1))), absolutePath: absolute, isFolder: isFolder) { return false }
            }
            return true
        }
    }

    @Test func everyCaseKeepsWhatGitKeeps() {
        let cases = Self.fixture.cases
        #expect(cases.count >= 1_000)
        var disagreements: [String] = []
        for (index, testCase) in cases.enumerated() {
            let ours = Self.kept(testCase)
            if Self.byBytes(ours) != Self.byBytes(testCase.kept) {
                disagreements.append("case \(index) \(testCase.ignores): git keeps \(testCase.kept), we keep \(ours)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(cases.count) disagree with \(Self.fixture.git):\n\(disagreements.prefix(10).joined(separator: "\n"))")
    }

    @Test func theListedCasesThroughTheRealWalk() throws {
        // The cases (escapes, a POSIX class, a BOM, `dir/**` then `!dir/file`,
        // `d/` then `!d/file`, CRLF), on disk, through FileDiscovery.
        for testCase in Self.fixture.cases.prefix(7) {
            let folder = try CLIRunner.temporaryFolder("listed")
            try FileManager.default.createDirectory(atPath: folder + "/.git", withIntermediateDirectories: true)
            for path in testCase.tree {
                try FileManager.default.createDirectory(atPath: ((folder + "/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try CLIRunner.write("r: 8\n", to: folder + "/" + path)
            }
            for (place, text) in testCase.ignores {
                try CLIRunner.write(text, to: folder + "/" + (place.isEmpty ? "" : place + "/") + ".gitignore")
            }
            let walked = FileDiscovery.discover(in: [folder], respectGitignore: { _ in true }).files
                .map { String($0.dropFirst(folder.count + 1)) }
            #expect(Self.byBytes(walked) == Self.byBytes(testCase.kept), "\(testCase.ignores)")
        }
    }

    /// Sorted as bytes (as git sorts), so NFC/NFD twins stay two entries in a fixed order.
    static func byBytes(_ paths: [String]) -> [[UInt8]] {
        paths.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
