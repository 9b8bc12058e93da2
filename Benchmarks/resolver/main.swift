import Foundation
import GradienceLint

// Resolver benchmark: N full-name rank_pattern keys against an N-module inventory, the
// indexed resolver versus a naive loop that runs every key's regex on every module
// (the loop is timed on a sample of modules and extrapolated — running it in full takes
// minutes). Run: swift run -c release gradience-bench-resolver [N]

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
let projections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
let layers = (count + projections.count - 1) / projections.count
var names: [String] = []
for layer in 0..<layers {
    for projection in projections where names.count < count {
        let group = projection.hasSuffix("_proj") && projection.count == 6 ? "self_attn" : "mlp"
        names.append("model.layers.\(layer).\(group).\(projection)")
    }
}
let modules = names.map { ModuleInfo(name: $0, className: "Linear") }
let inventory = Inventory(source: .catalog, detail: "synthetic", modules: modules, modelType: "llama")
// Every module has its own key, plus a few regexes that must still be honoured in order.
var rankPattern = names.enumerated().map { PatternEntry(key: $1, value: Double(4 + $0 % 3 * 4)) }
rankPattern.insert(PatternEntry(key: #"model\.layers\.1\d\..*q_proj"#, value: 64), at: count / 2)
rankPattern.append(PatternEntry(key: "q_proj|v_proj", value: 2))
let spec = LoraSpec(r: 8, loraAlpha: 16, targetModules: .list(projections), rankPattern: rankPattern)

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var resolution: Resolution?
let indexed = seconds { resolution = Resolver.resolve(spec: spec, inventory: inventory, version: .defaultVersion) }
print("keys: \(rankPattern.count), modules: \(modules.count)")
print(String(format: "indexed resolve (targets, rank+alpha, sorted winners): %.3f s", indexed))
print("adapted: \(resolution!.modules.count), unmatched rank keys: \(resolution!.unmatchedRankKeys.count)")

// Naive: compile each key as get_pattern_key builds it, then test keys in order per module.
var compiled: [PythonRegex?] = []
let compileTime = seconds {
    compiled = rankPattern.map { try? PythonRegex.compile(#"(.*\.)?("# + $0.key + ")$", mode: .match).get() }
}
let sample = Array(stride(from: 0, to: names.count, by: max(1, names.count / 50)).map { names[$0] })
var disagreements = 0
let naiveSample = seconds {
    for name in sample {
        let first = compiled.firstIndex { $0?.matches(name) == true }
        let expected = first.map { rankPattern[$0].key }
        if resolution!.modules.first(where: { $0.name == name })?.rankKey != expected { disagreements += 1 }
    }
}
let perModule = naiveSample / Double(sample.count)
print(String(format: "naive: compile %.3f s + %.4f s per module (%d sampled) ≈ %.1f s for all modules",
             compileTime, perModule, sample.count, compileTime + perModule * Double(names.count)))
print("naive vs indexed disagreements on the sample: \(disagreements)")
