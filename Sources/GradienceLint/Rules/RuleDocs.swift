/// Renders a rule's documentation page from its metadata (`rules/GL001-….md`).
public enum RuleDocs {
    public static func fileName(for metadata: RuleMetadata) -> String { "\(metadata.code)-\(metadata.name).md" }

    public static func page(for metadata: RuleMetadata) -> String {
        var out = "# \(metadata.code) \(metadata.name)\n\n"
        out += "Default severity: **\(metadata.severity.rawValue)**. Fix: **\(metadata.fix.applicability?.rawValue ?? "none")**.\n\n"
        out += "\(metadata.summary)\n\n"
        out += "## What it does\n\n\(metadata.description)\n\n"
        out += "## Why it matters\n\n\(metadata.why)\n\n"
        let triggering = metadata.examples.filter { $0.kind == .triggering }
        let clean = metadata.examples.filter { $0.kind == .clean }
        let fixes = metadata.examples.filter { $0.kind == .fix }
        if !triggering.isEmpty {
            out += "## Example\n\n"
            for example in triggering { out += block(example.yaml.replacingOccurrences(of: String(RuleExample.marker), with: ""), example) }
        }
        if !clean.isEmpty {
            out += "## Clean\n\n"
            for example in clean { out += block(example.yaml, example) }
        }
        out += "## Fix\n\n\(metadata.fix.description)\n\n"
        for example in fixes {
            out += "Before:\n\n" + block(example.yaml.replacingOccurrences(of: String(RuleExample.marker), with: ""), example)
            out += "After\(example.unsafe ? " (`--unsafe-fixes`)" : ""):\n\n" + block(example.fixed ?? "", nil)
        }
        if !metadata.settings.isEmpty {
            out += "## Settings\n\n" + metadata.settings.map { "- `\($0)`" }.joined(separator: "\n") + "\n"
        }
        return out
    }

    private static func block(_ yaml: String, _ example: RuleExample?) -> String {
        var out = ""
        if let example {
            var context: [String] = []
            if let model = example.model { context.append("model `\(model)`") }
            for (key, value) in example.settings.sorted(by: { $0.key < $1.key }) { context.append("`\(key): \(value)`") }
            if !context.isEmpty { out += "With " + context.joined(separator: ", ") + ":\n\n" }
            if let note = example.note { out += note + "\n\n" }
        }
        return out + "```yaml\n" + yaml + (yaml.hasSuffix("\n") ? "" : "\n") + "```\n\n"
    }
}
