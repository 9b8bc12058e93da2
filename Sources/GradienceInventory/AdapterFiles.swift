import Foundation
import GradienceSyntax

/// The files PEFT's `save_pretrained` writes together: `adapter_config.json` beside
/// `adapter_model.safetensors` (or, with `safe_serialization=False`, the pickled
/// `adapter_model.bin`); `CONFIG_NAME`, `SAFETENSORS_WEIGHTS_NAME` and `WEIGHTS_NAME` in
/// `peft/utils/constants.py`. An adapter not named `default` is saved to
/// `<save_dir>/<adapter_name>/`, all three files together, so "beside the config" also
/// covers that layout.
public struct AdapterFiles: Sendable, Equatable {
    public static let configName = "adapter_config.json"
    public static let safetensorsName = "adapter_model.safetensors"
    public static let pickleName = "adapter_model.bin"

    /// The folder holding the config ("." for a bare file name).
    public var folder: String
    /// `adapter_model.safetensors` beside the config, when it exists.
    public var safetensors: String?
    /// `adapter_model.bin` beside the config, when it exists. Never opened: unpickling
    /// runs arbitrary code.
    public var pickle: String?

    /// nil unless `configPath` names an `adapter_config.json`.
    public init?(configPath: String) {
        guard (configPath as NSString).lastPathComponent == Self.configName else { return nil }
        let parent = (configPath as NSString).deletingLastPathComponent
        self.init(folder: parent.isEmpty ? "." : parent)
    }

    public init(folder: String) {
        self.folder = folder
        safetensors = Self.existingFile(folder, Self.safetensorsName)
        pickle = Self.existingFile(folder, Self.pickleName)
    }

    private static func existingFile(_ folder: String, _ name: String) -> String? {
        // A folder of that name counts: reading it then says what is wrong, rather than
        // the weights silently going unchecked.
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + name
        var info = stat()
        return FileNameBytes.withSystemPath(path, { stat($0, &info) }) == 0 ? path : nil
    }
}
