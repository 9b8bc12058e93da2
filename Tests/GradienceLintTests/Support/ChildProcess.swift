import Foundation

/// Writing to a child process's standard input. A child that exits without reading it
/// closes the pipe; the default SIGPIPE would then kill the whole test process (every
/// test, not the one that failed). SIGPIPE is ignored once for the process, so the write
/// fails with EPIPE, which is dropped here: the child's exit status and output are what
/// the caller checks.
enum ChildProcess {
    private static let ignoresSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Call before starting any child whose stdin this process writes.
    static func ignoreBrokenPipes() { ignoresSIGPIPE }

    static func writeIgnoringBrokenPipe(input: Data, to handle: FileHandle) {
        ignoreBrokenPipes()
        try? handle.write(contentsOf: input)
        try? handle.close()
    }
}
