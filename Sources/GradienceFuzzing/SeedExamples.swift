import GradienceLint

/// Every rule example's text (markers removed), as seeds for the fuzzer: they reach
/// each rule's triggering path, which the wild corpus mostly does not.
public enum SeedExamples {
    public static func all() -> [(name: String, text: String)] {
        var seeds: [(String, String)] = []
        for rule in RuleRegistry.all {
            for (index, example) in rule.metadata.examples.enumerated() {
                let text = example.yaml.filter { $0 != RuleExample.marker }
                seeds.append(("\(rule.metadata.code)-\(index).yaml", text))
                if let fixed = example.fixed { seeds.append(("\(rule.metadata.code)-\(index)-fixed.yaml", fixed)) }
            }
        }
        return seeds
    }
}
