import GradienceSyntax
import GradienceRules
/// `--statistics`: how many findings of each code, and how many `--fix` would repair.
public enum StatisticsReport {
    public struct Row: Equatable {
        public let code: String
        public let name: String
        public let count: Int
        /// Findings with a safe fix (`--fix`).
        public let fixable: Int
        /// Findings with an unsafe fix (`--fix --unsafe-fixes`).
        public let unsafeFixable: Int
    }

    /// Most frequent first, then by code.
    public static func rows(_ diagnostics: [Diagnostic]) -> [Row] {
        let byCode = Dictionary(grouping: diagnostics, by: \.code)
        return byCode.map { code, group in
            Row(code: code, name: group[0].name, count: group.count,
                fixable: group.filter { $0.fix?.applicability == .safe }.count,
                unsafeFixable: group.filter { $0.fix?.applicability == .unsafe }.count)
        }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
    }

    public static func text(_ diagnostics: [Diagnostic]) -> String {
        let rows = rows(diagnostics)
        let countWidth = max(5, String(rows.first?.count ?? 0).count)
        let nameWidth = rows.map(\.name.count).max() ?? 4
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return right ? fill + text : text + fill
        }
        var out = "\(pad("count", countWidth, right: true))  code   \(pad("name", nameWidth))  fixable\n"
        for row in rows {
            out += "\(pad(String(row.count), countWidth, right: true))  \(row.code)  \(pad(row.name, nameWidth))  \(pad(String(row.fixable), 7, right: true))\n"
        }
        let fixable = rows.map(\.fixable).reduce(0, +), unsafe = rows.map(\.unsafeFixable).reduce(0, +)
        let total = diagnostics.count
        out += "Found \(total) problem\(total == 1 ? "" : "s"); \(fixable) fixable with --fix"
        out += unsafe > 0 ? ", \(unsafe) more with --unsafe-fixes.\n" : ".\n"
        return out
    }

    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let rows = rows(diagnostics)
        let document: JSONValue = .object([
            ("statistics", .array(rows.map { row in
                .object([
                    ("code", .string(row.code)), ("name", .string(row.name)), ("count", .int(row.count)),
                    ("fixable", .int(row.fixable)), ("unsafe_fixable", .int(row.unsafeFixable)),
                ])
            })),
            ("total", .int(diagnostics.count)),
            ("fixable", .int(rows.map(\.fixable).reduce(0, +))),
            ("unsafe_fixable", .int(rows.map(\.unsafeFixable).reduce(0, +))),
        ])
        return document.rendered() + "\n"
    }
}
