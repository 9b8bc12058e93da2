import Foundation
@testable import GradienceLint

/// Locates the package's files from the test source, not a bundle: fixtures stay plain
/// files that reviewers can read and regenerate.
enum Fixtures {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    static func url(_ relative: String) -> URL { packageRoot.appendingPathComponent(relative) }

    static func source(_ relative: String) -> SourceText {
        let data = FileManager.default.contents(atPath: url(relative).path) ?? Data()
        return SourceText(path: relative, bytes: [UInt8](data))
    }

    /// The wild corpus of real configs, copied into the repository (`fixtures/corpus/wild`)
    /// so that a fresh clone's tests need nothing beside it.
    static var corpus: URL { url("fixtures/corpus/wild") }

    /// The project's shared reference folder beside the repository (present in CI, absent
    /// in a fresh clone); only the tests that check the copies against it read it.
    static var sharedFolder: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared") }
    static var sharedFolderExists: Bool { FileManager.default.fileExists(atPath: sharedFolder.path) }

    static func settings(_ relative: String) -> ConfigExtractor.Outcome {
        let parsed = Parser.parse(source(relative))
        return ConfigExtractor.extract(from: parsed.documents[0])
    }

    static func text(_ yaml: String, path: String = "t.yaml") -> SourceText {
        SourceText(path: path, bytes: Array(yaml.utf8))
    }
}
