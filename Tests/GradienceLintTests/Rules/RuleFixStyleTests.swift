import Foundation
import Testing
@testable import GradienceLint
@testable import GradienceEngine

/// Every fix example in every style the Transformer must keep: JSON, YAML flow, YAML block
/// with CRLF line endings, with a BOM, and without a final newline. The fixed file must
/// mean exactly what the example's `fixed` text means, keep the style it came in, and be
/// a fixpoint.
@Suite struct RuleFixStyleTests {
    enum Style: String, CaseIterable, Sendable { case json, flow, crlf, bom, noFinalNewline = "no-final-newline" }

    struct Case: CustomTestStringConvertible, Sendable {
        let example: RuleExampleTests.Case
        let style: Style
        var testDescription: String { "\(example.testDescription) as \(style.rawValue)" }
    }

    static let cases: [Case] = RuleFixExampleTests.cases.flatMap { example in Style.allCases.map { Case(example: example, style: $0) } }

    private static func variant(_ yaml: String, _ style: Style) -> (path: String, bytes: [UInt8]) {
        switch style {
        case .json, .flow:
            let root = Parser.parse(SourceText(path: "e.yaml", bytes: Array(yaml.utf8))).documents[0]
            let text = ExampleVariants.render(root, markers: [], style: style == .json ? .json : .flow)
            return (style == .json ? "adapter_config.json" : "example.yaml", Array(text.utf8))
        case .crlf: return ("example.yaml", Array(yaml.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        case .bom: return ("example.yaml", [0xEF, 0xBB, 0xBF] + Array(yaml.utf8))
        case .noFinalNewline: return ("example.yaml", Array(yaml.utf8.dropLast()))
        }
    }

    @Test(arguments: cases)
    func fixKeepsMeaningAndStyle(_ testCase: Case) throws {
        let example = testCase.example.example
        let (path, bytes) = Self.variant(MarkedText(example.yaml).text, testCase.style)
        let fixer = Fixer(linter: Linter(options: ExampleRunner.options(for: example)), includeUnsafe: example.unsafe)
        let outcome = try fixer.fix(SourceText(path: path, bytes: bytes)).get()
        #expect(outcome.applied[testCase.example.code] != nil, "not applied: \(outcome.applied)")

        let fixed = Parser.parse(SourceText(path: path, bytes: outcome.bytes))
        let expected = Parser.parse(SourceText(path: "expected.yaml", bytes: Array(example.fixed!.utf8)))
        var budget = 100_000
        let differences = ValueTreeDiff.differences(expected.documents.first, fixed.documents.first, budget: &budget)
        #expect(differences.isEmpty, "means something else at \(differences):\n\(String(decoding: outcome.bytes, as: UTF8.self))")

        let text = String(decoding: outcome.bytes, as: UTF8.self)
        switch testCase.style {
        case .json:
            #expect(fixed.documents.first?.collectionStyle == .flow)
        case .flow:
            #expect(!text.dropLast().contains("\n"), "flow style became block:\n\(text)")
        case .crlf:
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare LF crept in")
        case .bom:
            #expect(outcome.bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        case .noFinalNewline:
            #expect(outcome.bytes.last != 0x0A)
        }
        let again = try fixer.fix(SourceText(path: path, bytes: outcome.bytes)).get()
        #expect(!again.changed, "not a fixpoint: \(again.applied)")
    }
}
