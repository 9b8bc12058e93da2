import Foundation
import GradiencePEFT

/// GL025: `lora_alpha` left to the tool's default, which scales the update down.
public enum DefaultAlphaScaling: Rule {
    public static let metadata = RuleMetadata(
        code: "GL025", name: "default-alpha-scaling", severity: .warning,
        summary: "lora_alpha is not set, and the tool's default alpha scales every update to a quarter or less.",
        description: "Reports a config that sets `r` but not `lora_alpha` when the alpha its tool passes to PEFT (PEFT's own default 8; TRL, ms-swift and AutoTrain 32; axolotl 16; LLaMA-Factory 2 × r; …) gives a scaling `alpha / r` (`alpha / √r` with rsLoRA) of 0.25 or less: a rank raised to 32 or more with PEFT's alpha left behind. Smaller shortfalls (r 16 at 0.5) are common and deliberate enough to leave alone. The message gives the scaling and the alpha for 1.0 and 2.0.",
        why: "`LoraLayer.update_layer` multiplies the update by `lora_alpha / r`. PEFT's default `lora_alpha` is 8 whatever `r` is, so raising `r` to 64 without setting alpha trains at 8/64 = 0.125: an eighth of the step a user expects from alpha = r, and the run looks as if the learning rate were far too low (huggingface/lerobot#3551).",
        fix: .none("The scaling is a training choice; set lora_alpha to the one meant."),
        examples: [
            .triggering("peft_type: LORA\n↓r: 64\ntarget_modules: [q_proj, v_proj]\n", note: "PEFT's default alpha 8: scaling 0.125."),
            .clean("peft_type: LORA\nr: 64\nlora_alpha: 128\ntarget_modules: [q_proj, v_proj]\n"),
            .clean("peft_type: LORA\nr: 8\ntarget_modules: [q_proj, v_proj]\n", note: "PEFT's defaults r = alpha = 8: scaling 1.0."),
            .clean("peft_type: LORA\nr: 16\ntarget_modules: [q_proj, v_proj]\n", note: "Scaling 0.5: a halved update is left alone."),
            .clean("use_peft: true\nlora_r: 16\nlora_target_modules: [q_proj, v_proj]\n", note: "TRL passes lora_alpha=32: scaling 2.0."),
        ])

    public static func check(_ context: RuleContext) -> [Finding] {
        let lora = context.lora
        guard lora.field("lora_alpha") == nil, let rField = lora.field("r"), !lora.notStaticallyKnown.contains("r"),
              !lora.notStaticallyKnown.contains("lora_alpha"),
              lora.format.vocabulary["lora_alpha"] != nil else { return [] }
        let spec = lora.spec
        let r = Double(spec.r)
        let scaling = Resolver.scaling(alpha: spec.loraAlpha, r: r, rslora: spec.useRslora)
        // A quarter or less: r ≥ 32 on PEFT's alpha 8 (lerobot#3551 trained at 0.125).
        guard scaling <= maximumScaling else { return [] }
        let formula = spec.useRslora ? "\(number(spec.loraAlpha))/√\(spec.r)" : "\(number(spec.loraAlpha))/\(spec.r)"
        let forOne = spec.useRslora ? r.squareRoot() : r
        let alphaKey = context.fileKey("lora_alpha")
        return [Finding(node: rField.entry.key, keyPath: rField.pointer,
                        message: "\(alphaKey) is not set, so \(lora.format.rawValue) passes lora_alpha=\(number(spec.loraAlpha)): with \(rField.key)=\(spec.r) every module trains at scaling \(formula) = \(number(scaling)); set \(alphaKey) explicitly (\(number(forOne)) for scaling 1.0, \(number(2 * forOne)) for 2.0)")]
    }

    static let maximumScaling = 0.25

    /// 8, 0.125, 5.66: integers without a decimal point, others to three significant places.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.3g", value)
    }
}
