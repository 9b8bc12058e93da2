import ArgumentParser
import Foundation
import GradienceLint

/// Prints a message to stderr and gives exit code 2, without ArgumentParser's usage text
/// (settings and I/O errors are not usage errors).
func trouble(_ message: String) -> ExitCode {
    FileHandle.standardError.writeLine(("gradience-lint: " + message + "\n"))
    return ExitCode.trouble
}
