import Foundation
import GradienceSyntax

/// The requests answered from a document's analysis (`textDocument/codeAction`,
/// `textDocument/hover`): one place for both ways the server runs analyses (in a worker
/// process, or on its own threads), so the answer is the same either way.
enum ServerRequests {
    static let methods: Set<String> = ["textDocument/codeAction", "textDocument/hover"]

    static func answer(method: String, analysis: DocumentAnalysis, params: JSONValue, pages: RulePages) -> JSONValue {
        let text = analysis.document.text
        switch method {
        case "textDocument/codeAction":
            guard let start = LSPPosition(params["range"]?["start"]), let end = LSPPosition(params["range"]?["end"]) else { return .array([]) }
            let range = text.offset(of: start)..<max(text.offset(of: start), text.offset(of: end))
            let only = params["context"]?["only"]?.arrayValue?.compactMap(\.stringValue)
            return .array(CodeActions.actions(analysis, range: range, only: only, pages: pages))
        case "textDocument/hover":
            guard let result = analysis.result, let position = LSPPosition(params["position"]) else { return .null }
            guard let hover = HoverContent.hover(result, atOffset: text.offset(of: position)) else { return .null }
            return .object([("contents", .object([("kind", .string("markdown")), ("value", .string(hover.text))])),
                            ("range", text.lspRange(hover.range))])
        default:
            return .null
        }
    }
}
