@testable import GradienceLint

/// Lints a rule example the way the CLI would, with the example's settings.
enum ExampleRunner {
    static func options(for example: RuleExample) -> LintOptions {
        var options = LintOptions()
        if let model = example.model {
            let parts = model.split(separator: ":")
            options.model.architecture = String(parts[0])
            options.model.numLayers = Int(parts[1])
        }
        for (key, value) in example.settings {
            let node = Parser.parse(SourceText(path: "s.yaml", bytes: Array(value.utf8))).documents.first
            switch key {
            case "allowed-ranks": options.allowedRanks = node?.items?.compactMap { $0.scalar?.value.intValue }
            case "pattern-style": options.patternStyle = LintOptions.PatternStyle(rawValue: value) ?? .complete
            case "peft-version":
                guard let version = PeftVersion(value) else { fatalError("example peft-version \(value) is not a version") }
                options.peftVersion = version
            case "transformers-version":
                guard let version = TransformersVersion(value) else { fatalError("example transformers-version \(value) is not a version") }
                options.transformersVersion = version
            case "model-dir": options.model.modelDirectory = Fixtures.url(value).path
            case "require-inventory": options.requireInventory = value == "true"
            default: fatalError("example setting \(key) is not supported by the example runner")
            }
        }
        return options
    }

    static func lint(_ text: String, path: String, example: RuleExample) -> [Diagnostic] {
        Linter(options: options(for: example)).lint(SourceText(path: path, bytes: Array(text.utf8))).diagnostics
    }
}
