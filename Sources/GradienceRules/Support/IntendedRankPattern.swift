import GradienceInventory
import GradiencePEFT
import GradienceConfig
/// `rank_pattern` as the file evidently means it: GL001's keys with their wrapper prefix or
/// internal suffix stripped, which is what GL001's safe fix writes. Resolving it says
/// which rank each module was meant to get, so a module that trained at the default only
/// because PEFT never matched a `base_model.model.…` key can be told apart from one that
/// was meant to.
public struct IntendedRankPattern {
    /// The pattern in file order, GL001's keys renamed.
    public let entries: [PatternEntry]
    /// Renamed key → the key as written in the file.
    public let writtenKeys: [String: String]

    /// nil when no key needs renaming: the config means what PEFT does with it.
    public init?(_ lora: LoraSettings) {
        let written = Set(lora.spec.rankPattern.map(\.key))
        var entries: [PatternEntry] = []
        var writtenKeys: [String: String] = [:]
        for entry in lora.spec.rankPattern {
            // Like GL001's fix: a stripped key that is already in the pattern stays as
            // written (which value was meant is a human decision).
            guard let clean = PrefixedPatternKey.stripped(entry.key)?.key, !written.contains(clean) else {
                entries.append(entry)
                continue
            }
            entries.append(PatternEntry(key: clean, value: entry.value))
            if writtenKeys[clean] == nil { writtenKeys[clean] = entry.key }
        }
        guard !writtenKeys.isEmpty else { return nil }
        self.entries = entries
        self.writtenKeys = writtenKeys
    }
}

extension TrainedRanks {
    /// The comparison GL015 and `resolve` show: `compare(resolution:weights:intended:)`
    /// with the intended resolution worked out from the config's GL001 keys, and each
    /// `intendedKey` given back as the file writes it.
    public static func compare(lora: LoraSettings, inventory: Inventory, resolution: Resolution,
                               weights: AdapterWeights) -> [ModuleComparison] {
        guard let meant = IntendedRankPattern(lora) else { return compare(resolution: resolution, weights: weights, inventory: inventory) }
        var spec = lora.spec
        spec.rankPattern = meant.entries
        let intended = Resolver.resolve(spec: spec, inventory: inventory, version: resolution.version)
        return compare(resolution: resolution, weights: weights, inventory: inventory, intended: intended).map { row in
            var row = row
            row.intendedKey = row.intendedKey.map { meant.writtenKeys[$0] ?? $0 }
            return row
        }
    }
}
