import Testing
@testable import GradienceLint

/// One generic test runs every rule's examples, as written (YAML block), in YAML flow
/// style and as JSON: triggering examples fire exactly where marked, clean ones never.
@Suite struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let code: String
        let index: Int
        var testDescription: String { "\(code) example \(index + 1)" }
        var metadata: RuleMetadata { RuleRegistry.rule(code: code)!.metadata }
        var example: RuleExample { metadata.examples[index] }
    }

    static let cases: [Case] = RuleRegistry.all.flatMap { rule in
        rule.metadata.examples.indices.map { Case(code: rule.metadata.code, index: $0) }
    }

    @Test(arguments: cases)
    func examplesFireExactlyWhereMarked(_ testCase: Case) throws {
        let example = testCase.example
        let marked = MarkedText(example.yaml)
        let expectedCount = example.kind == .triggering ? marked.markerOffsets.count : 0
        if example.kind == .triggering {
            #expect(expectedCount > 0, "a triggering example needs at least one ↓ marker")
        }
        let parsed = Parser.parse(SourceText(path: "example.yaml", bytes: Array(marked.text.utf8)))
        if testCase.code != SyntaxError.metadata.code {
            try #require(parsed.problem == nil, "example does not parse: \(parsed.problem!.message)")
        }

        var variants: [(String, String)] = [("example.yaml", example.yaml)]
        if parsed.problem == nil, let root = parsed.documents.first {
            let markers = Set(marked.markerOffsets)
            variants.append(("example-flow.yaml", ExampleVariants.render(root, markers: markers, style: .flow)))
            variants.append(("adapter_config.json", ExampleVariants.render(root, markers: markers, style: .json)))
        }
        for (path, text) in variants {
            let variant = MarkedText(text)
            let diagnostics = ExampleRunner.lint(variant.text, path: path, example: example).filter { $0.code == testCase.code }
            let fired = diagnostics.map(\.range.start.offset).sorted()
            let expected = example.kind == .triggering ? variant.markerOffsets.sorted() : []
            if example.kind == .fix {
                #expect(!diagnostics.isEmpty, "\(path): a fix example must trigger the rule")
                continue
            }
            #expect(fired == expected, "\(path): fired at \(fired), expected \(expected)\n\(variant.text)\n\(diagnostics.map(\.message))")
        }
    }
}

/// Every fix example: `--fix` (or `--unsafe-fixes`) turns the example into exactly its
/// `fixed` text, and fixing that again changes nothing.
@Suite struct RuleFixExampleTests {
    static let cases: [RuleExampleTests.Case] = RuleExampleTests.cases.filter { $0.example.kind == .fix }

    @Test(arguments: cases)
    func fixExamplesProduceTheirFixedText(_ testCase: RuleExampleTests.Case) throws {
        let example = testCase.example
        let linter = Linter(options: ExampleRunner.options(for: example))
        let fixer = Fixer(linter: linter, includeUnsafe: example.unsafe)
        let before = SourceText(path: "example.yaml", bytes: Array(MarkedText(example.yaml).text.utf8))
        let outcome = try fixer.fix(before).get()
        #expect(String(decoding: outcome.bytes, as: UTF8.self) == example.fixed)
        #expect(outcome.applied[testCase.code] != nil, "the rule's own fix was not applied: \(outcome.applied)")
        let again = try fixer.fix(SourceText(path: "example.yaml", bytes: outcome.bytes)).get()
        #expect(!again.changed, "not idempotent: \(again.applied)")
    }
}
