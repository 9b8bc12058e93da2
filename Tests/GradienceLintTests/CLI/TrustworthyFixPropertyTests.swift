import Foundation
import Testing
@testable import GradienceLint

/// The property behind issues 15 and 23, through the binary: after `--fix` (and after
/// `--fix --unsafe-fixes`) a folder's findings are a subset of its findings before and of
/// the findings of its *intended* configs (each file with every GL001 key stripped, so
/// every key applies as written): a fix never creates a problem of its own making, while
/// what the file's own values say once they apply (GL007's scalings) is the file's. "The
/// same finding" is the rule and the key path, since positions move: a key GL001 renamed
/// keeps its stripped name, and a rule with one finding per config (GL007) is told apart
/// by code.
@Suite struct TrustworthyFixPropertyTests {
    struct Identity: Hashable, CustomStringConvertible {
        let path: String
        let code: String
        let keyPath: String
        var description: String { "\(code) \(path) \(keyPath)" }
    }

    /// A finding named by file, rule and key path, GL001's keys stripped (a renamed key is
    /// the same setting); a rule with one finding per config by rule alone.
    static func identity(path: String, code: String, keyPath: String) -> Identity {
        let keyPath = RuleRegistry.rule(code: code)?.metadata.oneFindingPerConfig == true ? ""
            : keyPath.split(separator: "/", omittingEmptySubsequences: false)
                .map { PrefixedPatternKey.stripped(String($0))?.key ?? String($0) }.joined(separator: "/")
        return Identity(path: path, code: code, keyPath: keyPath)
    }

    /// A JSON report's diagnostics, each with its identity.
    static func diagnostics(_ json: String, root: String) throws -> [(identity: Identity, diagnostic: [String: Any])] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["diagnostics"] as? [[String: Any]] ?? []).map { diagnostic in
            (identity(path: String((diagnostic["path"] as? String ?? "").dropFirst(root.count)), code: diagnostic["code"] as? String ?? "",
                      keyPath: diagnostic["key_path"] as? String ?? ""), diagnostic)
        }
    }

    static func identities(_ json: String, root: String) throws -> (Set<Identity>, [String: String]) {
        var found: Set<Identity> = []
        var messages: [String: String] = [:]
        for (identity, diagnostic) in try diagnostics(json, root: root) {
            found.insert(identity)
            messages[identity.description] = diagnostic["message"] as? String
        }
        return (found, messages)
    }

    static func writableCopy(of folder: URL) throws -> URL {
        let copy = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-property-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: copy)
        // Copies of read-only corpus files must be writable for the fix to write them.
        let files = FileManager.default.enumerator(at: copy, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in [copy] + files { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path) }
        return copy
    }

    /// Rewrites each config under `folder` as it evidently means itself: every rename GL001
    /// proposes applied (`Fixer.intendedSource`), linted with the settings `check` finds for it.
    static func makeIntended(_ folder: URL) throws {
        let settings = ServerSettings()
        for path in FileDiscovery.files(in: [folder.path]).files where !path.hasSuffix(Settings.fileName) {
            guard case .success(let options) = settings.options(forDocumentAt: path),
                  let data = FileManager.default.contents(atPath: path) else { continue }
            let source = SourceText(path: path, bytes: Array(data))
            guard let intended = Fixer.intendedSource(source, Linter(options: options).lint(source)) else { continue }
            try Data(intended.bytes).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Copies `folder`, fixes the copy, and returns the findings the fix added (none, if it holds).
    static func addedFindings(in folder: URL, flags: [String], excluding: [String] = []) throws -> [String] {
        let copy = try writableCopy(of: folder), intendedCopy = try writableCopy(of: folder)
        defer {
            try? FileManager.default.removeItem(at: copy)
            try? FileManager.default.removeItem(at: intendedCopy)
        }
        for relative in excluding {
            try? FileManager.default.removeItem(at: copy.appendingPathComponent(relative))
            try? FileManager.default.removeItem(at: intendedCopy.appendingPathComponent(relative))
        }
        try makeIntended(intendedCopy)
        let root = copy.path + "/"
        let before = try CLI.run(["check", "--format", "json", "--exit-zero", copy.path])
        let intended = try CLI.run(["check", "--format", "json", "--exit-zero", intendedCopy.path])
        let fixed = try CLI.run(["check", "--format", "json", "--exit-zero"] + flags + [copy.path])
        let (old, _) = try identities(before.stdout, root: root)
        let (meant, _) = try identities(intended.stdout, root: intendedCopy.path + "/")
        let (new, messages) = try identities(fixed.stdout, root: root)
        #expect(!fixed.stderr.contains("fix refused"), "\(fixed.stderr)")
        return new.subtracting(old).subtracting(meant).map { "\($0): \(messages[$0.description] ?? "")" }.sorted()
    }

    static let modes = [["--fix"], ["--fix", "--unsafe-fixes"]]

    @Test(arguments: modes)
    func fixingEveryFixtureAddsNoFinding(_ flags: [String]) throws {
        // The held-out corpus is measured (scripts/heldout-measure.py, which checks this property
        // on it too), never tuned on file by file, so it is not part of the fixtures' property.
        #expect(try Self.addedFindings(in: Fixtures.url("fixtures"), flags: flags, excluding: ["heldout"]) == [])
    }

    @Test(arguments: modes)
    func fixingTheCorpusSampleAddsNoFinding(_ flags: [String]) throws {
        let sample = Fixtures.url("fixtures/corpus-sample")
        #expect(try Self.addedFindings(in: sample, flags: flags) == [])
        // The sample keeps its true positives; the false positives it was picked for went
        // with issue 14's format recognition. (The real corpora hold no fixable finding
        // today, so the fixtures above carry most of the property's weight.) GL014 fires on
        // the BD-LoRA config only for a PEFT older than 0.19, which drops `use_bdlora`.
        let run = try CLI.run(["check", "--format", "json", "--exit-zero", sample.path])
        let (found, _) = try Self.identities(run.stdout, root: sample.path + "/")
        #expect(Set(found.map(\.code)) == ["GL009", "GL015"])
        let old = try CLI.run(["check", "--format", "json", "--exit-zero", "--peft-version", "0.18.1", sample.path])
        #expect(Set(try Self.identities(old.stdout, root: sample.path + "/").0.map(\.code)) == ["GL009", "GL014", "GL015"])
    }

    /// The whole shared corpus, when it sits beside the repository (a fresh clone has none).
    @Test(arguments: modes)
    func fixingTheSharedCorpusAddsNoFinding(_ flags: [String]) throws {
        let shared = Fixtures.sharedFolder.appendingPathComponent("corpus")
        let folders = ["wild", "realworld"].map { shared.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !folders.isEmpty else {
            print("skipped: no shared corpus at \(shared.path) (a fresh clone has none; fixtures/corpus-sample stands in)")
            return
        }
        for folder in folders {
            #expect(try Self.addedFindings(in: folder, flags: flags) == [], "\(folder.lastPathComponent)")
        }
    }
}
