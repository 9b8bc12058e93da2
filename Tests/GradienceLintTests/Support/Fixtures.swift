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

    /// The shared corpus of real configs (read-only), beside the repository.
    static var corpus: URL { packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/wild") }

    static func settings(_ relative: String) -> ConfigExtractor.Outcome {
        let parsed = Parser.parse(source(relative))
        return ConfigExtractor.extract(from: parsed.documents[0])
    }

    static func text(_ yaml: String, path: String = "t.yaml") -> SourceText {
        SourceText(path: path, bytes: Array(yaml.utf8))
    }
}
