#!/usr/bin/env python3
"""The architecture catalog, generated from transformers itself (issue 25 §1).

Run inside a venv holding torch (CPU) and one transformers release (a development tool;
the product never needs torch):

    generate.py OUTDIR [--types a,b,...] [--samples OUTDIR2]

For every model type transformers registers for causal LM, seq2seq, vision-language
(image-text-to-text / vision2seq), encoder (masked LM / sequence classification) and speech
(speech seq2seq / CTC), plus image classification and CLIP-style dual encoders, it picks the
usual fine-tuning head, builds that class on the `meta` device (no weights, no memory) from
the type's default config with small layer and expert counts, and records:

- `named_modules()` names and classes as a template: every `ModuleList` whose length follows
  a config count (found by raising each integer `*layers` / `*experts` field by one and
  seeing which lists grow) becomes a placeholder list; its items are stored once per
  distinct shape, with the index sequence as a head plus a repeating period (read from a
  24-layer build, so DeepSeek's dense first layers and Jamba's periodic attention survive);
- `get_output_embeddings()`, the config's `tie_word_embeddings` default, the bare model's
  attribute (`base_model_prefix`) and class;
- the parameters `target_parameters` can reach beyond ordinary layers (those a module holds
  itself unless it is a Linear, Embedding, Conv1D or norm): fused experts' 3-D `gate_up_proj` /
  `down_proj`, routers' 2-D `weight`, CLIP's 1-D `class_embedding` (which PEFT refuses);
- vision and audio towers (module-name prefixes);
- which config fields give each count, with the default config's value.

Every template is expanded again in Python at two sizes and compared with a real build at
those sizes; a type whose template does not reproduce `named_modules()` exactly, or that does
not build, is skipped and listed with the reason in OUTDIR/skipped.txt.

Outputs: OUTDIR/catalog.txt (the compact templates, the format `CatalogData.swift` parses),
OUTDIR/classes.txt (class name -> model type, for modules files), OUTDIR/skipped.txt, and
with --samples the real `named_modules()` of SAMPLE_TYPES at two sizes as
`<type>-<layers>L<experts>E.txt` (name TAB class, as a modules file prints them).
"""
import argparse
import contextlib
import io
import re
import sys
import warnings

import torch
import transformers
from transformers import CONFIG_MAPPING
from transformers.models.auto import modeling_auto as auto

warnings.filterwarnings("ignore")
transformers.logging.set_verbosity_error()

# Heads in priority order: the first mapping that registers a type gives its class.
HEADS = [
    ("image-text-to-text", "MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES"),
    ("vision2seq", "MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES"),
    ("seq2seq", "MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES"),
    ("speech-seq2seq", "MODEL_FOR_SPEECH_SEQ_2_SEQ_MAPPING_NAMES"),
    ("encoder", None),  # masked-LM types with a sequence-classification head: that head (PEFT's SEQ_CLS)
    ("causal-lm", "MODEL_FOR_CAUSAL_LM_MAPPING_NAMES"),
    ("sequence-classification", "MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES"),
    ("masked-lm", "MODEL_FOR_MASKED_LM_MAPPING_NAMES"),
    ("ctc", "MODEL_FOR_CTC_MAPPING_NAMES"),
    ("image-classification", "MODEL_FOR_IMAGE_CLASSIFICATION_MAPPING_NAMES"),
    ("zero-shot-image-classification", "MODEL_FOR_ZERO_SHOT_IMAGE_CLASSIFICATION_MAPPING_NAMES"),
]

BASE_LAYERS, BASE_EXPERTS, PATTERN_LAYERS = 4, 4, 24
# The sizes the self-check and the committed samples use: (layers, experts).
CHECK_SIZES = [(2, 2), (5, 3)]

LAYER_FIELD = re.compile(r"(^|_)(layers?|depth)$")
EXPERT_FIELD = re.compile(r"experts$")
NOT_COUNTS = re.compile(r"experts_per_tok|shared_experts|first_k|sparse_step|topk|n_group|top_k|num_experts_per")

# Layer-count fields, most likely first, for the role "layers" (what `numLayers` means).
MAIN_LAYER_FIELDS = ["num_hidden_layers", "n_layer", "num_layers", "n_layers", "encoder_layers", "num_encoder_layers"]

# Configurations with a second usual layout, built as a variant: name -> config overrides.
VARIANTS = {
    "t5": {"gated": {"feed_forward_proj": "gated-gelu"}},
    "deberta-v2": {"relative": {"relative_attention": True, "position_biased_input": False, "type_vocab_size": 0,
                                "share_att_key": True, "norm_rel_ebd": "layer_norm", "pos_att_type": ["p2c", "c2p"]}},
}

SAMPLE_TYPES = [
    "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "qwen2_vl", "phi", "phi3", "gemma",
    "gemma2", "gemma3", "t5", "mt5", "bart", "whisper", "bloom", "gpt2", "gpt_neox", "gptj", "opt", "falcon",
    "starcoder2", "granite", "granitemoe", "deepseek_v2", "deepseek_v3", "gpt_oss", "olmoe", "exaone4", "paligemma",
    "idefics3", "smolvlm", "llava", "vit", "blip", "clip", "bert", "roberta", "deberta-v2", "nemotron_h",
]


def mapping(name):
    return getattr(auto, name, {}) if name else {}


def head_for(model_type):
    masked, seqcls = mapping("MODEL_FOR_MASKED_LM_MAPPING_NAMES"), mapping("MODEL_FOR_SEQUENCE_CLASSIFICATION_MAPPING_NAMES")
    for kind, name in HEADS:
        if name is None:
            if model_type in masked and model_type in seqcls:
                return kind, seqcls[model_type]
            continue
        table = mapping(name)
        if model_type in table:
            value = table[model_type]
            return kind, value[0] if isinstance(value, (list, tuple)) else value
    return None


def count_fields(config_dict, path=""):
    """(dotted path, value) of integer layer / expert count fields, sub-configs included."""
    out = []
    for key, value in config_dict.items():
        full = f"{path}{key}"
        if isinstance(value, dict) and key.endswith("config"):
            out += count_fields(value, full + ".")
        elif isinstance(value, int) and not isinstance(value, bool) and value > 0 and not NOT_COUNTS.search(key):
            if LAYER_FIELD.search(key):
                out.append((full, value, "layers"))
            elif EXPERT_FIELD.search(key):
                out.append((full, value, "experts"))
    return out


def resized(value, old, new):
    """A per-layer list or pattern string of the old length, cut or cycled to the new one."""
    if old <= 0:
        return value
    return (value * (new // old + 1))[:new]


def set_field(config_dict, path, new):
    node = config_dict
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[part]
    old = node[parts[-1]]
    node[parts[-1]] = new
    # Lists that follow the count (layer_types, mlp_only_layers as indices stay), pattern strings.
    for key, value in list(node.items()):
        if key == parts[-1] or old <= 1:
            continue
        if isinstance(value, list) and len(value) == old:
            node[key] = resized(value, old, new)
        elif isinstance(value, str) and len(value) == old and old > 4 and "pattern" in key:
            node[key] = resized(value, old, new)
        elif isinstance(value, dict) and value and all(str(k).isdigit() for k in value):
            # Per-layer settings keyed by layer index (Gemma 4's per_layer_config): the layers that exist.
            node[key] = {k: v for k, v in value.items() if int(k) < new}


# Small widths for the types whose __init__ cannot run on the meta device (CPU fallback).
TINY = dict(hidden_size=64, intermediate_size=128, num_attention_heads=4, num_key_value_heads=2, head_dim=16,
            vocab_size=512, moe_intermediate_size=64, shared_expert_intermediate_size=64, d_model=64, d_ff=128,
            n_embd=64, n_head=4, ffn_dim=128, encoder_ffn_dim=128, decoder_ffn_dim=128, encoder_attention_heads=4,
            decoder_attention_heads=4, num_heads=4, d_kv=16)


def shrink(config_dict):
    for key, value in config_dict.items():
        if isinstance(value, dict) and key.endswith("config"):
            shrink(value)
        elif key in TINY and isinstance(value, int) and not isinstance(value, bool):
            config_dict[key] = TINY[key]


def zero_pad_tokens(config_dict):
    for key, value in config_dict.items():
        if isinstance(value, dict) and key.endswith("config"):
            zero_pad_tokens(value)
        elif key == "pad_token_id" and isinstance(value, int):
            config_dict[key] = 0


def sized_config(model_type, base_dict, counts, overrides=None):
    if BY_KWARGS:
        # The config class's own defaults, only the counts (and variant overrides) passed:
        # for configs whose to_dict() does not load back (ministral, nemotron).
        kwargs = {path: value for path, value in counts.items() if "." not in path}
        for path, value in counts.items():
            if "." in path:
                sub, _ = path.split(".", 1)
                kwargs.setdefault(sub, _deepcopy(base_dict[sub]))
                set_field(kwargs, path, value)
        kwargs.update(VARIANT_OVERRIDES)
        return CONFIG_MAPPING[model_type](**kwargs)
    d = _deepcopy(base_dict)
    if ON_CPU:
        shrink(d)
    if PAD_FIX:
        zero_pad_tokens(d)
    for path, value in counts.items():
        set_field(d, path, value)
    if overrides:
        d.update(overrides)
    return CONFIG_MAPPING[model_type].from_dict(d)


def _deepcopy(value):
    if isinstance(value, dict):
        return {k: _deepcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deepcopy(v) for v in value]
    return value


ON_CPU = False  # set per type when its __init__ cannot run on the meta device
# Set per type when its default config's pad_token_id is outside its vocabulary (Idefics3Config()).
PAD_FIX = False
# Set per type when its default config's to_dict() does not load back: build from keyword arguments.
BY_KWARGS = False
VARIANT_OVERRIDES = {}  # the variant being described (keyword arguments to the config class)


def build(cls, config):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with torch.device("cpu" if ON_CPU else "meta"):
            return cls._from_config(config)


class Node:
    __slots__ = ("name", "cls", "children", "params")

    def __init__(self, name, cls, params):
        self.name, self.cls, self.children, self.params = name, cls, [], params


def special_parameters(module):
    """What `target_parameters` can reach beyond ordinary layers, as fixtures/realpeft/generate.py
    records it: every parameter a module holds itself unless the module is a Linear, an
    Embedding, a Conv1D or a norm (then only 3-D ones): fused experts' `gate_up_proj` /
    `down_proj`, routers' `weight`, CLIP's `class_embedding`, a patch convolution's `weight`."""
    plain = isinstance(module, (torch.nn.Linear, torch.nn.Embedding, transformers.pytorch_utils.Conv1D)) \
        or "Norm" in type(module).__name__
    return [(n, p.dim()) for n, p in module.named_parameters(recurse=False) if p.dim() >= 3 or not plain]


def tree(model):
    """named_modules() as a tree (registration order; a module reached twice is listed once)."""
    root = Node("", type(model).__name__, special_parameters(model))
    nodes = {"": root}
    for name, module in model.named_modules():
        if not name:
            continue
        parent, _, leaf = name.rpartition(".")
        node = Node(leaf, type(module).__name__, special_parameters(module))
        nodes[parent].children.append(node)
        nodes[name] = node
    return root


def flat(node, prefix=""):
    out = []
    for child in node.children:
        name = f"{prefix}.{child.name}" if prefix else child.name
        out.append((name, child.cls))
        out += flat(child, name)
    return out


def generalize(path):
    return ".".join("*" if part.isdigit() else part for part in path.split("."))


def is_list(node):
    return node.children and all(c.name == str(i) for i, c in enumerate(node.children))


def list_lengths(node, prefix="", out=None):
    out = {} if out is None else out
    for child in node.children:
        name = f"{prefix}.{child.name}" if prefix else child.name
        if is_list(child):
            out.setdefault(generalize(name), len(child.children))
        list_lengths(child, name, out)
    return out


def head_period(seq):
    """The shortest head + repeating period that gives seq."""
    best = None
    for total in range(1, len(seq) + 1):
        for head in range(0, total):
            period = total - head
            if all(seq[i] == seq[head + (i - head) % period] for i in range(head, len(seq))):
                best = (head, period)
                break
        if best:
            return best
    return (len(seq), 0)


class Template:
    """A tree whose count-driven lists are placeholders."""

    def __init__(self, list_vars):
        self.list_vars = list_vars  # generalized path -> (var index, a, b)

    def encode(self, node, depth, prefix, lines):
        for child in node.children:
            name = f"{prefix}.{child.name}" if prefix else child.name
            key = generalize(name)
            params = ",".join(f"{n}:{d}" for n, d in child.params)
            if is_list(child) and key in self.list_vars:
                var, a, b = self.list_vars[key]
                variants, seq = [], []
                for item in child.children:
                    item_lines = []
                    self.encode(item, depth + 2, f"{name}.{item.name}", item_lines)
                    text = (item.cls, ",".join(f"{n}:{d}" for n, d in item.params), tuple(item_lines))
                    if text not in variants:
                        variants.append(text)
                    seq.append(variants.index(text))
                head, period = head_period(seq)
                lines.append(f"L{depth} {child.name} {child.cls} {var} {a} {b} {head} {'.'.join(map(str, seq[:head + period]))}")
                for cls, item_params, item_lines in variants:
                    lines.append(f"I{depth + 1} {cls}" + (f" {item_params}" if item_params else ""))
                    lines.extend(item_lines)
            else:
                lines.append(f"{depth} {child.name} {child.cls}" + (f" {params}" if params else ""))
                self.encode(child, depth + 1, name, lines)


def expand(lines, counts):
    """The inverse of Template.encode (what CatalogData.swift does), for the self-check."""
    out = []
    pos = 0

    def parse_depth(token):
        return int(token.lstrip("LI"))

    def subtree(start, depth):
        end = start
        while end < len(lines) and parse_depth(lines[end].split(" ", 1)[0]) >= depth:
            end += 1
        return end

    def walk(start, end, prefix):
        i = start
        while i < end:
            fields = lines[i].split(" ")
            depth = parse_depth(fields[0])
            j = subtree(i + 1, depth + 1)
            if fields[0].startswith("L"):
                name, cls, var, a, b, head = fields[1], fields[2], int(fields[3]), int(fields[4]), int(fields[5]), int(fields[6])
                seq = [int(x) for x in fields[7].split(".")]
                full = f"{prefix}.{name}" if prefix else name
                out.append((full, cls))
                variants = []
                k = i + 1
                while k < j:
                    end_k = subtree(k + 1, depth + 2)
                    variants.append((lines[k].split(" ")[1], k + 1, end_k))
                    k = end_k
                n = a * counts[var] + b
                for index in range(n):
                    v = seq[index] if index < head else seq[head + (index - head) % (len(seq) - head)]
                    cls_v, s, e = variants[v]
                    out.append((f"{full}.{index}", cls_v))
                    walk(s, e, f"{full}.{index}")
            else:
                name, cls = fields[1], fields[2]
                full = f"{prefix}.{name}" if prefix else name
                out.append((full, cls))
                walk(i + 1, j, full)
            i = j

    walk(0, len(lines), "")
    return out


def main_layer_var(fields):
    names = [path for path, _, kind in fields if kind == "layers"]
    for want in MAIN_LAYER_FIELDS:
        if want in names:
            return want
    for want in MAIN_LAYER_FIELDS:
        for path in names:
            if path.startswith("text_config.") and path.endswith("." + want):
                return path
    return names[0] if names else None


def role(path, kind, main):
    if kind == "experts":
        return "experts"
    if path == main:
        return "layers"
    leaf = path.rsplit(".", 1)[-1]
    if "decoder" in leaf:
        return "decoder"
    if path.startswith("vision_config.") or "vision" in leaf:
        return "vision"
    if path.startswith("audio_config.") or "audio" in leaf:
        return "audio"
    return "other"


def towers(root, kind):
    """Shallowest sub-trees that are vision or audio towers, as module-name prefixes."""
    found = []

    def visit(node, prefix, depth):
        for child in node.children:
            name = f"{prefix}.{child.name}" if prefix else child.name
            cls = child.cls
            tower = None
            if re.search(r"Vision|Visual|VIT|SigLip|Siglip", cls) and not re.search(r"Projector|Merger|Text", cls):
                tower = "vision"
            elif re.search(r"Audio|Speech", cls) and not re.search(r"Projector|Text", cls):
                tower = "audio"
            elif kind == "speech-seq2seq" and child.name == "encoder":
                tower = "audio"
            if tower and depth <= 3:
                found.append((tower, name))
            elif depth < 3:
                visit(child, name, depth + 1)

    visit(root, "", 0)
    return found


def describe(model_type, cls_name, kind, variant=None, overrides=None):
    global BY_KWARGS
    if variant:
        # A variant's settings go through the config's __init__, so derived fields follow
        # (T5's is_gated_act from feed_forward_proj).
        BY_KWARGS = True
    cls = getattr(transformers, cls_name)
    global VARIANT_OVERRIDES
    VARIANT_OVERRIDES = overrides or {}
    default = CONFIG_MAPPING[model_type](**VARIANT_OVERRIDES)
    base_dict = default.to_dict()
    fields = count_fields(base_dict)
    # Enough layers that a first-k-dense model (DeepSeek-V3: 3) has a sparse one.
    layers = max([BASE_LAYERS] + [v + 1 for k, v in base_dict.items() if k == "first_k_dense_replace" and isinstance(v, int)])
    base_counts = {path: (BASE_EXPERTS if k == "experts" else layers) for path, _, k in fields}
    base_model = build(cls, sized_config(model_type, base_dict, base_counts))
    base_lists = list_lengths(tree(base_model))
    variables, list_vars = [], {}
    for path, value, kind_ in fields:
        try:
            bumped = dict(base_counts)
            bumped[path] += 1
            lengths = list_lengths(tree(build(cls, sized_config(model_type, base_dict, bumped))))
        except Exception:
            continue
        grown = {key: lengths[key] - base_lists[key] for key in base_lists
                 if key in lengths and lengths[key] != base_lists[key] and key not in list_vars}
        if not grown or any(delta < 0 for delta in grown.values()):
            continue
        index = len(variables)
        variables.append((path, value, kind_))
        for key, delta in grown.items():
            list_vars[key] = (index, delta, base_lists[key] - delta * base_counts[path])
    # Expert counts that drive no list (transformers 5's fused experts) still size the 3-D parameters.
    bound = {path for path, _, _ in variables}
    variables += [(path, value, kind_) for path, value, kind_ in fields if kind_ == "experts" and path not in bound]
    main = main_layer_var(variables)
    # The template from a long build: per-layer patterns show.
    long_counts = {path: (PATTERN_LAYERS if kind_ == "layers" and path in [v[0] for v in variables] else base_counts[path])
                   for path, _, kind_ in fields}
    model = build(cls, sized_config(model_type, base_dict, long_counts))
    root = tree(model)
    lines = []
    Template(list_vars).encode(root, 0, "", lines)
    # Self-check at two sizes against real builds.
    for layers, experts in CHECK_SIZES:
        counts = {path: (experts if k == "experts" else layers) for path, _, k in fields}
        real = flat(tree(build(cls, sized_config(model_type, base_dict, counts))))
        var_counts = [counts[path] for path, _, _ in variables]
        got = expand(lines, var_counts)
        if got != real:
            index = next((i for i, (g, r) in enumerate(zip(got, real)) if g != r), min(len(got), len(real)))
            raise RuntimeError(f"template differs from named_modules() at {layers} layers/{experts} experts, line {index}: "
                               f"{got[index] if index < len(got) else 'end'} vs {real[index] if index < len(real) else 'end'}")
    names = {id(m): n for n, m in model.named_modules()}
    out = model.get_output_embeddings() if hasattr(model, "get_output_embeddings") else None
    output = names.get(id(out)) if out is not None else None
    text_config = default.get_text_config() if hasattr(default, "get_text_config") else default
    tied = getattr(default, "tie_word_embeddings", None)
    if tied is None:
        tied = getattr(text_config, "tie_word_embeddings", None)
    if output is None:
        tied = None
    bare = auto.MODEL_MAPPING_NAMES.get(model_type)
    bare = bare[0] if isinstance(bare, (list, tuple)) else bare
    prefix = getattr(cls, "base_model_prefix", "") or ""
    if prefix and not any(c.name == prefix for c in root.children):
        prefix = ""
    header = [f"T {model_type}" + (f"@{variant}" if variant else ""),
              f"C {cls_name} {kind} {bare or '-'} {prefix or '-'}",
              f"O {output or '-'} {'-' if tied is None else int(bool(tied))}"]
    for index, (path, value, kind_) in enumerate(variables):
        header.append(f"V {index} {role(path, kind_, main)} {path} {value}")
    for tower, name in towers(root, kind):
        header.append(f"W {tower} {name}")
    return header + lines, [c.name for c in root.children]


def class_map(types):
    """Model class -> model type over every auto mapping, for the types in the catalog."""
    seen = {}
    for name in sorted(dir(auto)):
        if not name.endswith("MAPPING_NAMES") or name == "CONFIG_MAPPING_NAMES":
            continue
        for model_type, value in getattr(auto, name).items():
            if model_type not in types:
                continue
            for cls in value if isinstance(value, (list, tuple)) else [value]:
                seen.setdefault(cls, set()).add(model_type)
    out = {}
    for cls, owners in seen.items():
        norm = cls.lower()
        ranked = sorted(owners, key=lambda t: (-len(t) if norm.startswith(t.replace("-", "").replace("_", "")) else 0, t))
        out[cls] = ranked[0]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--types", default="")
    parser.add_argument("--samples", default="")
    parser.add_argument("--retry-skipped", action="store_true")
    parser.add_argument("--update", action="store_true", help="record --types again, keeping OUTDIR's other types")
    args = parser.parse_args()
    wanted = args.types.split(",") if args.types else sorted(CONFIG_MAPPING.keys())
    entries, skipped, done, repairs = [], [], [], {}
    kept = {}
    if args.retry_skipped or args.update:
        # Keep OUTDIR's recordings; record again the types given (--update) or skipped (after a generator fix).
        with open(f"{args.outdir}/catalog.txt") as f:
            body = f.read().split("\n", 1)[1].rstrip("\n")
        for block in ("\n" + body).split("\nT ")[1:]:
            kept.setdefault(block.split("\n", 1)[0].split("@", 1)[0], []).append("T " + block)
        with open(f"{args.outdir}/skipped.txt") as f:
            previously_skipped = [line.split(":", 1)[0] for line in f if not line.startswith("#")]
        if args.retry_skipped:
            wanted = previously_skipped
        else:
            skipped_before = {line.split(":", 1)[0]: line.rstrip("\n").split(": ", 1)[1]
                              for line in open(f"{args.outdir}/skipped.txt") if not line.startswith("#")}
            skipped = [(t, r) for t, r in skipped_before.items() if t not in wanted]
        for model_type in wanted:
            kept.pop(model_type, None)
        entries = ["\n".join(v) for v in kept.values()]
        done = list(kept)
    for model_type in wanted:
        head = head_for(model_type)
        if head is None:
            continue
        kind, cls_name = head
        if not hasattr(transformers, cls_name):
            skipped.append((model_type, f"{cls_name} is not importable"))
            continue
        global ON_CPU, PAD_FIX, BY_KWARGS, VARIANT_OVERRIDES
        try:
            ON_CPU = PAD_FIX = BY_KWARGS = False
            for _attempt in range(4):
                try:
                    lines, _ = describe(model_type, cls_name, kind)
                    break
                except Exception as error:  # noqa: BLE001 - repaired once per kind, else listed below
                    if "meta" in str(error) and not ON_CPU:
                        ON_CPU = True
                    elif "Padding_idx" in str(error) and not PAD_FIX:
                        PAD_FIX = True
                    elif isinstance(error, (TypeError, AttributeError, KeyError, ValueError)) and not BY_KWARGS:
                        BY_KWARGS = True
                    else:
                        raise
            plain_kwargs = BY_KWARGS
            for variant, overrides in VARIANTS.get(model_type, {}).items():
                lines += describe(model_type, cls_name, kind, variant, overrides)[0]
            BY_KWARGS = plain_kwargs
            VARIANT_OVERRIDES = {}
        except Exception as error:  # noqa: BLE001 - every failure is listed with its reason
            reason = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:200]
            skipped.append((model_type, reason))
            print(f"skip {model_type}: {reason}", file=sys.stderr)
            continue
        repairs[model_type] = (ON_CPU, PAD_FIX, BY_KWARGS)
        entries.append("\n".join(lines))
        done.append(model_type)
        print(f"ok {model_type} ({cls_name})", file=sys.stderr)
    import os
    os.makedirs(args.outdir, exist_ok=True)
    release = transformers.__version__
    with open(f"{args.outdir}/catalog.txt", "w") as f:
        f.write(f"# transformers {release}: {len(done)} model types; generated by scripts/catalog/generate.py\n")
        f.write("\n".join(entries) + "\n")
    with open(f"{args.outdir}/classes.txt", "w") as f:
        for cls, model_type in sorted(class_map(set(done)).items()):
            f.write(f"{cls} {model_type}\n")
    with open(f"{args.outdir}/skipped.txt", "w") as f:
        f.write(f"# transformers {release}: model types with a head the catalog covers that it could not record\n")
        for model_type, reason in skipped:
            f.write(f"{model_type}: {reason}\n")
    if args.samples:
        os.makedirs(args.samples, exist_ok=True)
        for model_type in SAMPLE_TYPES:
            if model_type not in repairs:
                continue
            kind, cls_name = head_for(model_type)
            base_dict = CONFIG_MAPPING[model_type]().to_dict()
            fields = count_fields(base_dict)
            ON_CPU, PAD_FIX, BY_KWARGS = repairs[model_type]
            for layers, experts in CHECK_SIZES:
                counts = {path: (experts if k == "experts" else layers) for path, _, k in fields}
                model = build(getattr(transformers, cls_name), sized_config(model_type, base_dict, counts))
                with open(f"{args.samples}/{model_type}-{layers}L{experts}E.txt", "w") as f:
                    f.write(f"\t{type(model).__name__}\n")
                    for name, cls in flat(tree(model)):
                        f.write(f"{name}\t{cls}\n")
    print(f"{len(done)} model types, {len(skipped)} skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
