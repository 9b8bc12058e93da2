import Testing
@testable import GradienceLint

/// What `yaml.safe_load("v: <text>")["v"]` returns in PyYAML 6.0.3 (checked with Python).
@Suite struct ScalarResolutionTests {
    static let yamlTable: [(String, ScalarValue)] = [
        ("yes", .bool(true)), ("Yes", .bool(true)), ("on", .bool(true)), ("Off", .bool(false)), ("NO", .bool(false)),
        ("True", .bool(true)), ("y", .string("y")), ("n", .string("n")),
        ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null), ("nul", .string("nul")),
        ("017", .int(15)), ("0o17", .string("0o17")), ("08", .string("08")), ("0x1F", .int(31)), ("0b101", .int(5)),
        ("1_000", .int(1000)), ("-0", .int(0)), ("+12", .int(12)), ("1:30", .int(90)), ("0", .int(0)),
        ("1e3", .string("1e3")), ("1.0e3", .string("1.0e3")), ("1.0e+3", .float(1000)), ("1.", .float(1)),
        (".5", .float(0.5)), ("09.5", .float(9.5)), ("1:30.5", .float(90.5)), ("-.inf", .float(-.infinity)),
        (".Inf", .float(.infinity)), ("1_0.2_5", .float(10.25)), ("99999999999999999999", .bigInt("99999999999999999999")),
        ("2001-12-14", .timestamp("2001-12-14")), ("q_proj", .string("q_proj")), ("-q", .string("-q")),
    ]

    @Test(arguments: yamlTable)
    func yamlScalarsResolveLikePyYAMLSafeLoader(text: String, expected: ScalarValue) {
        let file = Parser.parse(SourceText(path: "t.yaml", bytes: Array("v: \(text)".utf8)))
        #expect(file.problem == nil)
        #expect(file.documents[0].value(forKey: "v")?.scalar?.value == expected)
    }

    @Test func nanIsAFloat() {
        let file = Parser.parse(SourceText(path: "t.yaml", bytes: Array("v: .nan".utf8)))
        guard case .float(let value)? = file.documents[0].value(forKey: "v")?.scalar?.value else {
            Issue.record("not a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func quotedScalarsAreAlwaysStrings() {
        let file = Parser.parse(SourceText(path: "t.yaml", bytes: Array("a: 'yes'\nb: \"8\"".utf8)))
        #expect(file.documents[0].value(forKey: "a")?.scalar?.value == .string("yes"))
        #expect(file.documents[0].value(forKey: "b")?.scalar?.value == .string("8"))
    }

    /// What `json.loads` returns for each token.
    static let jsonTable: [(String, ScalarValue)] = [
        ("1e3", .float(1000)), ("-0", .int(0)), ("1E400", .float(.infinity)), ("12345678901234567890123", .bigInt("12345678901234567890123")),
        ("true", .bool(true)), ("null", .null), ("0.5", .float(0.5)), ("-Infinity", .float(-.infinity)), ("8", .int(8)),
    ]

    @Test(arguments: jsonTable)
    func jsonScalarsResolveLikeJsonLoads(text: String, expected: ScalarValue) {
        let file = Parser.parse(SourceText(path: "t.json", bytes: Array(#"{"v": \#(text)}"#.utf8)))
        #expect(file.problem == nil)
        #expect(file.documents[0].value(forKey: "v")?.scalar?.value == expected)
    }
}

extension ScalarValue: CustomTestStringConvertible {
    public var testDescription: String { "\(typeName) \(pythonRepr)" }
}
