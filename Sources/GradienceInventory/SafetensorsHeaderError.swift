import GradienceSyntax
/// Why a `.safetensors` header was refused. Each problem is one the safetensors library
/// itself refuses (`safetensors/src/tensor.rs`, `Metadata::validate`), so a file this
/// reader accepts is a file PEFT can load.
public struct SafetensorsHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: Sendable, Equatable {
        case unreadable(String)
        /// Fewer than the 8 bytes that hold the header length.
        case fileTooShort(size: Int)
        /// A Git LFS pointer file, with the size of the weights it stands for.
        case gitLFSPointer(size: Int?)
        case headerTooLarge(length: UInt64)
        case headerPastEndOfFile(length: UInt64, available: Int)
        case notUTF8(offset: Int)
        /// The header does not start with `{` (an array, a string, padding…).
        case notJSONObject(startsWith: String)
        case invalidJSON(String)
        case duplicateTensor(String)
        case malformedEntry(tensor: String, reason: String)
        case invalidShape(tensor: String, reason: String)
        /// `data_offsets` that are not two non-negative integers with begin ≤ end.
        case invalidOffsets(tensor: String, reason: String)
        case offsetsOutsideData(tensor: String, end: Int, dataSize: Int)
        case overlappingOffsets(first: String, second: String)
        /// Bytes that belong to no tensor between two tensors (or before the first).
        case gapBeforeTensor(String, gapStart: Int, begin: Int)
        /// `data_offsets` that disagree with `dtype` × `shape`.
        case sizeMismatch(tensor: String, expected: Int, actual: Int)
        /// Bytes after the last tensor: the file is longer than the header says.
        case trailingData(used: Int, dataSize: Int)
        case badMetadata(String)
    }

    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var message: String {
        if case .gitLFSPointer = problem { return "\(path) \(reason)" }
        return "\(path): invalid safetensors header: \(reason)"
    }

    public var description: String { message }

    public var reason: String {
        switch problem {
        case .unreadable(let why):
            return why
        case .fileTooShort(let size):
            return "the file has \(size) bytes; a safetensors file starts with an 8-byte header length"
        case .gitLFSPointer(let size):
            let weights = size.map { "the \($0)-byte weights" } ?? "the weights"
            return "is a Git LFS pointer, not safetensors: \(weights) were never fetched (run `git lfs pull`), and PEFT cannot load the adapter from it"
        case .headerTooLarge(let length):
            return "the header length is \(length) bytes, over the \(SafetensorsHeader.maxHeaderLength)-byte limit"
        case .headerPastEndOfFile(let length, let available):
            return "the header length is \(length) bytes but only \(available) bytes follow the length field (truncated file?)"
        case .notUTF8(let offset):
            return "the header is not valid UTF-8 (byte \(offset) of the header)"
        case .notJSONObject(let start):
            return start.isEmpty ? "the header is empty; it must be a JSON object" : "the header must be a JSON object, but it starts with '\(start)'"
        case .invalidJSON(let why):
            return "the header is not valid JSON: \(why)"
        case .duplicateTensor(let name):
            return "tensor '\(name)' is listed more than once"
        case .malformedEntry(let tensor, let why):
            return "tensor '\(tensor)': \(why)"
        case .invalidShape(let tensor, let why):
            return "tensor '\(tensor)': bad shape: \(why)"
        case .invalidOffsets(let tensor, let why):
            return "tensor '\(tensor)': bad data_offsets: \(why)"
        case .offsetsOutsideData(let tensor, let end, let dataSize):
            return "tensor '\(tensor)' ends at byte \(end) of the data area, which has only \(dataSize) bytes"
        case .overlappingOffsets(let first, let second):
            return "tensors '\(first)' and '\(second)' overlap in the data area"
        case .gapBeforeTensor(let tensor, let gapStart, let begin):
            return "bytes \(gapStart)..<\(begin) of the data area belong to no tensor (before '\(tensor)')"
        case .sizeMismatch(let tensor, let expected, let actual):
            return "tensor '\(tensor)' has \(actual) bytes of data but its dtype and shape need \(expected)"
        case .trailingData(let used, let dataSize):
            return "the tensors use \(used) bytes but the data area has \(dataSize)"
        case .badMetadata(let why):
            return "__metadata__ \(why)"
        }
    }
}
