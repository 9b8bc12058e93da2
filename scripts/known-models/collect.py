#!/usr/bin/env python3
"""Collect the table of base models people fine-tune (issue 25 §2 item 4) into known-models.tsv.

    scripts/known-models/collect.py [--mirror DIR] [--python PY]

A development tool, not run by CI: it reads public repositories that ship each model's numbers
(fetched snapshots under --mirror, at the commits pinned below) and, for a short reviewed list of
configuration classes, the defaults of transformers' own config class whose docstring names the
checkpoint (run with --python, a Python with transformers installed). Every row says where its
numbers come from. Rows that need a source no snapshot covers are in manual.tsv, each with its
source. `generate.py` turns known-models.tsv into Sources/GradienceInventory/KnownModelsTable.swift.

model_type is always transformers' `model_type` string: from the shipped config.json when the source
is one, from transformers' own class-to-type mapping for a source that names the architecture class
(TransformerLens), and otherwise from the family rules below, which are checked against every row of
the other sources that names the same id (a disagreement stops the script).
"""
import argparse, csv, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = {
    'mlc': ('mlc-ai/mlc-llm', '79d603f085f50500e9509fa01785ffa7ecfaaa93', 'python/mlc_llm/model/model_preset.py'),
    'tl': ('TransformerLensOrg/TransformerLens', '4cd36aaeb5dad931d085bd5d46a12b402fe15272', 'docs/source/_static/model_properties_table.jsonl'),
    'litgpt': ('Lightning-AI/litgpt', '26857050fe3ff627cd714fe92f5838f51a3d5efa', 'litgpt/config.py'),
}
COLUMNS = ['id', 'model_type', 'num_layers', 'num_decoder_layers', 'num_experts', 'num_vision_layers',
           'tied_embeddings', 'gated_feed_forward', 'source']

# mlc-llm's presets are complete config.json dicts keyed by a short name; these are the Hub ids whose
# config.json each one is (the same release and size: base and tuned checkpoints share it).
MLC_IDS = {
    'llama2_7b': ['meta-llama/Llama-2-7b-hf', 'meta-llama/Llama-2-7b-chat-hf'],
    'llama2_13b': ['meta-llama/Llama-2-13b-hf', 'meta-llama/Llama-2-13b-chat-hf'],
    'llama2_70b': ['meta-llama/Llama-2-70b-hf', 'meta-llama/Llama-2-70b-chat-hf'],
    'codellama_7b': ['codellama/CodeLlama-7b-hf'], 'codellama_13b': ['codellama/CodeLlama-13b-hf'],
    'codellama_34b': ['codellama/CodeLlama-34b-hf'],
    'tinyllama_1b_chat_v1.0': ['TinyLlama/TinyLlama-1.1B-Chat-v1.0'],
    'mistral_7b': ['mistralai/Mistral-7B-v0.1', 'mistralai/Mistral-7B-Instruct-v0.1'],
    'mistral_7b_v03': ['mistralai/Mistral-7B-v0.3', 'mistralai/Mistral-7B-Instruct-v0.3'],
    'Mixtral-8x7B-v0.1': ['mistralai/Mixtral-8x7B-v0.1', 'mistralai/Mixtral-8x7B-Instruct-v0.1'],
    'gpt2': ['openai-community/gpt2'], 'gpt2_medium': ['openai-community/gpt2-medium'],
    'phi-1_5': ['microsoft/phi-1_5'], 'phi-2': ['microsoft/phi-2'],
    'phi-3_5': ['microsoft/Phi-3.5-mini-instruct'], 'phi-4': ['microsoft/Phi-4-mini-instruct'],
    'qwen2': ['Qwen/Qwen1.5-1.8B-Chat'], 'qwen2moe': ['Qwen/Qwen1.5-MoE-A2.7B', 'Qwen/Qwen1.5-MoE-A2.7B-Chat'],
    'deepseek_v2_lite': ['deepseek-ai/DeepSeek-V2-Lite', 'deepseek-ai/DeepSeek-V2-Lite-Chat'],
    'gemma_2b': ['google/gemma-2b', 'google/gemma-2b-it'],
    'gemma2_2b': ['google/gemma-2-2b', 'google/gemma-2-2b-it'], 'gemma2_9b': ['google/gemma-2-9b', 'google/gemma-2-9b-it'],
    'gemma2_27b': ['google/gemma-2-27b', 'google/gemma-2-27b-it'], 'gemma3_1b_it': ['google/gemma-3-1b-it'],
    'llama3_1_8b': ['meta-llama/Llama-3.1-8B', 'meta-llama/Llama-3.1-8B-Instruct'],
    'llama3_1_70b': ['meta-llama/Llama-3.1-70B', 'meta-llama/Llama-3.1-70B-Instruct'],
    'llama3_2_1b': ['meta-llama/Llama-3.2-1B', 'meta-llama/Llama-3.2-1B-Instruct'],
    'llama3_2_3b': ['meta-llama/Llama-3.2-3B', 'meta-llama/Llama-3.2-3B-Instruct'],
    'qwen2_0_5b': ['Qwen/Qwen2-0.5B', 'Qwen/Qwen2-0.5B-Instruct'], 'qwen2_1_5b': ['Qwen/Qwen2-1.5B', 'Qwen/Qwen2-1.5B-Instruct'],
    'qwen2.5_3b': ['Qwen/Qwen2.5-3B', 'Qwen/Qwen2.5-3B-Instruct'], 'qwen2_7b': ['Qwen/Qwen2-7B', 'Qwen/Qwen2-7B-Instruct'],
    'qwen3_0.6b': ['Qwen/Qwen3-0.6B'], 'qwen3_1.7b': ['Qwen/Qwen3-1.7B'],
    'starcoder2': ['bigcode/starcoder2-7b'],
    'smollm_1_7b': ['HuggingFaceTB/SmolLM-1.7B', 'HuggingFaceTB/SmolLM-1.7B-Instruct'],
    'smollm_360m': ['HuggingFaceTB/SmolLM-360M', 'HuggingFaceTB/SmolLM-360M-Instruct'],
    'smollm_135m': ['HuggingFaceTB/SmolLM-135M', 'HuggingFaceTB/SmolLM-135M-Instruct'],
    'smollm2_135m': ['HuggingFaceTB/SmolLM2-135M', 'HuggingFaceTB/SmolLM2-135M-Instruct'],
    'smollm2_360m': ['HuggingFaceTB/SmolLM2-360M', 'HuggingFaceTB/SmolLM2-360M-Instruct'],
    'gpt_j': ['EleutherAI/gpt-j-6b'],
    'olmo2_7b': ['allenai/OLMo-2-1124-7B'], 'olmo2_13b': ['allenai/OLMo-2-1124-13B'], 'olmo2_32b': ['allenai/OLMo-2-0325-32B'],
    'stablelm-2-zephyr-1_6b': ['stabilityai/stablelm-2-zephyr-1_6b'],
}
# mlc's presets predate some model_type renames; transformers' names for these checkpoints.
MLC_TYPE_FIX = {'phi-msft': 'phi'}

# transformers config classes whose defaults equal the checkpoint their docstring names (reviewed one
# by one: a default that differs from the named checkpoint's published config.json is not used).
TRANSFORMERS_DEFAULTS = ['bert', 'roberta', 'deberta', 'deberta-v2', 't5', 'mt5', 'bart', 'mbart', 'whisper', 'clip',
                         'vit', 'siglip', 'electra', 'xlm-roberta', 'falcon', 'gptj', 'gpt_neox', 'phi', 'phi3', 'phimoe',
                         'olmoe', 'olmo', 'mistral', 'llama', 'cohere', 'stablelm', 'gpt_neo', 'smollm3', 'ernie4_5',
                         'glm4', 'm2m_100', 'blip', 'qwen2_moe']
# Not 'glm': GlmConfig's docstring names THUDM/glm-4-9b-chat, whose Hub repo is the remote-code
# ChatGLM (query_key_value, dense_h_to_4h); transformers' own GLM layout is glm-4-9b-chat-hf.

# Family rules: Hub id → transformers model_type, for sources that give numbers but no model_type.
FAMILY_RULES = [
    (r'^tiiuae/Falcon3-', 'llama'), (r'^tiiuae/falcon-', 'falcon'),
    (r'^(meta-llama|codellama|TinyLlama|openlm-research|garage-bAInd|togethercomputer|BSC-LT|01-ai)/', 'llama'),
    (r'^nvidia/Llama-', 'llama'), (r'^deepseek-ai/DeepSeek-R1-Distill-Llama', 'llama'),
    (r'^deepseek-ai/DeepSeek-R1-Distill-Qwen', 'qwen2'), (r'^HuggingFaceTB/SmolLM2?-', 'llama'),
    (r'^allenai/OLMoE', 'olmoe'), (r'^allenai/OLMo-2-', 'olmo2'), (r'^allenai/Olmo-3', 'olmo3'), (r'^allenai/OLMo-', 'olmo'),
    (r'^google/(med)?gemma-3-(1b|270m)', 'gemma3_text'), (r'^google/medgemma-27b-text', 'gemma3_text'),
    (r'^google/(med)?gemma-3-', 'gemma3'), (r'^google/gemma-2-', 'gemma2'), (r'^google/(code)?gemma-', 'gemma'),
    (r'^microsoft/phi-(1|1_5|2)$', 'phi'), (r'^microsoft/(Phi-3(\.5)?-mini|Phi-3-(small|medium)|phi-4|Phi-4-(mini|reasoning))', 'phi3'),
    (r'^mistralai/Mixtral', 'mixtral'), (r'^mistralai/(Mistral-(7B|Nemo|Large)|mathstral)', 'mistral'),
    (r'^Qwen/Qwen3-[\d.]+B-A\d+B', 'qwen3_moe'), (r'^Qwen/Qwen3-', 'qwen3'),
    (r'^Qwen/Qwen1\.5-MoE', 'qwen2_moe'), (r'^Qwen/(Qwen2(\.5)?-(?!VL)|QwQ|Qwen1\.5-)', 'qwen2'),
    (r'^EleutherAI/(pythia|gpt-neox)', 'gpt_neox'), (r'^EleutherAI/gpt-j', 'gptj'), (r'^EleutherAI/gpt-neo-', 'gpt_neo'),
    (r'^bigscience/bloom', 'bloom'), (r'^facebook/opt-', 'opt'), (r'^(openai-community/)?(gpt2|distilgpt2)', 'gpt2'),
    (r'^openai/gpt-oss', 'gpt_oss'), (r'^stabilityai/stablelm-(2|3b|zephyr)', 'stablelm'),
]
# Hub renames: litgpt keeps the old id; both resolve on the Hub.
RENAMES = {'meta-llama/Meta-Llama-3.1-8B': 'meta-llama/Llama-3.1-8B', 'meta-llama/Meta-Llama-3.1-8B-Instruct': 'meta-llama/Llama-3.1-8B-Instruct',
           'meta-llama/Meta-Llama-3.1-70B': 'meta-llama/Llama-3.1-70B', 'meta-llama/Meta-Llama-3.1-70B-Instruct': 'meta-llama/Llama-3.1-70B-Instruct',
           'meta-llama/Meta-Llama-3.1-405B': 'meta-llama/Llama-3.1-405B', 'meta-llama/Meta-Llama-3.1-405B-Instruct': 'meta-llama/Llama-3.1-405B-Instruct'}
# TransformerLens names GPT-2 by its legacy bare ids; the Hub serves them under these orgs now.
TL_ALIASES = {'gpt2': 'openai-community/gpt2', 'gpt2-medium': 'openai-community/gpt2-medium',
              'gpt2-large': 'openai-community/gpt2-large', 'gpt2-xl': 'openai-community/gpt2-xl', 'distilgpt2': 'distilbert/distilgpt2'}
TL_SKIP = re.compile(r'^(NeelNanda|ArthurConmy|Baidicoot|stanford-crfm|facebook/(hubert|wav2vec2)|Qwen/Qwen-)|^[^/]*$')


def family_type(model_id):
    for pattern, model_type in FAMILY_RULES:
        if re.search(pattern, model_id):
            return model_type
    return None


def git_show(mirror, key):
    repo, commit, path = SOURCES[key]
    return subprocess.run(['git', '-C', os.path.join(mirror, repo.replace('/', '+'), 'repo'), 'show', f'{commit}:{path}'],
                          capture_output=True, text=True, check=True).stdout


def cite(key, detail=''):
    repo, commit, path = SOURCES[key]
    return f'{repo}@{commit[:12]}:{path}' + (f' ({detail})' if detail else '')


def from_mlc(mirror):
    ns = {}
    exec(git_show(mirror, 'mlc'), ns)
    rows = []
    for preset, ids in MLC_IDS.items():
        c = ns['MODEL_PRESETS'][preset]
        text = c.get('text_config') or {}
        layers = c.get('num_hidden_layers') or c.get('n_layer') or text.get('num_hidden_layers')
        model_type = MLC_TYPE_FIX.get(c['model_type'], c['model_type'])
        experts = c.get('num_local_experts') or c.get('num_experts') or c.get('n_routed_experts')
        for model_id in ids:
            rows.append(dict(id=model_id, model_type=model_type, num_layers=layers, num_experts=experts,
                             tied_embeddings=c.get('tie_word_embeddings'), source=cite('mlc', f'preset {preset}')))
    return rows


def from_transformerlens(mirror, class_to_type):
    rows = []
    for line in git_show(mirror, 'tl').splitlines():
        r = json.loads(line)
        model_id, raw = r.get('name.huggingface'), r['config.raw__']
        model_id = TL_ALIASES.get(model_id, model_id)
        if not model_id or TL_SKIP.search(model_id):
            continue
        architecture = raw.get('original_architecture')
        model_type = class_to_type.get(architecture)
        if model_type is None:
            continue
        # TransformerLens folds tied embeddings into its own weights: its tie field is not the checkpoint's.
        rows.append(dict(id=model_id, model_type=model_type, num_layers=raw['n_layers'], num_experts=raw.get('num_experts'),
                         source=cite('tl', architecture)))
    return rows


def from_litgpt(mirror, python):
    code = ('import sys, json, types\n'
            'sys.modules["litgpt"] = types.ModuleType("litgpt")\n'
            'u = types.ModuleType("litgpt.utils"); u.find_multiple = lambda n, k: n if n % k == 0 else n + k - n % k\n'
            'sys.modules["litgpt.utils"] = u\n'
            'ns = {"__name__": "litgpt.config"}\n'
            'exec(sys.stdin.read(), ns)\n'
            'print(json.dumps([(c["hf_config"]["org"] + "/" + c["hf_config"]["name"], c.get("n_layer"), c.get("n_expert", 0))'
            ' for c in ns["configs"] if "hf_config" in c]))\n')
    out = subprocess.run([python, '-c', code], input=git_show(mirror, 'litgpt'), capture_output=True, text=True, check=True).stdout
    rows = []
    for model_id, layers, experts in json.loads(out):
        model_id = RENAMES.get(model_id, model_id)
        model_type = family_type(model_id)
        if model_type is None:
            continue
        rows.append(dict(id=model_id, model_type=model_type, num_layers=layers, num_experts=experts or None,
                         source=cite('litgpt', 'n_layer' + (', n_expert' if experts else ''))))
    return rows


def from_transformers(python):
    code = r'''
import json, re, transformers
from transformers.models.auto.configuration_auto import CONFIG_MAPPING
from transformers.models.auto import modeling_auto as m
candidates = {}
for name in dir(m):
    if name.startswith("MODEL_") and name.endswith("_MAPPING_NAMES"):
        for model_type, cls in getattr(m, name).items():
            for c in (cls if isinstance(cls, (list, tuple)) else [cls]):
                candidates.setdefault(c, set()).add(model_type)
norm = lambda s: re.sub(r"[-_]", "", s.lower())
class_to_type = {}
for cls, types in candidates.items():
    prefix = norm(re.split(r"(For[A-Z]|LMHead|Model$)", cls)[0])
    exact = [t for t in types if norm(t) == prefix]
    if exact or len(types) == 1:
        class_to_type[cls] = (exact or sorted(types))[0]
rows = []
for t in %r:
    cls = CONFIG_MAPPING[t]
    found = re.search(r"\[([\w.-]+/[\w.-]+)\]\(https://huggingface\.co/", cls.__doc__ or "")
    c = cls()
    text = getattr(c, "text_config", None)
    vision = getattr(c, "vision_config", None)
    def get(o, *keys):
        for k in keys:
            v = getattr(o, k, None) if o is not None else None
            if v is not None: return v
    layers = get(c, "num_hidden_layers", "num_layers", "n_layer", "encoder_layers") or get(text, "num_hidden_layers", "num_layers")
    rows.append(dict(id=found.group(1), model_type=t, num_layers=layers,
                     num_decoder_layers=get(c, "num_decoder_layers", "decoder_layers"),
                     num_experts=get(c, "num_local_experts", "num_experts", "n_routed_experts"),
                     num_vision_layers=get(vision, "num_hidden_layers"),
                     tied_embeddings=getattr(c, "tie_word_embeddings", None),
                     gated_feed_forward=(getattr(c, "feed_forward_proj", "") or "").startswith("gated-") or None,
                     source="transformers %%s %%s() defaults (docstring: %%s)" %% (transformers.__version__, cls.__name__, found.group(1))))
print(json.dumps({"rows": rows, "class_to_type": class_to_type}))
''' % (TRANSFORMERS_DEFAULTS,)
    out = json.loads(subprocess.run([python, '-c', code], capture_output=True, text=True, check=True).stdout)
    return out['rows'], out['class_to_type']


def merge(groups):
    """First source wins a field; a later source that disagrees on a number or type is an error."""
    table, order = {}, []
    for rows in groups:
        for r in rows:
            key = r['id'].lower()
            if key not in table:
                table[key] = {c: None for c in COLUMNS}
                table[key].update({k: v for k, v in r.items()})
                order.append(key)
                continue
            row = table[key]
            for field in COLUMNS[1:-1]:
                new = r.get(field)
                if new is None:
                    continue
                if row[field] is None:
                    row[field] = new
                    row['source'] += f'; {field} from {r["source"]}'
                elif row[field] != new:
                    sys.exit(f'{r["id"]}: {field} {row[field]!r} ({row["source"]}) but {new!r} ({r["source"]})')
            if r['source'] not in row['source']:
                row['source'] += f'; agrees: {r["source"]}'
    return [table[k] for k in order]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--mirror', default='/work/.mirror', help='folder of fetched snapshots (<owner>+<name>/repo)')
    ap.add_argument('--python', default='/work/venvs/p0212-t457/bin/python', help='a Python with transformers installed')
    a = ap.parse_args()
    transformer_rows, class_to_type = from_transformers(a.python)
    with open(os.path.join(HERE, 'manual.tsv'), newline='') as f:
        manual = [{k: (v or None) for k, v in r.items()} for r in csv.DictReader((l for l in f if not l.startswith('#')), delimiter='\t')]
    for r in manual:
        for k in ('num_layers', 'num_decoder_layers', 'num_experts', 'num_vision_layers'):
            r[k] = int(r[k]) if r[k] else None
        for k in ('tied_embeddings', 'gated_feed_forward'):
            r[k] = {'true': True, 'false': False}.get(r[k] or '')
    groups = [manual, from_mlc(a.mirror), transformer_rows, from_transformerlens(a.mirror, class_to_type), from_litgpt(a.mirror, a.python)]
    rows = merge(groups)
    for r in rows:  # the family rules must agree with every source that states a model_type
        rule = family_type(r['id'])
        if rule and rule != r['model_type']:
            sys.exit(f'{r["id"]}: family rule says {rule}, source says {r["model_type"]} ({r["source"]})')
    with open(os.path.join(HERE, 'known-models.tsv'), 'w', newline='') as f:
        w = csv.writer(f, delimiter='\t', lineterminator='\n')
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(['' if r[c] is None else str(r[c]).lower() if isinstance(r[c], bool) else r[c] for c in COLUMNS])
    print(f'{len(rows)} ids', file=sys.stderr)


if __name__ == '__main__':
    main()
