import Foundation
import GradienceFuzzing

// Two builds of one file. Under `scripts/fuzz` (-sanitize=fuzzer -DGRADIENCE_FUZZER)
// libFuzzer owns `main` and calls the entry point below with each input; a broken
// invariant traps, so libFuzzer saves the input as a crasher. In a normal `swift build`
// this is a replay tool: `gradience-fuzz FILE…` checks files the same way and exits 1
// on a violation; `gradience-fuzz --write-seeds DIR` writes the rule examples as seeds.

#if GRADIENCE_FUZZER
/// SwiftPM links an executable with `main` aliased to `<module>_main` (so that tests can
/// import executables); with no Swift `main` here, this is that symbol, and it hands
/// control to libFuzzer's own driver.
@_cdecl("gradience_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &count) { count in
        withUnsafeMutablePointer(to: &arguments) { arguments in
            llvmFuzzerRunDriver(count, arguments, fuzzOneInput)
        }
    }
}

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`
/// from libFuzzer (compiler-rt), linked in by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let violations = PipelineInvariants.check(bytes, strict: strict)
    if !violations.isEmpty {
        fatalError("\(violations.count) invariant violation(s):\n" + violations.map { "  \($0)" }.joined(separator: "\n"))
    }
    return 0
}

private let strict = ProcessInfo.processInfo.environment["GRADIENCE_FUZZ_STRICT"] == "1"

/// libFuzzer calls this once before fuzzing; `GRADIENCE_FUZZ_WRITE_SEEDS=DIR` makes the
/// binary write the rule examples as seeds and exit, so the script needs no second build.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    if let folder = ProcessInfo.processInfo.environment["GRADIENCE_FUZZ_WRITE_SEEDS"] {
        writeSeeds(to: folder)
        exit(0)
    }
    return 0
}
#else
@main
enum Replay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            writeSeeds(to: arguments[1])
            return
        }
        if arguments.first == "--write-hostile", arguments.count == 2 {
            // One line per input for scripts/hostile-bounds.sh:
            // name, file, status, seconds, MB, exact|prefix, expected line, arguments.
            for input in HostileInputs.all {
                do {
                    try input.write(into: arguments[1])
                } catch {
                    print("cannot write \(input.file): \(error)")
                    exit(2)
                }
                print([input.name, input.file, "\(input.expectedStatus)", "\(input.maxSeconds)", "\(input.maxMegabytes)",
                       input.prefixOnly ? "prefix" : "exact", input.expectedLine, input.arguments.joined(separator: " ")].joined(separator: "\t"))
            }
            return
        }
        let strict = arguments.first == "--strict"
        if strict { arguments.removeFirst() }
        guard !arguments.isEmpty else {
            print("usage: gradience-fuzz [--strict] FILE… | --write-seeds DIR | --write-hostile DIR")
            exit(2)
        }
        var failed = false
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read")
                failed = true
                continue
            }
            let violations = PipelineInvariants.check([UInt8](data), strict: strict)
            print("\(path): \(violations.isEmpty ? "ok" : "\(violations.count) violation(s)")")
            for violation in violations { print("  \(violation)") }
            failed = failed || !violations.isEmpty
        }
        exit(failed ? 1 : 0)
    }
}
#endif

func writeSeeds(to folder: String) {
    for seed in SeedExamples.all() {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(seed.name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(seed.text.utf8))
    }
    // Issue 28's small hostile configs (backtracking regexes, control bytes in keys), so
    // mutations start from them too.
    for seed in HostileInputs.issue28Seeds() {
        _ = FileManager.default.createFile(atPath: URL(fileURLWithPath: folder).appendingPathComponent(seed.name).path, contents: Data(seed.bytes))
    }
}
