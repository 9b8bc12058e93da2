/// Finds the LoRA settings in a parsed document, from its keys and never its file name:
/// not every `adapter_config.json` is PEFT (MLX-LM and AdapterHub use the name too).
///
/// Each tool's signature lives in its file under `Formats/`; `FormatRegistry` tries
/// them most specific first. The first that fits wins; another tool's signature that
/// fits too is said under `--verbose` (a tie), never decided silently.
public enum ConfigExtractor {
    public enum Outcome {
        case lora(LoraSettings)
        /// The file is a config we recognise but LoRA rules do not apply (AdaLoRA,
        /// MLX-LM, LoRA switched off); said once under `--verbose`.
        case skipped(String)
        /// No LoRA settings at all: a GitHub workflow, a docker-compose file.
        case none
    }

    /// What one document holds: usually one outcome (FLock's file and Olive's workflows
    /// hold several), and the recognition notes `--verbose` prints.
    public struct Extraction {
        public var outcomes: [Outcome]
        public var notes: [String]
    }

    /// The first outcome of `extractAll`.
    public static func extract(from root: Node) -> Outcome {
        extractAll(from: root).outcomes.first ?? .none
    }

    public static func extractAll(from root: Node) -> Extraction {
        guard root.entries != nil else { return Extraction(outcomes: [], notes: []) }
        let document = Document(root)
        for (index, recognizer) in FormatRegistry.recognizers.enumerated() {
            guard let found = recognizer.recognize(document), !found.isEmpty else { continue }
            var notes: [String] = []
            let outcomes = found.map { recognition -> Outcome in
                switch recognition {
                case .skipped(let reason): return .skipped(reason)
                case .settings(let format, let section, let pointer, let openBecause):
                    if let openBecause { notes.append("read as \(format.rawValue) with its key set open: \(openBecause)") }
                    return .lora(build(format, root: root, section: section, pointer: pointer, closedKeys: openBecause == nil))
                }
            }
            return Extraction(outcomes: outcomes, notes: notes + ties(after: index, document: document, winner: found))
        }
        return Extraction(outcomes: [], notes: [])
    }

    /// Later recognisers whose signature fits as well: said, with the one chosen.
    private static func ties(after index: Int, document: Document, winner: [Recognition]) -> [String] {
        guard case .settings(let chosen, _, _, _)? = winner.first else { return [] }
        var notes: [String] = []
        for recognizer in FormatRegistry.recognizers.dropFirst(index + 1)
        where !FormatRegistry.fallbacks.contains(ObjectIdentifier(recognizer)) {
            // A generic reading (a project's keys, bare kwargs) is no rival to a tool's own.
            guard case .settings(let other, _, let pointer, _)? = recognizer.recognize(document)?.first, other != chosen,
                  other != .projectSection, other != .peftKwargs else { continue }
            notes.append("also fits \(other.definition.tool) (\(other.rawValue)\(pointer.isEmpty ? "" : " at \(pointer)")): \(other.definition.signature); read as \(chosen.rawValue), whose signature is more specific")
        }
        return notes
    }

    static func keySet(_ node: Node) -> Set<String> {
        Set(node.effectiveEntries.compactMap { $0.keyText })
    }

    /// The mapping that holds the node at `pointer` (plain keys only, as section pointers are).
    private static func parent(of pointer: String, in root: Node) -> Node? {
        var node: Node? = root
        for token in pointer.split(separator: "/").dropLast() { node = node?.value(forKey: String(token)) }
        return node
    }

    /// Alternative spellings a format accepts for a field, tried after its own key.
    private static func alternatives(_ definition: FormatDefinition) -> [String: [String]] {
        var alternatives = definition.alternativeKeys
        if let prefix = definition.commandLinePrefix {
            for (field, key) in definition.vocabulary { alternatives[field, default: []].append(prefix + key) }
        }
        return alternatives
    }

    static func build(_ format: ConfigFormat, root: Node, section: Node, pointer: String, closedKeys: Bool = true) -> LoraSettings {
        var fields: [String: SettingField] = [:]
        let definition = format.definition
        let alternatives = alternatives(definition)
        for (peftName, ownKey) in definition.vocabulary {
            for fileKey in [ownKey] + (alternatives[peftName] ?? []) {
                guard let entry = section.entry(forKey: fileKey) else { continue }
                fields[peftName] = SettingField(peftName: peftName, key: fileKey, entry: entry, container: section,
                                                pointer: JSONPointer.appending(pointer, fileKey))
                break
            }
        }
        var allowedRanks: SettingField?
        if format == .seedBench, let compression = root.value(forKey: "compression"),
           let entry = compression.entry(forKey: "allowed_ranks") {
            allowedRanks = SettingField(peftName: "allowed_ranks", key: "allowed_ranks", entry: entry, container: compression,
                                        pointer: "/compression/allowed_ranks")
        }
        let builder = SpecBuilder(format: format, section: section, fields: fields)
        let (spec, unknown, notes) = builder.build()
        // A closed key set is checked key by key; an open one (or a section that mixes the
        // tool's other settings) only for near-typos of the keys the format reads.
        var sectionVocabulary: Set<String>?
        if closedKeys, definition.keySet.isClosed, !definition.sectionMixesOtherSettings, section.value(forKey: "adapter")?.scalar == nil {
            sectionVocabulary = Set(definition.vocabulary.values).union(definition.extraSectionKeys).union(PeftFields.legacy)
            for values in alternatives.values { sectionVocabulary!.formUnion(values) }
            if format.isLoraConfigKeywords { sectionVocabulary!.formUnion(PeftFields.all) }
        }
        return LoraSettings(format: format, root: root, section: section, sectionPointer: pointer, fields: fields, spec: spec,
                            notStaticallyKnown: unknown, modelName: modelName(root: root, section: section, pointer: pointer, format: format),
                            allowedRanks: allowedRanks, sectionVocabulary: sectionVocabulary, transformations: notes)
    }

    /// The keys most tools name the base model with, beside or above the LoRA section.
    package static let modelNameKeys = ["base_model_name_or_path", "base_model", "model_name_or_path", "model_name", "model", "llm_backbone"]

    private static func modelName(root: Node, section: Node, pointer: String, format: ConfigFormat) -> String? {
        // verl's model config names it `path` (HFModelConfig); EasyR1's sits beside `lora` as `model_path`.
        if format == .verl || format == .easyR1 {
            let holder = format == .verl ? section : parent(of: pointer, in: root)
            for key in ["path", "model_path"] {
                if let text = holder?.value(forKey: key)?.scalar?.text, !text.isEmpty { return text }
            }
        }
        // FLock: each block is keyed by its base model's id.
        if format == .flock, let token = pointer.split(separator: "/").last {
            return String(token).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        // h2o-llmstudio: `llm_backbone` (`ConfigProblemBase`); SimpleTuner, MiniGPT-v2 and HALOs name it their own way.
        let ownKeys: [String]
        switch format {
        case .simpleTuner: ownKeys = ["pretrained_model_name_or_path", "--pretrained_model_name_or_path"]
        case .miniGPT: ownKeys = ["llama_model"]
        case .halos: ownKeys = ["name_or_path"]
        default: ownKeys = []
        }
        for key in ownKeys + modelNameKeys {
            if let text = section.value(forKey: key)?.scalar?.text ?? root.value(forKey: key)?.scalar?.text, !text.isEmpty {
                return text
            }
        }
        if let model = root.value(forKey: "model"), model.entries != nil {
            for key in ["name", "model_name", "model_name_or_path", "pretrained_model_name_or_path"] {
                if let text = model.value(forKey: key)?.scalar?.text, !text.isEmpty { return text }
            }
        }
        return nil
    }
}

import Foundation
import GradienceSyntax
import GradiencePEFT
