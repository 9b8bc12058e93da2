import Foundation
import GradienceSyntax
import GradienceInventory
import GradienceRules

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
///
/// Hostile trees (issue 28): a walk never leaves the folder it was given through a
/// symlink (a link to `/` walked the machine, and `--fix` rewrote what it found; git
/// never follows symlinks at all), and says so in `notes` (`--verbose`). Names are bytes
/// (`FileNameBytes`): one that is not UTF-8 is linted under an escaped display form, and
/// NFC/NFD spellings of one name are two files (Swift's `String` equality would merge
/// them). A temporary file a killed `--fix` left behind is never linted, and is named in
/// `notes`.
public struct FileDiscovery {
    public struct Problem: Error {
        public let path: String
        public let message: String
    }

    /// Files, the paths that could not be read (exit 2), and what was left out on purpose
    /// that a user may want to know about (`--verbose`).
    public struct Discovery {
        public var files: [String] = []
        public var problems: [Problem] = []
        public var notes: [Problem] = []
    }

    /// `.NAME.gradience-lint-PID-RAND`, as `TemporaryFiles` names them.
    public static func isStaleTemporary(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: AtomicWriter.temporaryMarker, options: .backwards),
              marker.lowerBound > name.index(after: name.startIndex) else { return false }
        let tail = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        return tail.count == 2 && tail.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static let staleTemporaryNote = "a temporary file an interrupted gradience-lint --fix left behind; not linted (delete it once no fix is running)"

    static let skippedFolders: Set<String> = ["node_modules", "__pycache__", "venv"]
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// - Parameter respectGitignore: for each folder named in `paths`, whether its walk
    ///   leaves out what `.gitignore` ignores (the CLI asks the folder's settings).
    public static func files(in paths: [String], respectGitignore: (String) -> Bool = { _ in false }) -> (files: [String], problems: [Problem]) {
        let found = discover(in: paths, respectGitignore: respectGitignore)
        return (found.files, found.problems)
    }

    public static func discover(in paths: [String], respectGitignore: (String) -> Bool = { _ in false }) -> Discovery {
        var walk = Walk()
        for path in paths {
            var info = stat()
            guard FileNameBytes.withSystemPath(path, { stat($0, &info) }) == 0 else {
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
                walk.root = walk.resolved(path)
                walk.folder(path)
            case S_IFREG:
                if isStaleTemporary((path as NSString).lastPathComponent) {
                    walk.notes.append(Problem(path: path, message: staleTemporaryNote))
                } else {
                    walk.add(path)
                }
            default:
                walk.problems.append(Problem(path: path, message: "\(SourceReader.kind(ofMode: info.st_mode)), not a regular file or folder; not opened"))
            }
        }
        return Discovery(files: walk.files, problems: walk.problems, notes: walk.notes)
    }

    private struct Walk {
        var files: [String] = []
        var problems: [Problem] = []
        var notes: [Problem] = []
        /// Byte-wise, not `String` equality: NFC and NFD twins are two files.
        var seen = Set<[UInt8]>()
        var visitedFolders = Set<[UInt8]>()
        /// The real path of the folder being walked: no symlink leads out of it.
        var root: String?
        /// Whether this walk respects `.gitignore` (inside a work tree); the files in force.
        var gitWorkTree = false
        var ignores: [GitIgnore] = []

        mutating func add(_ path: String) {
            let key = Array(LexicalPath.absolute(path).utf8)
            if seen.insert(key).inserted { files.append(path) }
        }

        func resolved(_ path: String) -> String? {
            FileNameBytes.withSystemPath(path) { system in
                guard let real = realpath(system, nil) else { return nil }
                defer { free(real) }
                return FileNameBytes.display(real)
            }
        }

        mutating func folder(_ folder: String) {
            guard let realPath = resolved(folder) else {
                problems.append(Problem(path: folder, message: "cannot read folder: \(lastError())"))
                return
            }
            // A symlink back to an ancestor (or to a folder already walked) ends here.
            guard visitedFolders.insert(Array(realPath.utf8)).inserted else { return }
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
                var info = stat(), link = stat()
                guard FileNameBytes.withSystemPath(path, { stat($0, &info) }) == 0 else {
                    // Dangling or self-looping symlinks name no file; anything else is trouble.
                    if errno != ENOENT && errno != ELOOP {
                        problems.append(Problem(path: path, message: "cannot read: \(lastError())"))
                    }
                    continue
                }
                let isFolder = info.st_mode & S_IFMT == S_IFDIR
                if isFolder && (name.hasPrefix(".") || skippedFolders.contains(name)) { continue }
                if let root, FileNameBytes.withSystemPath(path, { lstat($0, &link) }) == 0, link.st_mode & S_IFMT == S_IFLNK,
                   let target = resolved(path), !LexicalPath.isInside(target, root) {
                    notes.append(Problem(path: path, message: "a symlink out of the folder being checked (to \(target)); not followed"))
                    continue
                }
                if !ignores.isEmpty, GitIgnore.ignores(ignores, absolutePath: absoluteFolder + "/" + name, isFolder: isFolder) { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    self.folder(path)
                case S_IFREG:
                    if isStaleTemporary(name) {
                        notes.append(Problem(path: path, message: staleTemporaryNote))
                        continue
                    }
                    // The settings file configures the linter; it is not a config to lint.
                    if extensions.contains((name as NSString).pathExtension.lowercased()), !Settings.fileNames.contains(name) { add(path) }
                default:
                    continue  // FIFOs, sockets, devices: never opened
                }
            }
        }

        /// The names in a folder, without `.` and `..`; throws a Problem with the system's reason.
        private func entries(of folder: String) throws(Problem) -> [String] {
            guard let handle = FileNameBytes.withSystemPath(folder, { opendir($0) }) else { throw Problem(path: folder, message: "cannot read folder: \(lastError())") }
            defer { closedir(handle) }
            var names: [String] = []
            while true {
                errno = 0
                guard let entry = readdir(handle) else {
                    if errno != 0 { throw Problem(path: folder, message: "cannot read folder: \(lastError())") }
                    return names
                }
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { FileNameBytes.display($0) }
                }
                if name != "." && name != ".." { names.append(name) }
            }
        }
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

