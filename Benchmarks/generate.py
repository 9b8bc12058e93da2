#!/usr/bin/env python3
"""Generates the benchmark workloads reproducibly (fixed seed, standard library only).

    generate.py zoo OUT --files N [--seed S] [--bug-rate P]
        A model-zoo repository: PEFT adapter_config.json files (saved as PEFT saves
        them: json.dumps(sort_keys=True, indent=2)), axolotl, TRL, LLaMA-Factory,
        torchtune, oumi and PEFT-section YAML recipes, and YAML/JSON files with no LoRA
        settings (CI workflows, docker-compose, tokenizer configs). Some configs carry a
        complete rank_pattern/alpha_pattern for every target module of a 32- to 80-layer
        model. With --bug-rate, that share of the LoRA configs gets one seeded bug
        (prefixed or checkpoint-suffixed keys, default r above the pattern, a pattern
        that lists only some modules, duplicate keys, a typo, a syntax error).
        Layout: OUT/adapters/<name>/adapter_config.json, OUT/adapters/<name>/*.json,
        OUT/recipes/<tool>/<name>.yaml, OUT/ci/<name>.yml.

    generate.py giant OUT --layers L [--experts E]
        One adapter_config.json for a Mixtral-style MoE (`--architecture mixtral`) with a
        complete rank_pattern and alpha_pattern over every target module
        (q/k/v/o_proj and the experts' w1/w2/w3): 2 x L x (4 + 3E) keys; L=80, E=8 gives
        4,480. Also writes OUT/modules.txt (the target modules, for the naive loop).

        With --prefixed, every key carries `base_model.model.` (the seed's failure, issue 23);
        with --conflict as well, one stripped name is already in rank_pattern with another
        value, so that key cannot be fixed and the rest can.

    generate.py precommit OUT
        What one commit touches: one adapter_config.json and one axolotl recipe.

Everything depends only on the arguments: the same command writes the same bytes.
"""
import argparse
import json
import os
import random

DENSE = {  # catalog models: id -> (layers, family); all have q/k/v/o + gate/up/down
    "meta-llama/Llama-2-7b-hf": 32,
    "meta-llama/Llama-2-13b-hf": 40,
    "meta-llama/Llama-2-70b-hf": 80,
    "meta-llama/Llama-3.1-8B": 32,
    "meta-llama/Llama-3.2-1B": 16,
    "meta-llama/Llama-3.2-3B": 28,
    "mistralai/Mistral-7B-v0.1": 32,
    "Qwen/Qwen2.5-1.5B": 28,
    "Qwen/Qwen2.5-7B": 28,
    "Qwen/Qwen2.5-72B": 80,
    "Qwen/Qwen3-8B": 36,
    "google/gemma-2-9b": 42,
}
UNKNOWN_MODELS = ["/models/internal-base-v3", "acme-ai/acme-13b-chat", "./checkpoints/base"]
ATTENTION = ["q_proj", "k_proj", "v_proj", "o_proj"]
MLP = ["gate_proj", "up_proj", "down_proj"]
RANKS = [4, 8, 16, 32, 64]
BUGS = ["prefix", "suffix", "default-above", "partial", "duplicate", "typo", "syntax"]


def module_names(layers, targets):
    names = []
    for layer in range(layers):
        for target in targets:
            group = "self_attn" if target in ATTENTION else "mlp"
            names.append(f"model.layers.{layer}.{group}.{target}")
    return names


def complete_patterns(rng, layers, targets):
    """A full per-module rank map, as a rank-allocation tool writes it."""
    rank = {}
    alpha = {}
    for name in module_names(layers, targets):
        r = rng.choice(RANKS)
        rank[name] = r
        alpha[name] = 2 * r
    return rank, alpha


def adapter_config(rng, model, targets, r, alpha, rank_pattern, alpha_pattern, rslora=False):
    """PEFT 0.18's LoraConfig.to_dict(), saved with sort_keys=True, indent=2."""
    config = {
        "alora_invocation_tokens": None, "alpha_pattern": alpha_pattern, "arrow_config": None,
        "auto_mapping": None, "base_model_name_or_path": model, "bias": "none", "corda_config": None,
        "ensure_weight_tying": False, "eva_config": None, "exclude_modules": None, "fan_in_fan_out": False,
        "inference_mode": True, "init_lora_weights": True, "layer_replication": None, "layers_pattern": None,
        "layers_to_transform": None, "loftq_config": {}, "lora_alpha": alpha, "lora_bias": False,
        "lora_dropout": rng.choice([0.0, 0.05, 0.1]), "megatron_config": None, "megatron_core": "megatron.core",
        "modules_to_save": None, "peft_type": "LORA", "peft_version": "0.18.1", "qalora_group_size": 16,
        "r": r, "rank_pattern": rank_pattern, "revision": None, "target_modules": targets,
        "target_parameters": None, "task_type": "CAUSAL_LM", "trainable_token_indices": None,
        "use_dora": False, "use_qalora": False, "use_rslora": rslora,
    }
    return json.dumps(config, sort_keys=True, indent=2)


def yaml_mapping(mapping, indent):
    pad = " " * indent
    return "".join(f"{pad}{key}: {value}\n" for key, value in mapping.items())


def yaml_list(items, indent, quote=False):
    pad = " " * indent
    return "".join(f"{pad}- {json.dumps(item) if quote else item}\n" for item in items)


def training_block(rng, indent=0):
    pad = " " * indent
    lines = [
        f"learning_rate: {rng.choice(['2.0e-4', '1.0e-4', '0.0002', '3e-4'])}",
        f"num_train_epochs: {rng.choice([1, 2, 3])}",
        f"per_device_train_batch_size: {rng.choice([1, 2, 4, 8])}",
        f"gradient_accumulation_steps: {rng.choice([2, 4, 8, 16])}",
        "lr_scheduler_type: cosine",
        f"warmup_ratio: {rng.choice(['0.03', '0.1'])}",
        "bf16: true",
        "gradient_checkpointing: true",
        f"logging_steps: {rng.choice([1, 5, 10])}",
        f"save_steps: {rng.choice([100, 500, 1000])}",
        f"seed: {rng.randint(0, 9999)}",
        f"output_dir: outputs/run-{rng.randint(0, 99999)}",
        "report_to: none  # wandb, tensorboard",
    ]
    return "".join(pad + line + "\n" for line in lines)


class Zoo:
    def __init__(self, out, seed, bug_rate):
        self.out = out
        self.rng = random.Random(seed)
        self.bug_rate = bug_rate
        self.bugs = {}
        self.counter = 0

    def write(self, relative, text):
        path = os.path.join(self.out, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        self.counter += 1

    def pick_bug(self, allowed):
        if self.rng.random() >= self.bug_rate:
            return None
        return self.rng.choice([bug for bug in BUGS if bug in allowed])

    def lora_shape(self, pattern_share):
        """Model, targets, r, alpha and (maybe) patterns for one config."""
        rng = self.rng
        model = rng.choice(list(DENSE)) if rng.random() < 0.85 else rng.choice(UNKNOWN_MODELS)
        layers = DENSE.get(model, 32)
        targets = rng.choice([ATTENTION, ["q_proj", "v_proj"], ATTENTION + MLP, ATTENTION + MLP])
        r = rng.choice([8, 16, 16, 32, 64])
        alpha = rng.choice([r, 2 * r, 16, 32])
        rank_pattern, alpha_pattern = {}, {}
        roll = rng.random()
        if roll < pattern_share:
            # A complete per-module map (rank-allocation tools write these).
            rank_pattern, alpha_pattern = complete_patterns(rng, layers, targets)
            r = min(rank_pattern.values())
        elif roll < pattern_share + 0.10:
            # A few overrides, PEFT's "minimal" style.
            for target in rng.sample(targets, min(2, len(targets))):
                rank_pattern[target] = rng.choice(RANKS)
            r = min([r] + list(rank_pattern.values()))
        return model, targets, r, alpha, rank_pattern, alpha_pattern

    @staticmethod
    def seed_pattern_bug(bug, rank_pattern, targets, r):
        """Bugs in a dict before it is written; returns the new r."""
        if not rank_pattern and bug in ("prefix", "suffix", "default-above", "partial"):
            rank_pattern["model.layers.0.self_attn.q_proj"] = 4
            r = max(r, 8)
        keys = list(rank_pattern)
        if bug == "prefix":
            for key in keys[: max(1, len(keys) // 8)]:
                rank_pattern["base_model.model." + key] = rank_pattern.pop(key)
        elif bug == "suffix":
            key = keys[-1]
            rank_pattern[key + ".lora_A.weight"] = rank_pattern.pop(key)
        elif bug == "default-above":
            r = max(rank_pattern.values()) * 2
        elif bug == "partial":
            for key in keys[len(keys) // 2:]:
                del rank_pattern[key]
            if not rank_pattern:
                rank_pattern["model.layers.0.self_attn.q_proj"] = 4
        return r

    # ---- PEFT adapter_config.json -------------------------------------------------
    def peft(self, index):
        rng = self.rng
        model, targets, r, alpha, rank_pattern, alpha_pattern = self.lora_shape(pattern_share=0.40)
        bug = self.pick_bug(BUGS)
        r = self.seed_pattern_bug(bug, rank_pattern, targets, r)
        text = adapter_config(rng, model, targets, r, alpha, rank_pattern, alpha_pattern,
                              rslora=rng.random() < 0.1)
        if bug == "duplicate":
            text = text.replace('  "r": ', f'  "r": {r * 2},\n  "r": ', 1)
        elif bug == "typo":
            text = text.replace('"lora_dropout"', '"lora_droput"', 1)
        elif bug == "syntax":
            text = text.replace('"lora_bias": false,', '"lora_bias": false,,', 1)
        name = f"{model.split('/')[-1].lower()}-{index:05d}"
        self.write(f"adapters/{name}/adapter_config.json", text + "\n" * rng.randint(0, 1))
        self.bugs[bug] = self.bugs.get(bug, 0) + 1
        if rng.random() < 0.3:
            # What else sits in an adapter folder: no LoRA settings, skipped quietly.
            tokenizer = {"add_bos_token": True, "add_eos_token": False, "bos_token": "<s>", "eos_token": "</s>",
                         "model_max_length": rng.choice([2048, 4096, 8192]), "pad_token": None,
                         "padding_side": "right", "tokenizer_class": "LlamaTokenizer",
                         "added_tokens_decoder": {str(i): {"content": f"<extra_{i}>", "special": True} for i in range(rng.randint(2, 40))}}
            self.write(f"adapters/{name}/tokenizer_config.json", json.dumps(tokenizer, indent=2))

    # ---- YAML recipes ---------------------------------------------------------------
    def yaml_recipe(self, index):
        rng = self.rng
        tool = rng.choice(["axolotl", "axolotl", "trl", "llamafactory", "torchtune", "oumi", "peft-section"])
        model, targets, r, alpha, rank_pattern, alpha_pattern = self.lora_shape(
            pattern_share=0.25 if tool in ("axolotl", "peft-section") else 0.0)
        allowed = BUGS if tool in ("axolotl", "peft-section") else ["duplicate", "typo", "syntax"]
        bug = self.pick_bug(allowed)
        r = self.seed_pattern_bug(bug, rank_pattern, targets, r)
        body = getattr(self, "yaml_" + tool.replace("-", "_"))(model, targets, r, alpha, rank_pattern, alpha_pattern, bug)
        if bug == "syntax":
            body = body.replace("\n", "\n\tbroken: [\n", 1)
        self.write(f"recipes/{tool}/{tool}-{index:05d}.yaml", body)
        self.bugs[bug] = self.bugs.get(bug, 0) + 1

    def pattern_yaml(self, key, pattern, indent):
        if not pattern:
            return ""
        if len(pattern) > 40 and self.rng.random() < 0.3:
            # Flow style, as some tools dump long maps.
            inner = ", ".join(f"{name}: {value}" for name, value in pattern.items())
            return f"{' ' * indent}{key}: {{{inner}}}\n"
        return f"{' ' * indent}{key}:\n" + yaml_mapping(pattern, indent + 2)

    def yaml_axolotl(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        rng = self.rng
        text = f"base_model: {model}\n# Automatically upload checkpoint and final model to HF\n\n"
        text += "datasets:\n" + "".join(f"  - path: {name}\n    type: alpaca\n" for name in rng.sample(
            ["teknium/GPT4-LLM-Cleaned", "tatsu-lab/alpaca", "yahma/alpaca-cleaned", "mhenrichsen/alpaca_2k_test"], 2))
        text += f"val_set_size: 0.05\noutput_dir: ./outputs/lora-out-{rng.randint(0, 999)}\n\n"
        text += f"adapter: {rng.choice(['lora', 'qlora'])}\nlora_model_dir:\n\nsequence_len: {rng.choice([2048, 4096])}\nsample_packing: true\n\n"
        text += f"lora_r: {r}\n"
        if bug == "duplicate":
            text += f"lora_alpha: {alpha * 2}\n"
        text += f"lora_alpha: {alpha}\n"
        text += f"{'lora_droput' if bug == 'typo' else 'lora_dropout'}: 0.05\n"
        text += "lora_target_modules:\n" + yaml_list(targets, 2)
        text += self.pattern_yaml("lora_rank_pattern", rank_pattern, 0)
        text += self.pattern_yaml("lora_alpha_pattern", alpha_pattern, 0)
        text += "\nwandb_project:\nwandb_entity:\n\ngradient_accumulation_steps: 4\nmicro_batch_size: 2\nnum_epochs: 1\n"
        text += "optimizer: adamw_bnb_8bit\nlr_scheduler: cosine\nlearning_rate: 0.0002\n\nbf16: auto\ntf32: false\n"
        text += "gradient_checkpointing: true\nlogging_steps: 1\nflash_attention: true\n\nwarmup_steps: 10\n"
        text += "evals_per_epoch: 4\nsaves_per_epoch: 1\nweight_decay: 0.0\nspecial_tokens:\n  pad_token: \"<|end_of_text|>\"\n"
        return text

    def yaml_trl(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        text = f"# Model arguments\nmodel_name_or_path: {model}\nmodel_revision: main\ntorch_dtype: bfloat16\n\n"
        text += f"# LoRA arguments\nload_in_4bit: true\nuse_peft: true\nlora_r: {r}\n"
        if bug == "duplicate":
            text += f"lora_r: {r * 2}\n"
        text += f"lora_alpha: {alpha}\n{'lora_droput' if bug == 'typo' else 'lora_dropout'}: 0.05\n"
        text += "lora_target_modules:\n" + yaml_list(targets, 0)
        text += "\n# Data training arguments\ndataset_mixture:\n  datasets:\n    - id: HuggingFaceH4/ultrachat_200k\n"
        text += "      config: default\n      split: train_sft\n      columns:\n        - messages\n      weight: 1.0\n"
        text += "  test_split_size: 1000\n  seed: 0\ndataset_num_proc: 12\n\n# SFT trainer config\n"
        return text + training_block(self.rng)

    def yaml_llamafactory(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        target = self.rng.choice(["all", ",".join(targets)])
        text = f"### model\nmodel_name_or_path: {model}\ntrust_remote_code: true\n\n### method\nstage: sft\ndo_train: true\n"
        text += f"finetuning_type: lora\nlora_rank: {r}\n"
        if bug == "duplicate":
            text += f"lora_rank: {r * 2}\n"
        text += f"lora_alpha: {alpha}\nlora_target: {target}\n"
        if bug == "typo":
            text += "lora_dropuot: 0.05\n"
        text += "\n### dataset\ndataset: identity,alpaca_en_demo\ntemplate: llama3\ncutoff_len: 2048\nmax_samples: 1000\n\n### train\n"
        return text + training_block(self.rng)

    def yaml_torchtune(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        attention = [t.replace("o_proj", "output_proj") for t in targets if t in ATTENTION]
        text = "# Config for single device LoRA finetuning in lora_finetune_single_device.py\n#\n"
        text += "output_dir: /tmp/torchtune/lora # /tmp may be deleted by your system.\n\n# Tokenizer\ntokenizer:\n"
        text += "  _component_: torchtune.models.llama3.llama3_tokenizer\n  path: /tmp/Meta-Llama-3.1-8B-Instruct/original/tokenizer.model\n  max_seq_len: null\n\n"
        text += f"# Model Arguments\nmodel:\n  _component_: torchtune.models.llama3_1.lora_llama3_1_8b\n"
        text += f"  lora_attn_modules: [{', '.join(repr(t) for t in attention)}]\n"
        text += f"  apply_lora_to_mlp: {any(t in MLP for t in targets)}\n  apply_lora_to_output: False\n"
        text += f"  lora_rank: {r}  # higher increases accuracy and memory\n"
        if bug == "duplicate":
            text += f"  lora_rank: {r * 2}\n"
        text += f"  lora_alpha: {alpha}  # usually alpha=2*rank\n  lora_dropout: 0.0\n"
        if bug == "typo":
            text += "  lora_dropuot: 0.0\n"
        text += "\ncheckpointer:\n  _component_: torchtune.training.FullModelHFCheckpointer\n  checkpoint_dir: /tmp/Meta-Llama-3.1-8B-Instruct/\n"
        text += "  checkpoint_files: [\n    model-00001-of-00004.safetensors,\n    model-00002-of-00004.safetensors\n  ]\n"
        text += "  output_dir: ${output_dir}\n  model_type: LLAMA3\nresume_from_checkpoint: False\n\n"
        text += "optimizer:\n  _component_: torch.optim.AdamW\n  fused: True\n  weight_decay: 0.01\n  lr: 3e-4\n"
        text += "lr_scheduler:\n  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup\n  num_warmup_steps: 100\n\n"
        text += "epochs: 1\nbatch_size: 2\ngradient_accumulation_steps: 8  # Use to increase effective batch size\ncompile: False\n"
        return text

    def yaml_oumi(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        text = f"# Lora config.\nmodel:\n  model_name: \"{model}\"\n  model_max_length: 8192\n  torch_dtype_str: \"bfloat16\"\n"
        text += "  trust_remote_code: True\n\ndata:\n  train:\n    datasets:\n      - dataset_name: \"yahma/alpaca-cleaned\"\n\n"
        text += "training:\n  trainer_type: \"TRL_SFT\"\n  use_peft: True\n" + training_block(self.rng, 2)
        text += f"\npeft:\n  lora_r: {r}\n"
        if bug == "duplicate":
            text += f"  lora_r: {r * 2}\n"
        text += f"  lora_alpha: {alpha}\n"
        if bug == "typo":
            text += "  lora_droput: 0.05\n"
        text += "  lora_target_modules:\n" + yaml_list(targets, 4, quote=True)
        return text

    def yaml_peft_section(self, model, targets, r, alpha, rank_pattern, alpha_pattern, bug):
        text = f"model:\n  name_or_path: {model}\n  dtype: bfloat16\n\nlora:\n  r: {r}\n"
        if bug == "duplicate":
            text += f"  r: {r * 2}\n"
        text += f"  lora_alpha: {alpha}\n  {'lora_droput' if bug == 'typo' else 'lora_dropout'}: 0.05\n"
        text += f"  target_modules: [{', '.join(targets)}]\n"
        text += self.pattern_yaml("rank_pattern", rank_pattern, 2)
        text += self.pattern_yaml("alpha_pattern", alpha_pattern, 2)
        text += "\ntraining:\n" + training_block(self.rng, 2)
        return text

    # ---- files without LoRA settings ----------------------------------------------------
    def no_lora(self, index):
        rng = self.rng
        kind = rng.choice(["workflow", "compose", "deepspeed"])
        if kind == "workflow":
            steps = "".join(f"      - name: step {i}\n        run: make target-{i}\n" for i in range(rng.randint(2, 12)))
            text = (f"name: CI {index}\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n"
                    f"    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n{steps}")
            self.write(f"ci/workflow-{index:05d}.yml", text)
        elif kind == "compose":
            services = "".join(f"  svc{i}:\n    image: registry.local/svc{i}:1.{i}\n    ports:\n      - \"80{i:02d}:80\"\n"
                               f"    environment:\n      - MODE=prod\n" for i in range(rng.randint(1, 8)))
            self.write(f"ci/compose-{index:05d}.yml", "version: \"3.8\"\nservices:\n" + services)
        else:
            config = {"train_batch_size": "auto", "gradient_accumulation_steps": "auto",
                      "zero_optimization": {"stage": rng.choice([2, 3]), "offload_optimizer": {"device": "cpu"}},
                      "bf16": {"enabled": True}}
            self.write(f"recipes/deepspeed/ds-{index:05d}.json", json.dumps(config, indent=2))


def zoo(args):
    generator = Zoo(args.out, args.seed, args.bug_rate)
    index = 0
    while generator.counter < args.files:
        roll = generator.rng.random()
        if roll < 0.40:
            generator.peft(index)
        elif roll < 0.88:
            generator.yaml_recipe(index)
        else:
            generator.no_lora(index)
        index += 1
    seeded = {bug: count for bug, count in generator.bugs.items() if bug}
    print(f"zoo: {generator.counter} files in {args.out}; seeded bugs: {json.dumps(seeded, sort_keys=True)}")


def mixtral_targets(layers, experts):
    names = []
    for layer in range(layers):
        names += [f"model.layers.{layer}.self_attn.{t}" for t in ATTENTION]
        for expert in range(experts):
            names += [f"model.layers.{layer}.block_sparse_moe.experts.{expert}.{w}" for w in ("w1", "w2", "w3")]
    return names


def giant(args):
    rng = random.Random(args.seed)
    names = mixtral_targets(args.layers, args.experts)
    rank_pattern = {name: rng.choice(RANKS) for name in names}
    alpha_pattern = {name: 2 * value for name, value in rank_pattern.items()}
    if args.prefixed:
        # The seed's failure (issue 23): every key copied from PeftModel.named_modules().
        rank_pattern = {"base_model.model." + key: value for key, value in rank_pattern.items()}
        alpha_pattern = {"base_model.model." + key: value for key, value in alpha_pattern.items()}
        if args.conflict:
            # One key whose stripped name is already there with another value: not fixable.
            clash = names[len(names) // 2]
            rank_pattern[clash] = 2 * rank_pattern["base_model.model." + clash]
    os.makedirs(args.out, exist_ok=True)
    text = adapter_config(rng, "mistralai/Mixtral-8x7B-v0.1", ATTENTION + ["w1", "w2", "w3"], 4, 8,
                          rank_pattern, alpha_pattern)
    with open(os.path.join(args.out, "adapter_config.json"), "w") as handle:
        handle.write(text + "\n")
    with open(os.path.join(args.out, "modules.txt"), "w") as handle:
        handle.write("\n".join(names) + "\n")
    print(f"giant: {len(rank_pattern) + len(alpha_pattern)} pattern keys over {len(names)} target modules in {args.out}")


def precommit(args):
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "adapter"), exist_ok=True)
    rank_pattern = {"model.layers.0.self_attn.q_proj": 8, "model.layers.31.mlp.down_proj": 8}
    text = adapter_config(rng, "meta-llama/Llama-3.1-8B", ATTENTION + MLP, 8, 32, rank_pattern, {})
    with open(os.path.join(args.out, "adapter", "adapter_config.json"), "w") as handle:
        handle.write(text + "\n")
    generator = Zoo(args.out, args.seed, 0.0)
    recipe = generator.yaml_axolotl("meta-llama/Llama-3.1-8B", ATTENTION + MLP, 16, 32, {}, {}, None)
    with open(os.path.join(args.out, "axolotl-lora.yaml"), "w") as handle:
        handle.write(recipe)
    print(f"precommit: 2 files in {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    zoo_parser = commands.add_parser("zoo")
    zoo_parser.add_argument("out")
    zoo_parser.add_argument("--files", type=int, default=10_000)
    zoo_parser.add_argument("--bug-rate", type=float, default=0.0)
    giant_parser = commands.add_parser("giant")
    giant_parser.add_argument("out")
    giant_parser.add_argument("--layers", type=int, default=80)
    giant_parser.add_argument("--experts", type=int, default=8)
    giant_parser.add_argument("--prefixed", action="store_true", help="every key starts with base_model.model.")
    giant_parser.add_argument("--conflict", action="store_true", help="with --prefixed: one key cannot be fixed")
    precommit_parser = commands.add_parser("precommit")
    precommit_parser.add_argument("out")
    for sub in (zoo_parser, giant_parser, precommit_parser):
        sub.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()
    {"zoo": zoo, "giant": giant, "precommit": precommit}[args.command](args)


if __name__ == "__main__":
    main()
