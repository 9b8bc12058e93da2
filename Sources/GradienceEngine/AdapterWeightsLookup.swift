import GradienceInventory
/// The trained weights that belong to an `adapter_config.json`, as GL015 and `resolve`
/// need them: read (header only) through the run's cache, so the inventory built from the
/// same file costs no second read.
struct AdapterWeightsLookup {
    var weights: AdapterWeights?
    /// Why weights that exist could not be used; GL015 reports it at the config's start.
    var problem: String?
    /// What went unchecked (for `--verbose`).
    var note: String?
}

extension Linter {
    func adapterWeights(forConfigAt path: String) -> AdapterWeightsLookup {
        guard let files = AdapterFiles(configPath: path) else { return AdapterWeightsLookup() }
        guard let safetensors = files.safetensors else {
            // PEFT falls back to the pickle only when there is no safetensors file.
            guard let pickle = files.pickle else { return AdapterWeightsLookup() }
            return AdapterWeightsLookup(note: "\(pickle) is a pickle, which gradience-lint never loads (unpickling runs code); the trained ranks were not checked (GL015 reads adapter_model.safetensors)")
        }
        switch inventories.adapterWeights(atPath: safetensors) {
        case .failure(let error):
            return AdapterWeightsLookup(problem: "cannot compare the trained ranks with this config: \(error.message)")
        case .success(let weights):
            switch weights.forAdapterConfig(inFolder: files.folder) {
            case .success(let selected): return AdapterWeightsLookup(weights: selected)
            case .failure(let ambiguous): return AdapterWeightsLookup(problem: "cannot compare the trained ranks with this config: \(ambiguous.message)")
            }
        }
    }
}
