import Foundation

/// Expands the paths a user gives into the files to lint.
///
/// Folders are walked for `*.yaml`, `*.yml` and `*.json` (which includes
/// `adapter_config.json`), skipping hidden folders (`.git`, `.build`, …), `node_modules`,
/// `__pycache__` and `venv`. Files named explicitly are linted whatever their extension.
///
/// Nothing here opens a file. Symlink loops are cut by remembering each folder's real
/// path; FIFOs, sockets and devices are left alone when met in a folder and refused with a
/// problem when named explicitly. A folder or entry that cannot be read is a problem
/// (exit 2) and the walk goes on with the rest; a dangling symlink or a symlink that
/// loops onto itself names no file, so it is skipped silently.
///
/// With `respectGitignore` for a walked folder, what git ignores there is left out
/// (`GitIgnore`); files named explicitly are linted all the same.
public struct FileDiscovery {
    public struct Problem: Error {
        public let path: String
        public let message: String
    }

    static let skippedFolders: Set<String> = ["node_modules", "__pycache__", "venv"]
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// - Parameter respectGitignore: for each folder named in `paths`, whether its walk
    ///   leaves out what `.gitignore` ignores (the CLI asks the folder's settings).
    public static func files(in paths: [String], respectGitignore: (String) -> Bool = { _ in false }) -> (files: [String], problems: [Problem]) {
        var walk = Walk()
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                walk.problems.append(Problem(path: path, message: "cannot read: \(lastError())"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk.ignores = []
                if respectGitignore(path) {
                    let absolute = LexicalPath.absolute(path)
                    if let root = GitIgnore.workTree(containing: absolute) {
                        walk.gitWorkTree = true
                        walk.ignores = GitIgnore.inherited(by: absolute, workTree: root)
                    } else {
                        walk.gitWorkTree = false
                    }
                } else {
                    walk.gitWorkTree = false
                }
                walk.folder(path)
            case S_IFREG: walk.add(path)
            default:
                walk.problems.append(Problem(path: path, message: "\(SourceReader.kind(ofMode: info.st_mode)), not a regular file or folder; not opened"))
            }
        }
        return (walk.files, walk.problems)
    }

    private struct Walk {
        var files: [String] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        var visitedFolders = Set<String>()
        /// Whether this walk respects `.gitignore` (inside a work tree); the files in force.
        var gitWorkTree = false
        var ignores: [GitIgnore] = []

        mutating func add(_ path: String) {
            let key = LexicalPath.absolute(path)
            if seen.insert(key).inserted { files.append(path) }
        }

        mutating func folder(_ folder: String) {
            guard let real = realpath(folder, nil) else {
                problems.append(Problem(path: folder, message: "cannot read folder: \(lastError())"))
                return
            }
            let realPath = String(cString: real)
            free(real)
            // A symlink back to an ancestor (or to a folder already walked) ends here.
            guard visitedFolders.insert(realPath).inserted else { return }
            let names: [String]
            do {
                names = try entries(of: folder).sorted()
            } catch {
                problems.append(error)
                return
            }
            let absoluteFolder = gitWorkTree ? LexicalPath.absolute(folder) : ""
            let inherited = ignores
            defer { ignores = inherited }
            if gitWorkTree, names.contains(".gitignore"),
               let own = GitIgnore.load(absoluteFolder + "/.gitignore", base: absoluteFolder) {
                ignores.append(own)
            }
            for name in names {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                var info = stat()
                guard stat(path, &info) == 0 else {
                    // Dangling or self-looping symlinks name no file; anything else is trouble.
                    if errno != ENOENT && errno != ELOOP {
                        problems.append(Problem(path: path, message: "cannot read: \(lastError())"))
                    }
                    continue
                }
                let isFolder = info.st_mode & S_IFMT == S_IFDIR
                if isFolder && (name.hasPrefix(".") || skippedFolders.contains(name)) { continue }
                if !ignores.isEmpty, GitIgnore.ignores(ignores, absolutePath: absoluteFolder + "/" + name, isFolder: isFolder) { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    self.folder(path)
                case S_IFREG:
                    // The settings file configures the linter; it is not a config to lint.
                    if extensions.contains((name as NSString).pathExtension.lowercased()), !Settings.fileNames.contains(name) { add(path) }
                default:
                    continue  // FIFOs, sockets, devices: never opened
                }
            }
        }

        /// The names in a folder, without `.` and `..`; throws a Problem with the system's reason.
        private func entries(of folder: String) throws(Problem) -> [String] {
            guard let handle = opendir(folder) else { throw Problem(path: folder, message: "cannot read folder: \(lastError())") }
            defer { closedir(handle) }
            var names: [String] = []
            while true {
                errno = 0
                guard let entry = readdir(handle) else {
                    if errno != 0 { throw Problem(path: folder, message: "cannot read folder: \(lastError())") }
                    return names
                }
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

