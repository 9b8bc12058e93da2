import Foundation
import Testing
@testable import GradienceLint

/// `fixtures/regex/cases.json`: CPython's own verdicts (compile error, re.match,
/// re.fullmatch) for a table of patterns and module-like subjects. The translator must
/// agree wherever it translates, reject what CPython rejects, and may decline
/// (untranslatable) only patterns CPython accepts.
struct PythonRegexDifferentialTests {
    // nonisolated(unsafe): set once from the fixture, never mutated; Foundation's JSON
    // objects are immutable, so parallel tests only read them.
    nonisolated(unsafe) static let cases: [[String: Any]] = {
        let url = FixturePaths.packageRoot.appendingPathComponent("fixtures/regex/cases.json")
        let object = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return object["cases"] as! [[String: Any]]
    }()

    static var patterns: [String] { cases.map { $0["pattern"] as! String } }

    @Test("CPython agrees", arguments: patterns)
    func agreesWithCPython(pattern: String) {
        let testCase = Self.cases.first { $0["pattern"] as! String == pattern }!
        let match = PythonRegex.compile(pattern, mode: .match)
        let full = PythonRegex.compile(pattern, mode: .fullMatch)
        if let error = testCase["error"] as? String {
            guard case .failure(let problem) = match else {
                Issue.record("CPython rejects \(pattern.debugDescription) (\(error)); translator accepted it")
                return
            }
            // An unsupported construct may be reported before CPython's own error.
            #expect(problem.kind == .invalid || problem.kind == .untranslatable)
            return
        }
        switch (match, full) {
        case (.success(let m), .success(let f)):
            for row in testCase["results"] as! [[Any]] {
                let subject = row[0] as! String
                #expect(m.matches(subject) == (row[1] as! Bool), "re.match(\(pattern.debugDescription), \(subject.debugDescription)) via \(m.icuPattern)")
                #expect(f.matches(subject) == (row[2] as! Bool), "re.fullmatch(\(pattern.debugDescription), \(subject.debugDescription)) via \(f.icuPattern)")
            }
        case (.failure(let problem), _), (_, .failure(let problem)):
            #expect(problem.kind == .untranslatable, "valid in CPython, but rejected as \(problem)")
        }
    }
}
