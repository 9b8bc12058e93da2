import Foundation

/// One environment variable. `ProcessInfo.processInfo.environment` copies the whole
/// environment into a new dictionary on every call (1.4 M instructions for the four
/// calls of a pre-commit run); `check` only ever asks for a name or two.
func environmentVariable(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}
