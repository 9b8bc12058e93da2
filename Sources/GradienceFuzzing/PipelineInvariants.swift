import Foundation
import GradienceLint

/// The whole pipeline on one input — parse → extract → resolve → lint → report → fix —
/// with its invariants checked. The fuzz target calls this on every input libFuzzer
/// makes; the tests call it on every crasher the fuzzer found.
public enum PipelineInvariants {
    /// Catalog inventories are built once per process, not once per input.
    static let inventories = InventoryCache()

    /// The options every input is linted with: a two-layer llama inventory, so the PEFT
    /// resolver and the rules that need an inventory run too.
    public static let options: LintOptions = {
        var options = LintOptions()
        options.model.architecture = "llama"
        options.model.numLayers = 2
        return options
    }()

    /// Checks `bytes` as YAML and as JSON. `strict` also counts a fix round that the
    /// Transformer refused because its own output did not parse (fail-closed, but a bug).
    public static func check(_ bytes: [UInt8], strict: Bool = false) -> [Violation] {
        check(SourceText(path: "fuzz.yaml", bytes: bytes), strict: strict)
            + check(SourceText(path: "fuzz.json", bytes: bytes), strict: strict)
    }

    public static func check(_ source: SourceText, strict: Bool = false) -> [Violation] {
        let linter = Linter(options: options, inventories: inventories)
        let result = linter.lint(source)
        var violations: [Violation] = []
        if let problem = result.parsed.problem {
            violations += SpanInvariants.check(problem.range, in: source, what: "syntax problem '\(problem.message.prefix(80))'")
        }
        violations += SpanInvariants.check(result.diagnostics, in: source)
        violations += reportViolations(result)
        violations += FixInvariants.check(source, linter: linter, strict: strict, unsafe: false)
        if result.diagnostics.contains(where: { $0.fix?.applicability == .unsafe }) {
            violations += FixInvariants.check(source, linter: linter, strict: strict, unsafe: true)
        }
        return violations
    }

    /// Both reports render, and the JSON one is JSON.
    static func reportViolations(_ result: Linter.FileResult) -> [Violation] {
        let json = JSONReport.render(result.diagnostics, filesChecked: 1)
        let human = HumanReport(color: false)
        for diagnostic in result.diagnostics { _ = human.render(diagnostic, source: result.source) }
        guard (try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil else {
            return [Violation("JSON report is not JSON", String(json.prefix(200)))]
        }
        return OutputInjectionInvariants.check(result)
    }
}
