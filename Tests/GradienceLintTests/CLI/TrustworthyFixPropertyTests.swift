import Foundation
import Testing
@testable import GradienceLint

/// The property behind issue 15, through the binary: after `--fix` (and after `--fix
/// --unsafe-fixes`) a folder's findings are a subset of its findings before. "The same
/// finding" is the rule and the key path, since positions move: a key GL001 renamed keeps
/// its old name, and a rule with one finding per config (GL007) is told apart by code.
@Suite struct TrustworthyFixPropertyTests {
    struct Identity: Hashable, CustomStringConvertible {
        let path: String
        let code: String
        let keyPath: String
        var description: String { "\(code) \(path) \(keyPath)" }
    }

    static func identities(_ json: String, root: String) throws -> (Set<Identity>, [String: String]) {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        var found: Set<Identity> = []
        var messages: [String: String] = [:]
        for diagnostic in object?["diagnostics"] as? [[String: Any]] ?? [] {
            let code = diagnostic["code"] as? String ?? ""
            let path = String((diagnostic["path"] as? String ?? "").dropFirst(root.count))
            let keyPath = RuleRegistry.rule(code: code)?.metadata.oneFindingPerConfig == true ? ""
                : (diagnostic["key_path"] as? String ?? "").split(separator: "/", omittingEmptySubsequences: false)
                    .map { PrefixedPatternKey.stripped(String($0))?.key ?? String($0) }.joined(separator: "/")
            let identity = Identity(path: path, code: code, keyPath: keyPath)
            found.insert(identity)
            messages[identity.description] = diagnostic["message"] as? String
        }
        return (found, messages)
    }

    /// Copies `folder`, fixes the copy, and returns the findings the fix added (none, if it holds).
    static func addedFindings(in folder: URL, flags: [String], excluding: [String] = []) throws -> [String] {
        let copy = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gl-property-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: folder, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        for relative in excluding { try? FileManager.default.removeItem(at: copy.appendingPathComponent(relative)) }
        // Copies of read-only corpus files must be writable for the fix to write them.
        let files = FileManager.default.enumerator(at: copy, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in [copy] + files { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path) }
        let root = copy.path + "/"
        let before = try CLI.run(["check", "--format", "json", "--exit-zero", copy.path])
        let fixed = try CLI.run(["check", "--format", "json", "--exit-zero"] + flags + [copy.path])
        let (old, _) = try identities(before.stdout, root: root)
        let (new, messages) = try identities(fixed.stdout, root: root)
        #expect(!fixed.stderr.contains("fix refused"), "\(fixed.stderr)")
        return new.subtracting(old).map { "\($0): \(messages[$0.description] ?? "")" }.sorted()
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
