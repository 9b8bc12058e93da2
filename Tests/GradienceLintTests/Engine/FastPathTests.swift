import Testing
@testable import GradienceLint
@testable import GradiencePEFT
@testable import GradienceRules

// The shortcuts taken for speed must give the answers of the plain algorithms they
// replace. Each test compares a shortcut with a straightforward reference on inputs
// chosen to hit its edges.

private let moduleNames: [String] = {
    var names = ["lm_head", "model.embed_tokens", "model.norm", "q_proj", ".q_proj", "model.layers.0.q_proj."]
    for layer in [0, 1, 10, 11] {
        for projection in ["self_attn.q_proj", "self_attn.k_proj", "self_attn.o_proj", "mlp.down_proj", "mlp.act_fn", "input_layernorm"] {
            names.append("model.layers.\(layer).\(projection)")
        }
    }
    return names
}()

/// The dynamic-programming distance on Characters, with no bound and no byte path.
private func referenceDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}

private func referenceClosest(_ word: String, _ candidates: [String]) -> String? {
    let limit = max(1, min(3, word.count / 3))
    var best: (String, Int)?
    for candidate in candidates {
        let distance = referenceDistance(word.lowercased(), candidate.lowercased())
        if distance <= limit, best == nil || distance < best!.1 { best = (candidate, distance) }
    }
    return best?.0
}

@Test func boundedSuggestionAgreesWithTheFullDistance() {
    let words = ["model.layers.0.self_attn.q_porj", "model.layers.1.mlp.down_prj", "lm_haed", "q_proj", "Q_PROJ", "qproj",
                 "model.layers.10.self_attn.k_proj.lora_A", "model.layers.11.self_attn.o_proj", "é_proj", "q\r\nproj", "",
                 "model.layers.0.q_proj"]
    let candidates = moduleNames + ["é_proj", "e\u{301}_proj", "q\r\nproj", "Model.Layers.0.Self_Attn.Q_Proj"]
    for word in words {
        #expect(Suggestion.closest(to: word, among: candidates) == referenceClosest(word, candidates), "\(word)")
        for candidate in candidates {
            #expect(Suggestion.editDistance(word, candidate) == referenceDistance(word, candidate), "\(word) / \(candidate)")
        }
    }
    #expect(Suggestion.closest(to: "lora_droput", among: ["lora_dropout", "lora_alpha", "r"]) == "lora_dropout")
    #expect(Suggestion.closest(to: "zzzzzzzzzzzz", among: ["lora_dropout"]) == nil)
}

@Test func preparedCandidatesAgreeWithTheFullDistance() {
    let words = ["model.layers.0.self_attn.q_porj", "model.layers.12345.self_attn.q_proj", "model.layers.10.mlp.down_proj",
                 "lm_haed", "Q_PROJ", "é_proj", "e\u{301}_proj", "q\r\nproj", "", "zzzzzzzzzzzzzzzzzzzzzzzz"]
    let names = moduleNames + ["é_proj", "e\u{301}_proj", "q\r\nproj", "Model.Layers.0.Self_Attn.Q_Proj"]
    let candidates = Suggestion.Candidates(names)
    for word in words {
        // Reused for many words, the prepared candidates answer as a fresh look-up would.
        #expect(candidates.closest(to: word) == referenceClosest(word, names), "\(word)")
        for positions in [Array(names.indices), Array(names.indices.reversed()), names.indices.filter { $0 % 3 == 0 }, []] {
            let expected = positions.map { (names[$0], referenceDistance(word, names[$0])) }.min { $0.1 < $1.1 }?.0
            #expect(candidates.nearest(to: word, amongPositions: positions) == expected, "\(word) among \(positions)")
        }
    }
}

@Test func boundedDistanceAgreesOnRandomWordsWithEqualEnds() {
    // Small alphabets make equal prefixes and suffixes, and swaps at their edges, common.
    var generator = SystemRandomNumberGenerator()
    func word() -> String { String((0..<Int.random(in: 0...7, using: &generator)).map { _ in "ab.".randomElement(using: &generator)! }) }
    for _ in 0..<3000 {
        let (a, b) = (word(), word())
        let expected = referenceDistance(a, b)
        for limit in 0...4 {
            #expect(Suggestion.editDistance(a, b, limit: limit) == (expected <= limit ? expected : nil), "\(a) / \(b) within \(limit)")
        }
    }
}

@Test func dottedSuffixSetAgreesWithTheDotWalk() {
    let entrySets: [Set<String>] = [["q_proj", "self_attn.k_proj"], ["layers.0.q_proj", "down_proj", ""], ["q_proj."], ["model.norm"], []]
    for entries in entrySets {
        let set = DottedSuffixSet(entries)
        for name in moduleNames {
            let expected = name.contains(".") ? DottedSuffixSet.suffixMatch(name, in: entries) : nil
            #expect(set.suffixMatch(name) == expected, "\(name) in \(entries)")
            #expect(set.endsWithAny(name) == DottedSuffixSet.endsWithAny(name, of: entries))
        }
    }
    #expect(DottedSuffixSet(["self_attn.q_proj", "q_proj"]).suffixMatch("model.layers.0.self_attn.q_proj") == "self_attn.q_proj")
}

@Test func literalKeyOverlapCandidatesCoverEveryOverlappingPair() {
    let keys = ["q_proj", "self_attn.q_proj", "model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.k_proj",
                "layers.0.self_attn.q_proj", "q_proj", ".q_proj", "x.", "", "k_proj", "model.layers.1.mlp.down_proj", "down_proj"]
    var expected: [[Int]] = []
    for i in keys.indices {
        for j in keys.indices where j > i {
            let a = keys[i], b = keys[j]
            if a == b || a.hasSuffix("." + b) || b.hasSuffix("." + a) { expected.append([i, j]) }
        }
    }
    let candidates = LiteralKeyOverlaps.candidatePairs(keys).map { [$0.0, $0.1] }
    #expect(candidates == expected)
}

@Test func jsonPointerEscapesOnlyWhatRFC6901Requires() {
    #expect(JSONPointer.appending("/lora", "rank_pattern") == "/lora/rank_pattern")
    #expect(JSONPointer.appending("", "a/b~c") == "/a~1b~0c")
    #expect(JSONPointer.appending("/x", "~/é") == "/x/~0~1é")
    #expect(JSONPointer.appending("/x", "") == "/x/")
    #expect(JSONPointer.appending("/x", 3) == "/x/3")
}
