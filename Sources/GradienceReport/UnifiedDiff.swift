import GradienceSyntax
import GradiencePEFT
import GradienceRules
import GradienceEngine
/// `--diff`: a unified diff of what `--fix` would write, in the format `patch` and
/// `git apply` read. Lines keep their own line endings.
public enum UnifiedDiff {
    public static func render(path: String, old: [UInt8], new: [UInt8], context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let script = editScript(a, b)
        guard script.contains(where: { $0.kind != .same }) else { return "" }
        let shown = path.hasPrefix("/") ? String(path.dropFirst()) : path
        var out = "--- a/\(shown)\n+++ b/\(shown)\n"
        // Group changes with their context into hunks.
        var index = 0
        while index < script.count {
            guard let firstChange = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var end = firstChange
            var lastChange = firstChange
            while end < script.count {
                if script[end].kind != .same { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            let start = max(index, firstChange - context)
            let stop = min(script.count, lastChange + context + 1)
            let hunk = script[start..<stop]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            out += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for step in hunk {
                let (prefix, text) = step.kind == .insert ? ("+", b[step.newLine]) : (step.kind == .delete ? "-" : " ", a[step.oldLine])
                out += prefix + text
                // utf8, not hasSuffix: "\r\n" is one Character and would not end in "\n".
                if text.utf8.last != 0x0A { out += "\n\\ No newline at end of file\n" }
            }
            index = stop
        }
        return out
    }

    private static func lines(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            result.append(String(decoding: bytes[start...offset], as: UTF8.self))
            start = offset + 1
        }
        if start < bytes.count { result.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return result
    }

    package struct Step {
        package enum Kind { case same, delete, insert }
        package let kind: Kind
        /// Index into the old lines (for same/delete) or where the insert lands.
        package let oldLine: Int
        package let newLine: Int
    }

    /// Myers' O((N+M)·D) shortest edit script; fixes change few lines, so D is small.
    package static func editScript(_ a: [String], _ b: [String]) -> [Step] {
        let n = a.count, m = b.count, maximum = n + m
        var frontier = [Int](repeating: 0, count: 2 * maximum + 2)
        var trace: [[Int]] = []
        outer: for d in 0...maximum {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && frontier[k - 1 + maximum] < frontier[k + 1 + maximum]))
                    ? frontier[k + 1 + maximum] : frontier[k - 1 + maximum] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[k + maximum] = x
                if x >= n, y >= m { trace.append(frontier); break outer }
            }
        }
        // Walk back from the end to recover the steps.
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: trace.count - 2, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[k - 1 + maximum] < v[k + 1 + maximum])) ? k + 1 : k - 1
            let previousX = v[previousK + maximum], previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1; y -= 1
                steps.append(Step(kind: .same, oldLine: x, newLine: y))
            }
            if d > 0 {
                if x == previousX { y -= 1; steps.append(Step(kind: .insert, oldLine: x, newLine: y)) } else { x -= 1; steps.append(Step(kind: .delete, oldLine: x, newLine: y)) }
            }
        }
        while x > 0, y > 0 { x -= 1; y -= 1; steps.append(Step(kind: .same, oldLine: x, newLine: y)) }
        return steps.reversed()
    }
}
