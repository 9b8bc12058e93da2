"""Writes the inputs of Benchmarks/hostile-scale.sh into the folder given (issue 28's resource rows)."""
import json, os, sys
os.chdir(sys.argv[1])
base = {"peft_type": "LORA", "base_model_name_or_path": "meta-llama/Llama-2-7b-hf", "r": 8, "lora_alpha": 16,
        "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]}
# 3,000 regex rank_pattern keys: each names the q or k projection of one layer of a
# 32-layer Llama, or a name no module has (x<i>)
keys = {r".*\.layers\.%d\.self_attn\.(q|k)_proj|x%d" % (i % 32, i): 8 + i % 7 for i in range(3000)}
os.makedirs("regex3000", exist_ok=True)
json.dump(dict(base, rank_pattern=keys), open("regex3000/adapter_config.json", "w"))
# N rank_pattern keys matching no module
for n in (5000, 20000):
    os.makedirs(f"unmatched{n}", exist_ok=True)
    keys = {"model.layers.%d.self_attn.nothing_%d" % (i % 32, i): 8 for i in range(n)}
    json.dump(dict(base, rank_pattern=keys), open(f"unmatched{n}/adapter_config.json", "w"))
# 300k-name modules file
with open("modules300k.txt", "w") as f:
    f.write("\n")
    for l in range(300000 // 10):
        for m in ["self_attn", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj", "input_layernorm"]:
            f.write("model.layers.%d.%s\n" % (l, m))
os.makedirs("plain", exist_ok=True)
json.dump(base, open("plain/adapter_config.json", "w"))
# layers x experts
for n in (1000, 10000):
    d = f"moe{n}"; os.makedirs(d, exist_ok=True)
    json.dump({"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj", "w1"]}, open(f"{d}/adapter_config.json", "w"))
    open(f"{d}/.gradience-lint.yml", "w").write(f"model:\n  architecture: mixtral\n  num-layers: {n}\n  num-experts: {n}\n")
# 1,100-char key
os.makedirs("longkey", exist_ok=True)
json.dump(dict(base, rank_pattern={"a" * 1100: 4}), open("longkey/adapter_config.json", "w"))
os.makedirs("redos", exist_ok=True)
json.dump(dict(base, target_modules="(.*)*x$"), open("redos/adapter_config.json", "w"))
