import GradienceSyntax
/// Checks that the tensors tile the data area exactly, as `Metadata::validate` in the
/// safetensors library does: sorted by offset, each tensor starts where the previous one
/// ended, its size is `dtype` bits × elements, and the last one ends at the file's end.
/// All arithmetic is overflow-checked: offsets and shapes come from an untrusted file.
enum SafetensorsLayoutCheck {
    /// Bits per element. Sub-byte types (F4, F6) are why this is in bits.
    static let dtypeBits: [String: Int] = [
        "BOOL": 8, "U8": 8, "I8": 8, "F8_E5M2": 8, "F8_E4M3": 8, "F8_E8M0": 8,
        "I16": 16, "U16": 16, "F16": 16, "BF16": 16,
        "I32": 32, "U32": 32, "F32": 32,
        "I64": 64, "U64": 64, "F64": 64, "C64": 64,
        "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6,
    ]

    static func validate(_ header: SafetensorsHeader) throws(SafetensorsHeaderError) {
        func fail(_ problem: SafetensorsHeaderError.Problem) -> SafetensorsHeaderError {
            SafetensorsHeaderError(path: header.path, problem: problem)
        }
        for tensor in header.tensors where tensor.dataOffsets.upperBound > header.dataSize {
            throw fail(.offsetsOutsideData(tensor: tensor.name, end: tensor.dataOffsets.upperBound, dataSize: header.dataSize))
        }
        let sorted = header.tensors.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound)
        }
        var position = 0
        var previous: String?
        for tensor in sorted {
            let range = tensor.dataOffsets
            if range.lowerBound < position, let previous {
                throw fail(.overlappingOffsets(first: previous, second: tensor.name))
            }
            if range.lowerBound > position {
                throw fail(.gapBeforeTensor(tensor.name, gapStart: position, begin: range.lowerBound))
            }
            if let expected = try byteSize(of: tensor, fail: fail), expected != range.count {
                throw fail(.sizeMismatch(tensor: tensor.name, expected: expected, actual: range.count))
            }
            position = range.upperBound
            previous = tensor.name
        }
        if position != header.dataSize {
            throw fail(.trailingData(used: position, dataSize: header.dataSize))
        }
    }

    /// nil for a dtype this table does not know: newer than the reader, so not checked.
    private static func byteSize(of tensor: SafetensorsHeader.Tensor,
                                 fail: (SafetensorsHeaderError.Problem) -> SafetensorsHeaderError) throws(SafetensorsHeaderError) -> Int? {
        guard let bits = dtypeBits[tensor.dtype] else { return nil }
        var total = bits
        for dimension in tensor.shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { throw fail(.invalidShape(tensor: tensor.name, reason: "the element count overflows")) }
            total = product
        }
        guard total % 8 == 0 else {
            throw fail(.sizeMismatch(tensor: tensor.name, expected: total / 8 + 1, actual: tensor.dataOffsets.count))
        }
        return total / 8
    }
}
