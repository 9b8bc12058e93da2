import Foundation
import Testing

/// Validates JSON against a JSON Schema with Python's `jsonschema` package (a test-time
/// tool only; the product never runs Python). URI formats are checked too, with
/// `rfc3987`. When either package is missing it is installed with pip, once; when that
/// fails the test fails saying so, rather than skipping.
enum SchemaValidator {
    /// The OASIS SARIF 2.1.0 schema, copied into the repository (fixtures/schemas).
    static let sarifSchema = Fixtures.url("fixtures/schemas/sarif-schema-2.1.0.json")

    private static let script = """
    import json, sys
    import jsonschema, rfc3987
    schema = json.load(open(sys.argv[1]))
    document = json.load(sys.stdin)
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        print("/" + "/".join(str(p) for p in error.absolute_path) + ": " + error.message)
    """

    private static let ready: Result<Void, Error> = {
        if (try? python(["-c", "import jsonschema, rfc3987"]).status) == 0 { return .success(()) }
        do {
            let install = try python(["-m", "pip", "install", "-q", "jsonschema", "rfc3987"])
            guard install.status == 0 else { return .failure(Unavailable(reason: "pip install jsonschema rfc3987 failed: \(install.output)")) }
            return .success(())
        } catch {
            return .failure(Unavailable(reason: "python3 cannot be run: \(error)"))
        }
    }()

    struct Unavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { "schema validation needs python3 with jsonschema and rfc3987: \(reason)" }
    }

    /// The schema violations, one line each (empty: valid).
    static func violations(of json: String, schema: URL) throws -> [String] {
        try ready.get()
        let run = try python(["-c", script, schema.path], input: json)
        guard run.status == 0 else { throw Unavailable(reason: "the validator failed: \(run.output)") }
        return run.output.split(separator: "\n").map(String.init)
    }

    private static func python(_ arguments: [String], input: String = "") throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = stdin
        try process.run()
        // A child that died before reading its input (python3 missing a module, a crash)
        // must fail this one test: with SIGPIPE ignored the write fails with EPIPE instead
        // of killing the whole test process, and the child's status says what happened.
        ChildProcess.writeIgnoringBrokenPipe(input: Data(input.utf8), to: stdin.fileHandleForWriting)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
