import Foundation
import Testing
@testable import GradienceLint

/// `LexicalPath.absolute` stands in for `URL(fileURLWithPath:).standardizedFileURL.path`
/// on the walk's hot path; it must give the same text.
@Suite struct LexicalPathTests {
    static let paths = ["/a/b/c.yaml", "/a/./b//c.yaml", "/a/b/../c.yaml", "/a/b/", "/", "/..", "/a/../../b",
                        "c.yaml", "./c.yaml", "x/../y/z.json", "x//y/./z", "..", "../x", "", ".", "dir/",
                        "/a/.../b", "/a/.hidden/b..", "/a/b/.", "/a/b/..", "a/b", ".x/y", "/a//", "//"]

    @Test(arguments: paths)
    func matchesFoundationsStandardizedPath(_ path: String) {
        #expect(LexicalPath.absolute(path) == URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    @Test func relativePathsAreTakenFromTheBase() {
        #expect(LexicalPath.absolute("a/../b.yaml", base: "/root/x") == "/root/x/b.yaml")
        #expect(LexicalPath.absolute("/abs/./c", base: "/root") == "/abs/c")
        #expect(ReportPath.relative("./configs/a.yaml", to: "/repo/") == "configs/a.yaml")
        #expect(ReportPath.relative("/elsewhere/a.yaml", to: "/repo") == nil)
        #expect(ReportPath.absolute("../b.json", root: "/repo/sub") == "/repo/b.json")
    }
}
