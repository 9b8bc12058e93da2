import Testing
@testable import GradienceLint
@testable import GradienceTransformer

/// Numbers and strings are written so Python reads back exactly the intended value.
@Suite struct ScalarFormattingTests {
    @Test(arguments: [
        (2.0, "2.0"), (0.25, "0.25"), (1e-05, "1e-05"), (0.0001, "0.0001"), (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "1e+16"), (1e15, "1000000000000000.0"), (123456789.125, "123456789.125"), (-3.5e-07, "-3.5e-07"),
        (1.5e300, "1.5e+300"), (0.0, "0.0"), (-0.0, "-0.0"), (Double.leastNonzeroMagnitude, "5e-324"),
    ])
    func floatsAreWrittenAsPythonReprWrites(value: Double, expected: String) {
        #expect(PythonFloatFormat.json(value) == expected)
    }

    @Test(arguments: [
        (1e-05, "1.0e-05"), (1e16, "1.0e+16"), (1.5e-07, "1.5e-07"), (2.0, "2.0"),
        (Double.infinity, ".inf"), (-Double.infinity, "-.inf"),
    ])
    func yamlFloatsAlwaysHaveADotSoPyYAMLReadsAFloat(value: Double, expected: String) throws {
        let text = PythonFloatFormat.yaml(value)
        #expect(text == expected)
        #expect(ScalarResolver.resolveYAML11(text) == .float(value))
    }

    @Test func jsonNonFiniteFloatsAsJSONDumpsWritesThem() {
        #expect(PythonFloatFormat.json(.infinity) == "Infinity")
        #expect(PythonFloatFormat.json(-.infinity) == "-Infinity")
        #expect(PythonFloatFormat.json(.nan) == "NaN")
        #expect(PythonFloatFormat.yaml(.nan) == ".nan")
    }

    @Test(arguments: [
        "yes", "no", "on", "off", "true", "False", "null", "~", "0755", "1e3", "1_000", ".inf", "-.inf", "12", "3.5",
        "0x1F", "0o17", "2024-01-01", "*ref", "&a", "!tag", "%x", "@x", "`x", "|x", ">x", "'x", "\"x", "#x",
        "{x", "[x", "- x", "-", "? x", "a: b", "a #b", "a:", " lead", "trail ", "", "<<", "---x", "tab\there", "line\nbreak",
    ])
    func stringsThatWouldReadAsSomethingElseAreQuoted(text: String) throws {
        #expect(YAMLScalarQuoting.needsQuotes(text, inFlow: false))
        // And the quoted form reads back as the same string in block and flow context.
        let renderer = ValueRenderer(style: try Self.yamlStyle())
        let written = renderer.string(text, inFlow: false)
        let root = try parsedRoot("k: " + written + "\nf: [" + renderer.string(text, inFlow: true) + "]\n")
        #expect(try root.requireValue("k").scalar?.value == .string(text))
        #expect(try root.requireValue("f").items?.first?.scalar?.value == .string(text))
    }

    @Test(arguments: [
        "q_proj", #".*\.q_proj"#, "model.layers.0.self_attn.q_proj", #".*\.(q|v)_proj$"#, "^model.*",
        "a{2}", "lora_A.weight", "all-linear", "-foo", "a#b", "a:b", "caf\u{E9}", "1e3x",
    ])
    func regexKeysAndNamesStayPlainInBlockContext(text: String) throws {
        #expect(!YAMLScalarQuoting.needsQuotes(text, inFlow: false))
        let root = try parsedRoot(text + ": 1\n")
        #expect(root.entries?.first?.keyText == text)
        #expect(root.entries?.first?.key.scalar?.style == .plain)
    }

    @Test(arguments: ["a,b", "a{2}", "[qv]_proj", "x]", "a:b"])
    func flowIndicatorsForceQuotesInFlowContext(text: String) throws {
        #expect(YAMLScalarQuoting.needsQuotes(text, inFlow: true))
    }

    @Test func theFilesPreferredQuoteIsUsed() throws {
        let result = try transformed("a: \"x\"\nb: \"y\"\nc: 'z'\n") { root in
            [.appendEntries(mapping: root, entries: [("d", .string("yes"))])]
        }
        #expect(result == "a: \"x\"\nb: \"y\"\nc: 'z'\nd: \"yes\"\n")
    }

    @Test func singleQuotesFallBackToDoubleForControlCharacters() throws {
        let result = try transformed("a: 'x'\n") { root in
            [.setValue(node: try root.requireValue("a"), to: .string("tab\u{7}bell"))]
        }
        #expect(result == "a: \"tab\\abell\"\n" || result == "a: \"tab\\x07bell\"\n")
        #expect(try parsedRoot(result).requireValue("a").scalar?.value == .string("tab\u{7}bell"))
    }

    @Test func boolsNullsAndIntsInBothSyntaxes() throws {
        let yaml = try transformed("a: 1\n") { root in
            [.appendEntries(mapping: root, entries: [("b", .bool(true)), ("c", .null), ("d", .int(-3))])]
        }
        #expect(yaml == "a: 1\nb: true\nc: null\nd: -3\n")
        let json = try transformed("{\"a\": 1}", json: true) { root in
            [.appendEntries(mapping: root, entries: [("b", .bool(false)), ("c", .null), ("d", .int(-3))])]
        }
        #expect(json == "{\"a\": 1, \"b\": false, \"c\": null, \"d\": -3}")
    }

    private static func yamlStyle() throws -> FileStyle {
        let file = Parser.parse(SourceText(path: "a.yaml", bytes: Array("a: 1\n".utf8)))
        let index = NodeIndex(documents: file.documents)
        return FileStyle(file: file, index: index, geometry: LineGeometry(source: file.source))
    }
}
