import ArgumentParser

/// DESIGN.md §6: 0 clean, 1 findings remain, 2 usage, settings, I/O or internal error.
extension ExitCode {
    static let findings = ExitCode(1)
    static let trouble = ExitCode(2)
}
