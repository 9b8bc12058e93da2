import Foundation
import Testing
@testable import GradienceLint

/// SARIF, GitHub annotations, JSON and statistics for one set of findings: golden files
/// for the exact bytes, the OASIS schema for SARIF, and field checks for what we promise.
@Suite struct CIReportTests {
    /// Paths in the goldens are relative to this root, whatever the checkout is.
    static let root = "/checkout"

    static func report() -> RunReport {
        var options = LintOptions()
        options.model.architecture = "llama"
        options.model.numLayers = 2
        options.severityOverrides["GL014"] = .info  // one of each level
        let root = Fixtures.packageRoot.path + "/"
        let paths = FileDiscovery.files(in: [root + "fixtures/report"]).files.map { String($0.dropFirst(root.count)) }
        let linter = Linter(options: options)
        let results = paths.map { linter.lint(Fixtures.source($0)) }
        return RunReport(diagnostics: results.flatMap(\.diagnostics).sorted(by: Diagnostic.ordered), files: results,
                         rules: RunReport.rulesThatRan([options]), rootDirectory: Self.root)
    }

    @Test func goldenOutputsForTheSameFindings() {
        let report = Self.report()
        Golden.check(report.render(.sarif), against: "fixtures/report-expected/report.sarif")
        Golden.check(report.render(.github), against: "fixtures/report-expected/report.github.txt")
        Golden.check(report.render(.json), against: "fixtures/report-expected/report.json")
        Golden.check(report.render(.human), against: "fixtures/report-expected/report.human.txt")
        Golden.check(StatisticsReport.text(report.diagnostics), against: "fixtures/report-expected/statistics.txt")
        Golden.check(StatisticsReport.json(report.diagnostics), against: "fixtures/report-expected/statistics.json")
    }

    @Test func theFindingsCoverWhatTheGoldensAreFor() {
        let diagnostics = Self.report().diagnostics
        #expect(diagnostics.map { "\($0.code)@\($0.path):\($0.range.start.line):\($0.range.start.column)" } == [
            "GL002@fixtures/report/adapters/run-1/adapter_config.json:5:8",
            "GL004@fixtures/report/adapters/run-1/adapter_config.json:6:3",
            "GL001@fixtures/report/adapters/run-1/adapter_config.json:7:5",
            "GL003@fixtures/report/train.yaml:6:3",
            "GL005@fixtures/report/train.yaml:6:18",
            "GL001@fixtures/report/train.yaml:6:33",   // after 'é': columns count code points
            "GL018@fixtures/report/train.yaml:7:23",
            "GL014@fixtures/report/train.yaml:8:3",    // its key holds '%', ',', ':' and a newline
            "GL013@fixtures/report/train.yaml:13:3",   // with a related location
        ])
        #expect(Set(diagnostics.map(\.severity)) == [.error, .warning, .info])
        #expect(Self.report().suppressed == 1)
    }

    @Test func sarifIsValidAgainstTheOfficialSchema() throws {
        let sarif = Self.report().render(.sarif)
        #expect(try SchemaValidator.violations(of: sarif, schema: SchemaValidator.sarifSchema) == [])
        // The validator can fail: a result without a message is not SARIF.
        let broken = sarif.replacingOccurrences(of: "\"message\": {\n            \"text\"", with: "\"message\": {\n            \"txt\"")
        #expect(try !SchemaValidator.violations(of: broken, schema: SchemaValidator.sarifSchema).isEmpty)
    }

    /// The structure the README promises, field by field, on the parsed document.
    @Test func sarifHoldsWhatWePromise() throws {
        let report = Self.report()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.render(.sarif).utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        #expect((run["originalUriBaseIds"] as? [String: [String: String]])?["%SRCROOT%"]?["uri"] == "file:///checkout/")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "gradience-lint")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == RuleRegistry.codes)
        let gl001 = try #require(rules.first { $0["id"] as? String == "GL001" })
        #expect(gl001["name"] as? String == "prefixed-pattern-key")
        #expect((gl001["shortDescription"] as? [String: String])?["text"] == PrefixedPatternKey.metadata.summary)
        #expect((gl001["fullDescription"] as? [String: String])?["text"] == PrefixedPatternKey.metadata.description)
        #expect((gl001["help"] as? [String: String])?["markdown"] == RuleDocs.page(for: PrefixedPatternKey.metadata))
        // The page as published at this version's tag; `help` carries it too, for viewers offline.
        #expect(gl001["helpUri"] as? String == "https://github.com/gradience-lint/gradience-lint/blob/v\(ToolInfo.version)/rules/GL001-prefixed-pattern-key.md")
        #expect((gl001["defaultConfiguration"] as? [String: String])?["level"] == "error")

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == report.diagnostics.count)
        #expect(results.map { $0["level"] as? String } == ["warning", "error", "error", "warning", "error", "error", "warning", "note", "error"])
        for (result, diagnostic) in zip(results, report.diagnostics) {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == diagnostic.code)
            #expect(result["ruleId"] as? String == diagnostic.code)
        }
        // The GL001 in the YAML flow mapping: region, pointer, fingerprint and its fix.
        let gl001Result = results[5]
        let location = try #require((gl001Result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        #expect(physical["artifactLocation"] as? [String: String] == ["uri": "fixtures/report/train.yaml", "uriBaseId": "%SRCROOT%"])
        #expect(physical["region"] as? [String: Int] == ["startLine": 6, "startColumn": 33, "endLine": 6, "endColumn": 81])
        #expect(location["logicalLocations"] as? [[String: String]] == [[
            "name": "base_model.model.model.layers.1.self_attn.v_proj",
            "fullyQualifiedName": "/lora/rank_pattern/base_model.model.model.layers.1.self_attn.v_proj",
            "kind": "property",
        ]])
        #expect(gl001Result["partialFingerprints"] as? [String: String] == [
            "gradienceLint/v1": "GL001|fixtures/report/train.yaml|/lora/rank_pattern/base_model.model.model.layers.1.self_attn.v_proj",
        ])
        let fix = try #require((gl001Result["fixes"] as? [[String: Any]])?.first)
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        let yaml = try #require(report.files.first { $0.source.path.hasSuffix("train.yaml") }).source
        let deleted = try #require(replacement["deletedRegion"] as? [String: Int])
        let offset = try #require(deleted["byteOffset"]), length = try #require(deleted["byteLength"])
        #expect(yaml.text(offset..<offset + length) == "base_model.model.model.layers.1.self_attn.v_proj")
        #expect((replacement["insertedContent"] as? [String: String])?["text"] == "model.layers.1.self_attn.v_proj")
        #expect((fix["properties"] as? [String: String])?["applicability"] == "safe")
        // Findings without a fix carry none.
        #expect(results[1]["fixes"] == nil)
        // The duplicate key points at its first occurrence.
        let related = try #require(results[8]["relatedLocations"] as? [[String: Any]])
        #expect(((related.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int])?["startLine"] == 12)
    }

    @Test func sarifFixesApplyToTheFileAsTheyAreWritten() throws {
        // Applying every replacement's bytes gives what one round of the Transformer gives.
        let report = Self.report()
        let yaml = try #require(report.files.first { $0.source.path.hasSuffix("train.yaml") })
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.render(.sarif).utf8)) as? [String: Any])
        let results = try #require(((document["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        var edits: [TextEdit] = []
        for result in results where (result["partialFingerprints"] as? [String: String])?.values.first?.contains("train.yaml") == true {
            for fix in result["fixes"] as? [[String: Any]] ?? [] {
                for change in fix["artifactChanges"] as? [[String: Any]] ?? [] {
                    for replacement in change["replacements"] as? [[String: Any]] ?? [] {
                        let deleted = replacement["deletedRegion"] as! [String: Int]
                        let text = (replacement["insertedContent"] as? [String: String])?["text"] ?? ""
                        edits.append(TextEdit(range: deleted["byteOffset"]!..<deleted["byteOffset"]! + deleted["byteLength"]!, replacement: text))
                    }
                }
            }
        }
        let (bytes, leftOver) = TextEditApplier.apply(edits, to: yaml.source.bytes)
        #expect(leftOver.isEmpty)
        let original = yaml.source.text(0..<yaml.source.bytes.count)
        // GL001 renames the key, GL003 lists the uncovered modules (every q_proj by its name),
        // GL018 drops the comment.
        let expected = original
            .replacingOccurrences(of: "base_model.model.model.layers.1.self_attn.v_proj: 8}",
                                  with: "model.layers.1.self_attn.v_proj: 8, q_proj: 8, model.layers.0.self_attn.v_proj: 8}")
            .replacingOccurrences(of: "0.05  # gradience-lint: disable=GL013 -- nothing repeats here any more\n", with: "0.05\n")
        #expect(expected != original)
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func githubEscapingOfDataAndProperties() {
        let range = SourceRange(start: Mark(offset: 0, line: 3, column: 5), end: Mark(offset: 4, line: 4, column: 2))
        let diagnostic = Diagnostic(code: "GL014", name: "unknown-key", severity: .warning, path: "configs/a,b:c%.yaml", range: range,
                                    keyPath: "/x", message: "100% sure: a, b\r\nnext line\nlast")
        #expect(GitHubReport(rootDirectory: "/checkout").line(diagnostic)
            == "::warning file=configs/a%2Cb%3Ac%25.yaml,line=3,col=5,endLine=4,endColumn=2,title=GL014 unknown-key::100%25 sure: a, b%0D%0Anext line%0Alast\n")
        var info = diagnostic
        info.severity = .info
        info.path = "/checkout/configs/x.yaml"
        info.message = "ok"
        #expect(GitHubReport(rootDirectory: "/checkout/").line(info) == "::notice file=configs/x.yaml,line=3,col=5,endLine=4,endColumn=2,title=GL014 unknown-key::ok\n")
        info.severity = .error
        info.path = "../elsewhere/x.yaml"
        #expect(GitHubReport(rootDirectory: "/checkout").line(info).hasPrefix("::error file=/elsewhere/x.yaml,"))
    }

    @Test func reportPathsAndURIs() {
        #expect(ReportPath.relative("./a/../b/c.yaml", to: "/r") == "b/c.yaml")
        #expect(ReportPath.relative("/r/b/c.yaml", to: "/r/") == "b/c.yaml")
        #expect(ReportPath.relative("/rx/c.yaml", to: "/r") == nil)
        #expect(ReportPath.uriEncoded("a b/é#?.yaml") == "a%20b/%C3%A9%23%3F.yaml")
    }

    @Test func automaticFormatFollowsGitHubActions() {
        #expect(ReportFormat.automatic(environment: ["GITHUB_ACTIONS": "true"]) == .github)
        #expect(ReportFormat.automatic(environment: ["GITHUB_ACTIONS": "false"]) == .human)
        #expect(ReportFormat.automatic(environment: [:]) == .human)
    }
}
