import Testing
@testable import GradienceLint

@Suite struct SafetensorsHeaderTests {
    typealias Entry = SafetensorsFixture.Entry

    private func read(_ bytes: [UInt8]) throws(SafetensorsHeaderError) -> SafetensorsHeader {
        let folder = try! TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try! folder.write("adapter_model.safetensors", bytes)
        do {
            return try SafetensorsHeader.read(atPath: path)
        } catch {
            // Report the problem without the temp path, so tests compare problems only.
            throw SafetensorsHeaderError(path: "file", problem: error.problem)
        }
    }

    private func problem(_ bytes: [UInt8]) -> SafetensorsHeaderError.Problem? {
        do {
            _ = try read(bytes)
            return nil
        } catch {
            return error.problem
        }
    }

    @Test func readsAGoodFile() throws {
        let bytes = SafetensorsFixture.file([
            Entry(name: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", shape: [8, 64]),
            Entry(name: "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight", dtype: "BF16", shape: [64, 8]),
        ])
        let header = try read(bytes)
        #expect(header.metadata == ["format": "pt"])
        #expect(header.tensors.map(\.name) == [
            "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
            "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
        ])
        #expect(header.tensors[0] == SafetensorsHeader.Tensor(
            name: "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", dtype: "F32", shape: [8, 64], dataOffsets: 0..<2048))
        #expect(header.tensors[1].dataOffsets == 2048..<3072)
        #expect(header.dataSize == 3072)
        #expect(header.headerLength % 8 == 0)
    }

    @Test func acceptsAnEmptyTensorListAndScalars() throws {
        let header = try read(SafetensorsFixture.file([Entry(name: "step", dtype: "I64", shape: [])], metadata: false))
        #expect(header.tensors.map(\.shape) == [[]])
        #expect(header.metadata == nil)
        #expect(try read(SafetensorsFixture.file(header: "{}", dataSize: 0)).tensors.isEmpty)
    }

    @Test func refusesATruncatedFile() {
        let good = SafetensorsFixture.file([Entry(name: "a", shape: [4, 4])])
        // Cut inside the header: the length promises more than the file has.
        let cut = Array(good.prefix(20))
        #expect(problem(cut) == .headerPastEndOfFile(length: UInt64(good.count - 8 - 64), available: 12))
        // Cut inside the data: offsets point past the end.
        #expect(problem(Array(good.dropLast(10))) == .offsetsOutsideData(tensor: "a", end: 64, dataSize: 54))
        #expect(problem([1, 2, 3]) == .fileTooShort(size: 3))
    }

    @Test func refusesAHeaderLengthOfTwoToTheSixtyThird() {
        let bytes = SafetensorsFixture.lengthField(1 << 63) + Array("{}      ".utf8)
        #expect(problem(bytes) == .headerTooLarge(length: 1 << 63))
        #expect(problem(SafetensorsFixture.lengthField(.max) + [0x7B]) == .headerTooLarge(length: .max))
    }

    @Test func refusesAHeaderOverOneHundredMegabytes() {
        let bytes = SafetensorsFixture.lengthField(100_000_001) + Array("{}".utf8)
        #expect(problem(bytes) == .headerTooLarge(length: 100_000_001))
        #expect(SafetensorsHeaderError(path: "x", problem: .headerTooLarge(length: 100_000_001)).message
                == "x: invalid safetensors header: the header length is 100000001 bytes, over the 100000000-byte limit")
    }

    @Test func refusesAHeaderThatIsAJSONArray() {
        #expect(problem(SafetensorsFixture.file(header: "[1, 2]", dataSize: 0)) == .notJSONObject(startsWith: "["))
    }

    @Test func refusesInvalidJSON() {
        guard case .invalidJSON? = problem(SafetensorsFixture.file(header: #"{"a": "#, dataSize: 0)) else {
            Issue.record("expected invalidJSON")
            return
        }
    }

    @Test func refusesDuplicateTensorNames() {
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(problem(SafetensorsFixture.file(header: header, dataSize: 8)) == .duplicateTensor("a"))
    }

    @Test func refusesOverlappingOffsets() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(problem(SafetensorsFixture.file(header: header, dataSize: 12)) == .overlappingOffsets(first: "a", second: "b"))
    }

    @Test func refusesOffsetsOutsideTheDataArea() {
        let header = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        #expect(problem(SafetensorsFixture.file(header: header, dataSize: 8)) == .offsetsOutsideData(tensor: "a", end: 16, dataSize: 8))
    }

    @Test func refusesGapsTrailingBytesAndWrongSizes() {
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(problem(SafetensorsFixture.file(header: gap, dataSize: 8)) == .gapBeforeTensor("a", gapStart: 0, begin: 4))
        let short = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        #expect(problem(SafetensorsFixture.file(header: short, dataSize: 8)) == .trailingData(used: 4, dataSize: 8))
        let wrong = #"{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}}"#
        #expect(problem(SafetensorsFixture.file(header: wrong, dataSize: 8)) == .sizeMismatch(tensor: "a", expected: 6, actual: 8))
    }

    @Test func refusesEndBeforeBegin() {
        let header = #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#
        #expect(problem(SafetensorsFixture.file(header: header, dataSize: 8)) == .invalidOffsets(tensor: "a", reason: "begin 8 is after end 0"))
    }

    @Test func refusesNegativeNonIntegerAndHugeShapes() {
        let negative = #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#
        #expect(problem(SafetensorsFixture.file(header: negative, dataSize: 0)) == .invalidShape(tensor: "a", reason: "-1 is negative"))
        let fractional = #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,0]}}"#
        #expect(problem(SafetensorsFixture.file(header: fractional, dataSize: 0)) == .invalidShape(tensor: "a", reason: "2.5 is not an integer"))
        let text = #"{"a":{"dtype":"F32","shape":["4"],"data_offsets":[0,0]}}"#
        #expect(problem(SafetensorsFixture.file(header: text, dataSize: 0)) == .invalidShape(tensor: "a", reason: "expected a non-negative integer"))
        let overflow = #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#
        #expect(problem(SafetensorsFixture.file(header: overflow, dataSize: 0)) == .invalidShape(tensor: "a", reason: "the element count overflows"))
        let huge = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999999]}}"#
        #expect(problem(SafetensorsFixture.file(header: huge, dataSize: 0)) == .invalidOffsets(tensor: "a", reason: "99999999999999999999999 is too large"))
    }

    @Test func refusesMalformedEntriesAndMetadata() {
        let noDtype = #"{"a":{"shape":[1],"data_offsets":[0,4]}}"#
        #expect(problem(SafetensorsFixture.file(header: noDtype, dataSize: 4)) == .malformedEntry(tensor: "a", reason: "missing or non-string 'dtype'"))
        let notObject = #"{"a":[1,2]}"#
        #expect(problem(SafetensorsFixture.file(header: notObject, dataSize: 0))
                == .malformedEntry(tensor: "a", reason: "expected an object with dtype, shape and data_offsets"))
        let badMetadata = #"{"__metadata__":{"format":1}}"#
        #expect(problem(SafetensorsFixture.file(header: badMetadata, dataSize: 0)) == .badMetadata("must map strings to strings"))
    }

    @Test func refusesNonUTF8() {
        let bytes: [UInt8] = Array(#"{"a"#.utf8) + [0xFF, 0xFE] + Array(#"":{}}   "#.utf8)
        #expect(problem(SafetensorsFixture.file(headerBytes: bytes, dataSize: 0)) == .notUTF8(offset: 3))
    }

    @Test func readsALargeHeaderWithoutTheData() throws {
        // ~15k tensors: a header over a megabyte, read in chunks.
        let entries = (0..<15_000).map { Entry(name: "model.layers.\($0).mlp.down_proj.lora_A.weight", dtype: "BF16", shape: [1]) }
        let header = try read(SafetensorsFixture.file(entries))
        #expect(header.tensors.count == 15_000)
        #expect(header.headerLength > 1 << 20)
        #expect(header.tensors.last?.dataOffsets == 29_998..<30_000)
    }

    @Test func aFolderOrMissingFileIsAnError() {
        #expect(throws: SafetensorsHeaderError(path: "/nonexistent.safetensors", problem: .unreadable("no such file"))) {
            try SafetensorsHeader.read(atPath: "/nonexistent.safetensors")
        }
        #expect(throws: SafetensorsHeaderError(path: "/tmp", problem: .unreadable("it is a folder, not a file"))) {
            try SafetensorsHeader.read(atPath: "/tmp")
        }
    }
}
