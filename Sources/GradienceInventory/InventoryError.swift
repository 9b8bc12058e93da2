import GradienceSyntax
/// Why an inventory source could not be read. Every failure is a value with a message
/// a user can act on; a broken file must never crash the linter.
public enum InventoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A modules file line that is not `name` or `name<TAB>ClassName`.
    case malformedModulesFile(path: String, line: Int, reason: String)
    /// A safetensors header that the safetensors library itself would refuse.
    case badSafetensors(SafetensorsHeaderError)
    /// A JSON file (config.json, the weight index) that does not parse or has the wrong shape.
    case badJSON(path: String, reason: String)
    /// An architecture the catalog has no template for.
    case unknownArchitecture(String, known: [String])
    /// A layer or expert count that cannot describe a real model.
    case invalidCount(what: String, value: Int)
    /// A model folder that holds nothing to build an inventory from.
    case emptyModelDirectory(path: String, reason: String)
    /// Counts beyond any real model (`ModelSizeLimits`).
    case sizeBeyondLimits(String)

    public var message: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .malformedModulesFile(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .badSafetensors(let error):
            return error.message
        case .badJSON(let path, let reason):
            return "\(path): \(reason)"
        case .unknownArchitecture(let name, let known):
            // The catalog has hundreds of types: suggest the nearest instead of listing them all.
            return "no catalog template for architecture '\(name)'\(Suggestion.didYouMean(name, among: known)) "
                + "(the catalog has the \(known.count) model types transformers registers; a config.json model_type names one)"
        case .invalidCount(let what, let value):
            return "\(what) must be a positive integer, not \(value)"
        case .emptyModelDirectory(let path, let reason):
            return "\(path): \(reason)"
        case .sizeBeyondLimits(let reason):
            return reason
        }
    }

    public var description: String { message }
}
