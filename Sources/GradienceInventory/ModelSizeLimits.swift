/// Layer and expert counts beyond any real model, refused wherever a count is given (the
/// settings' `model.num-layers` / `num-experts`, `--num-layers` / `--num-experts`, a
/// `config.json`): the catalog builds one module name per layer and expert, and
/// `num-layers: 1000` × `num-experts: 1000` was three million names (15 s, 1.7 GiB);
/// 10,000 × 10,000 aborted on a failed allocation.
///
/// The deepest published models have under 130 layers (Llama 3.1 405B: 126), the widest
/// MoE layers 2,048 experts (google/switch-c-2048), and the most expert blocks in one model
/// are in the tens of thousands (DeepSeek-V3: 58 MoE layers × 256 experts = 14,848). The
/// limits leave several times that room (the benchmark's synthetic 714-layer Mixtral fits).
public enum ModelSizeLimits {
    public static let maxLayers = 1_024
    public static let maxExperts = 4_096
    /// Layers × experts: the number of expert blocks the catalog writes out.
    public static let maxExpertLayers = 65_536

    /// Why a count is out of range, or nil when it is fine.
    public static func problem(layers: Int?, experts: Int?) -> String? {
        if let layers, layers < 1 || layers > maxLayers {
            return "num-layers must be between 1 and \(maxLayers) (no real model has more layers), not \(layers)"
        }
        if let experts, experts < 1 || experts > maxExperts {
            return "num-experts must be between 1 and \(maxExperts) (no real model has more experts per layer), not \(experts)"
        }
        if let layers, let experts, layers.multipliedReportingOverflow(by: experts).partialValue > maxExpertLayers {
            return "num-layers × num-experts must be at most \(maxExpertLayers) (no real model has more expert blocks), "
                + "not \(layers) × \(experts)"
        }
        return nil
    }
}
