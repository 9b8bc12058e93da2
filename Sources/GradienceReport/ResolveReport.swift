import Foundation
import GradienceSyntax
import GradiencePEFT
import GradienceConfig
import GradienceEngine

/// `gradience-lint resolve`: what PEFT will train, module by module.
public enum ResolveReport {
    /// Trained ranks by module, when `adapter_model.safetensors` sits beside the config.
    static func comparisons(_ analysis: Linter.Analysis) -> [String: ModuleComparison]? {
        guard let weights = analysis.adapterWeights, let inventory = analysis.inventory, let resolution = analysis.resolution else { return nil }
        let rows = TrainedRanks.compare(lora: analysis.lora, inventory: inventory, resolution: resolution, weights: weights)
        return Dictionary(rows.map { ($0.module, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static func json(path: String, analysis: Linter.Analysis, version: PeftVersion) -> String {
        guard let inventory = analysis.inventory, let resolution = analysis.resolution else { return "{}\n" }
        let trained = comparisons(analysis)
        let modules: [JSONValue] = resolution.modules.map { module in
            var members: [(String, JSONValue)] = [
                ("name", .string(module.name)),
                ("parameter", module.parameter.map(JSONValue.string) ?? .null),
                ("r", number(module.r)),
                ("alpha", number(module.alpha)),
                ("scaling", module.scaling.isFinite ? .double(module.scaling) : .null),
                ("rank_key", module.rankKey.map(JSONValue.string) ?? .null),
                ("alpha_key", module.alphaKey.map(JSONValue.string) ?? .null),
                ("rank_keys_matching", .array(module.rankKeysMatching.map(JSONValue.string))),
                ("sorted_rank_key", module.sortedRankKey.map(JSONValue.string) ?? .null),
                ("alpha_keys_matching", .array(module.alphaKeysMatching.map(JSONValue.string))),
                ("sorted_alpha_key", module.sortedAlphaKey.map(JSONValue.string) ?? .null),
            ]
            if let row = trained?[module.name] {
                members.append(("trained_r", row.trainedRank.map(JSONValue.int) ?? .null))
                members.append(("trained_status", .string(row.status.rawValue)))
            }
            return .object(members)
        }
        let document: JSONValue = .object([
            ("path", .string(path)),
            ("peft_version", .string(version.description)),
            ("inventory", .object([
                ("source", .string(inventory.source.rawValue)),
                ("detail", .string(inventory.detail)),
                ("modules", .int(inventory.modules.count)),
            ])),
            ("format", .string(analysis.lora.format.rawValue)),
            ("modules", .array(modules)),
            ("unmatched_rank_keys", .array(resolution.unmatchedRankKeys.map(JSONValue.string))),
            ("unmatched_alpha_keys", .array(resolution.unmatchedAlphaKeys.map(JSONValue.string))),
            ("key_problems", .array(resolution.keyProblems.map { .object([("field", .string($0.field.rawValue)), ("key", .string($0.key)), ("problem", .string($0.problem.message))]) })),
            ("problems", .array(resolution.problems.map(JSONValue.string))),
        ])
        return document.rendered() + "\n"
    }

    /// The values the file does not fix (`${lora.rank}`, a `null` a command line fills in):
    /// shown unresolved, never replaced by a default; nil when every input is known.
    public static func unresolved(path: String, analysis: Linter.Analysis, json: Bool) -> String? {
        let lora = analysis.lora
        let names = lora.notStaticallyKnown.intersection(Linter.resolutionInputs).sorted()
        guard !names.isEmpty else { return nil }
        let rows = names.map { name -> (field: String, key: String?, value: String?) in
            let field = lora.field(name)
            return (name, field?.key, field.map { $0.value.scalar?.text ?? "…" })
        }
        if json {
            let document: JSONValue = .object([
                ("path", .string(path)),
                ("format", .string(lora.format.rawValue)),
                ("unresolved", .array(rows.map { row in
                    .object([("field", .string(row.field)), ("key", row.key.map(JSONValue.string) ?? .null),
                             ("value", row.value.map(JSONValue.string) ?? .null)])
                })),
                ("notes", .array(lora.transformations.map(JSONValue.string))),
            ])
            return document.rendered() + "\n"
        }
        var out = "\(path): \(lora.format.rawValue) config: not resolved, the file does not fix these values\n"
        for row in rows {
            out += "  \(row.field): " + (row.key.map { "\($0) = \(row.value ?? "")" } ?? "not set") + " (unresolved)\n"
        }
        for note in lora.transformations { out += "note: \(note)\n" }
        return out
    }

    public static func human(path: String, analysis: Linter.Analysis, version: PeftVersion) -> String {
        guard let inventory = analysis.inventory, let resolution = analysis.resolution else { return "" }
        var out = "\(path): \(analysis.lora.format.rawValue) config, PEFT \(version)\n"
        out += "inventory: \(inventory.detail) (\(inventory.modules.count) modules)\n\n"
        let trained = comparisons(analysis)
        var header = ["module", "r", "alpha", "scaling", "rank key", "alpha key"]
        if trained != nil { header += ["trained r", "status"] }
        let rows = resolution.modules.map { module -> [String] in
            var row = [module.name, LoraSettings.format(module.r), LoraSettings.format(module.alpha), scalingText(module.scaling),
                       module.rankKey ?? "(default r)", module.alphaKey ?? "(default lora_alpha)"]
            if let trained {
                let comparison = trained[module.name]
                row += [comparison?.trainedRank.map(String.init) ?? "-", comparison.map { $0.status == .ok ? "ok" : "MISMATCH: \($0.status.rawValue)" } ?? "-"]
            }
            return row
        }
        // Names and keys come from the files: escaped, so the table stays a table.
        out += table([header] + rows.map { $0.map(TerminalEscaping.escape) })
        if let trained {
            let extra = trained.values.filter { $0.status == .trainedNotTargeted }.map(\.module).sorted()
            if !extra.isEmpty { out += "trained but not targeted by this config: \(extra.joined(separator: ", "))\n" }
        }
        out += "\n\(resolution.modules.count) module\(resolution.modules.count == 1 ? "" : "s") adapted"
        switch resolution.effectiveTargets.source {
        case .modelTypeDefault: out += " (target_modules not set: PEFT's defaults for \(inventory.modelType ?? "this model"))"
        case .allLinear: out += " (all-linear)"
        default: break
        }
        out += "\n"
        var histogram: [Double: Int] = [:]
        for module in resolution.modules { histogram[module.r, default: 0] += 1 }
        out += "ranks: " + histogram.sorted { $0.key < $1.key }.map { "r=\(LoraSettings.format($0.key)) ×\($0.value)" }.joined(separator: ", ") + "\n"
        let scalings = Set(resolution.modules.map { scalingText($0.scaling) }).sorted()
        out += "scalings: " + scalings.joined(separator: ", ") + (scalings.count > 1 ? "  (differs across modules)" : "") + "\n"
        let unmatched = resolution.unmatchedRankKeys.map { "rank_pattern '\(TerminalEscaping.escape($0))'" }
            + resolution.unmatchedAlphaKeys.map { "alpha_pattern '\(TerminalEscaping.escape($0))'" }
        if !unmatched.isEmpty { out += "keys that match no adapted module: " + unmatched.joined(separator: ", ") + "\n" }
        for problem in resolution.keyProblems { out += "key not evaluated: \(problem.field.rawValue) '\(TerminalEscaping.escape(problem.key))': \(TerminalEscaping.escape(problem.problem.message))\n" }
        let contested = resolution.modules.filter { module in
            Set(module.rankKeysMatching.compactMap { key in analysis.lora.spec.rankPattern.first { $0.key == key }?.value }).count > 1
        }
        if !contested.isEmpty {
            out += "modules matched by several rank keys with different values: \(contested.count) (" + contested.prefix(3).map { "\($0.name): \($0.rankKeysMatching.joined(separator: " vs "))" }.joined(separator: "; ") + (contested.count > 3 ? "; …" : "") + ")\n"
            let flips = contested.filter { $0.sortedRankKey != $0.rankKey }
            if !flips.isEmpty { out += "  after save_pretrained (sorted keys) \(flips.count) of them resolve differently\n" }
        }
        for problem in resolution.problems { out += "note: \(problem)\n" }
        return out
    }

    private static func number(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
    }

    static func scalingText(_ value: Double) -> String {
        guard value.isFinite else { return "inf" }
        let rounded = (value * 10_000).rounded() / 10_000
        return LoraSettings.format(rounded)
    }

    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = first.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var out = ""
        for (rowIndex, row) in rows.enumerated() {
            let cells = row.enumerated().map { index, cell in
                // Numbers right-aligned, text left-aligned.
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return (1...3).contains(index) ? pad + cell : cell + pad
            }
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
            if rowIndex == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }
}
