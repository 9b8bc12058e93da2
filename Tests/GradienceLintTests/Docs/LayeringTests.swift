import Foundation
import Testing

/// The layers of docs/architecture.md as Package.swift declares them (issue 29): every
/// `import Gradience…` in a layer's sources names a layer that layer depends on. The
/// compiler refuses the others only in a clean build: an incremental one finds a module
/// built earlier for another target, which is how a stray import once reached main.
@Suite struct LayeringTests {
    /// Package.swift's `layers` table: each layer with the modules it may import.
    static func declaredLayers() -> [(name: String, dependencies: Set<String>)] {
        let manifest = (try? String(contentsOf: Fixtures.url("Package.swift"), encoding: .utf8)) ?? ""
        guard let start = manifest.range(of: "let layers"), let end = manifest.range(of: "let package", range: start.upperBound..<manifest.endIndex) else {
            return []
        }
        let table = String(manifest[start.upperBound..<end.lowerBound])
        let row = try! NSRegularExpression(pattern: #"\("(\w+)",\s*\[([^\]]*)\]"#)
        return row.matches(in: table, range: NSRange(table.startIndex..., in: table)).map { match in
            let name = (table as NSString).substring(with: match.range(at: 1))
            let list = (table as NSString).substring(with: match.range(at: 2))
            let dependencies = list.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n\"")) }
            return (name, Set(dependencies.filter { !$0.isEmpty }))
        }
    }

    /// The `import Gradience…` lines of every Swift file under a module's folder.
    static func imports(of module: String) -> [(file: String, module: String)] {
        let folder = Fixtures.url("Sources/\(module)")
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if let index = words.firstIndex(of: "import"), index + 1 < words.count, words[index + 1].hasPrefix("Gradience"),
                   words[..<index].allSatisfy({ $0.hasPrefix("@") }) {
                    found.append((file.lastPathComponent, String(words[index + 1])))
                }
            }
        }
        return found
    }

    @Test func theManifestDeclaresTheLayersBottomUp() {
        let layers = Self.declaredLayers()
        #expect(layers.map(\.name) == ["GradienceSyntax", "GradienceTransformer", "GradienceInventory", "GradiencePEFT",
                                       "GradienceConfig", "GradienceRules", "GradienceEngine", "GradienceReport", "GradienceServer"])
        // Bottom up: a layer depends only on layers listed before it.
        for (index, layer) in layers.enumerated() {
            let below = Set(layers[..<index].map(\.name))
            let own = layer.dependencies.filter { $0.hasPrefix("Gradience") }
            #expect(own.isSubset(of: below), "\(layer.name) depends on \(own.subtracting(below).sorted()), not below it")
        }
        #expect(layers.first { $0.name == "GradienceSyntax" }?.dependencies.contains { $0.hasPrefix("Gradience") } == false)
    }

    @Test func everyImportIsADeclaredDependency() {
        let layers = Self.declaredLayers()
        #expect(layers.count == 9)
        for layer in layers {
            let imports = Self.imports(of: layer.name)
            #expect(!imports.isEmpty || layer.name == "GradienceSyntax", "\(layer.name): no sources read")
            for (file, module) in imports where !layer.dependencies.contains(module) {
                Issue.record("\(layer.name)/\(file) imports \(module), which \(layer.name) does not depend on")
            }
        }
    }
}
