import Foundation

/// Expands the paths a user gives into the files to lint.
///
/// Folders are walked for `*.yaml`, `*.yml` and `*.json` (which includes
/// `adapter_config.json`), skipping hidden folders, `.git`, `.build` and `node_modules`.
/// Files named explicitly are linted whatever their extension. Symlink loops are cut by
/// remembering each folder's real path; FIFOs, sockets and devices are never opened.
public struct FileDiscovery {
    public struct Problem: Error {
        public let path: String
        public let message: String
    }

    static let skippedFolders: Set<String> = ["node_modules", "__pycache__", "venv"]
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func files(in paths: [String]) -> (files: [String], problems: [Problem]) {
        var files: [String] = []
        var problems: [Problem] = []
        var seen = Set<String>()
        var visitedFolders = Set<String>()
        func add(_ path: String) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.path
            if seen.insert(key).inserted { files.append(path) }
        }
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                problems.append(Problem(path: path, message: "cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                walk(path, visited: &visitedFolders, add: add, problems: &problems)
            case S_IFREG:
                add(path)
            default:
                problems.append(Problem(path: path, message: "not a regular file or folder; not opened"))
            }
        }
        return (files, problems)
    }

    private static func walk(_ folder: String, visited: inout Set<String>, add: (String) -> Void, problems: inout [Problem]) {
        guard let real = realpath(folder, nil) else { return }
        let realPath = String(cString: real)
        free(real)
        guard visited.insert(realPath).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            problems.append(Problem(path: folder, message: "cannot read folder: permission denied or unreadable"))
            return
        }
        for name in names {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // a dangling symlink: nothing to lint
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                if name.hasPrefix(".") || skippedFolders.contains(name) { continue }
                walk(path, visited: &visited, add: add, problems: &problems)
            case S_IFREG:
                let ext = (name as NSString).pathExtension.lowercased()
                // The settings file configures the linter; it is not a config to lint.
                if extensions.contains(ext), name != Settings.fileName { add(path) }
            default:
                continue
            }
        }
    }
}
