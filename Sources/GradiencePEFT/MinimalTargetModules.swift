import GradienceInventory
/// `_find_minimal_target_modules` (tuners_utils.py). `inject_adapter` applies it when
/// `target_modules` is a list/set of at least `MIN_TARGET_MODULES_FOR_OPTIMIZATION` (20)
/// entries. It selects the same modules, but full names may become suffixes, and
/// `check_target_module_exists` applies `layers_to_transform` only to suffix matches —
/// so the condensed list is what must be matched against.
enum MinimalTargetModules {
    static let threshold = 20

    /// The dot-split suffixes of `name`, shortest first (`generate_suffixes`).
    static func dottedSuffixes(_ name: String) -> [String] {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return (0..<parts.count).reversed().map { parts[$0...].joined(separator: ".") }
    }

    /// nil when PEFT would keep the list as it is.
    static func condense(targets: Set<String>, moduleNames: [String]) -> Set<String>? {
        guard targets.count >= threshold, !targets.contains("") else { return nil }
        return condensed.value(for: Question(targets: targets, moduleNames: moduleNames)) {
            compute(targets: targets, moduleNames: moduleNames)
        }
    }

    /// Configs of a zoo share their base model and target list (`all-linear` expands to
    /// the same full names each time): condense each distinct pair once per run.
    private struct Question: Hashable {
        let targets: Set<String>
        let moduleNames: [String]
    }

    private static let condensed = Memo<Question, Set<String>?>()

    private static func compute(targets: Set<String>, moduleNames: [String]) -> Set<String>? {
        let others = moduleNames.filter { name in
            !targets.contains(name) && !DottedSuffixSet.endsWithAny(name, of: targets)
        }
        var otherSuffixes: Set<String> = []
        for name in others { otherSuffixes.formUnion(dottedSuffixes(name)) }

        // Sorted by the suffix lists (Python list comparison over code-point strings),
        // exactly as PEFT sorts for determinism.
        let ordered = targets.map { ($0, dottedSuffixes($0)) }.sorted { a, b in
            a.1.lexicographicallyPrecedes(b.1, by: pythonLess)
        }
        var required: Set<String> = []
        for (_, suffixes) in ordered {
            // `any(item.endswith("." + req) for req in required)`: some proper suffix is required.
            let covered = suffixes.dropLast().contains(where: required.contains)
            for suffix in suffixes {
                if required.contains(suffix) || otherSuffixes.contains(suffix) { continue }
                if !covered { required.insert(suffix) }
                break
            }
        }
        if required.isEmpty || required.count >= targets.count { return nil }
        return required
    }
}
