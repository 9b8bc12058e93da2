#!/usr/bin/env python3
"""Extracts the complete set of keys LLaMA-Factory's YAML accepts, from its source at
pinned versions, into Sources/GradienceConfig/Formats/Generated/LlamaFactoryKeys.swift.

LLaMA-Factory reads a YAML with `HfArgumentParser(...).parse_dict(args,
allow_extra_keys=is_env_enabled("ALLOW_EXTRA_ARGS"))` (`src/llamafactory/hparams/parser.py`,
`_parse_args`): any key that is not a field of its argument dataclasses raises ValueError
("Some keys are not used by the HfArgumentParser"). The dataclasses are ModelArguments,
DataArguments, TrainingArguments (over transformers' Seq2SeqTrainingArguments),
FinetuningArguments, GeneratingArguments, EvaluationArguments, MegatronBridgeArguments and
the runtime ones `parser.py` defines (every mode's list is a union of them); their fields are read
with `ast` (never imported), `init=False` fields left out as `parse_dict` does.

The set is the union over the versions supported (so a file written for any of them is
judged by the fields it could use):

    python3 scripts/formats/extract-llamafactory-keys.py \
        --llamafactory /path/to/LLaMA-Factory.git --tags v0.9.0 v0.9.2 v0.9.4 HEAD \
        --transformers T4.41.2/transformers T4.45.2/transformers \
                       /work/venvs/p0212-t457/lib/python3.*/site-packages/transformers \
                       /work/venvs/p0212-t5/lib/python3.*/site-packages/transformers

(the git directory from the `fetch` tool: /work/.mirror/hiyouga+LLaMA-Factory/repo; the
older transformers from `pip download --no-deps transformers==4.41.2` (and 4.45.2, the
last with `evaluation_strategy`), unzipped: LLaMA-Factory v0.6–v0.9.0 ran on them).
"""
import argparse
import ast
import os
import subprocess

# Before v0.8 the package was `llmtuner`.
HPARAMS = ("src/llamafactory/hparams", "src/llmtuner/hparams")
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "Sources", "GradienceConfig", "Formats", "Generated", "LlamaFactoryKeys.swift")


def dataclass_fields(sources):
    """{class name: (own init fields, base class names)} for every class in the sources."""
    classes = {}
    for text in sources:
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef):
                continue
            fields = set()
            for statement in node.body:
                if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
                    continue
                annotation = ast.unparse(statement.annotation)
                if annotation.startswith("ClassVar") or annotation.startswith("typing.ClassVar"):
                    continue
                value = statement.value
                if isinstance(value, ast.Call) and ast.unparse(value.func).endswith("field") and any(
                        k.arg == "init" and isinstance(k.value, ast.Constant) and k.value.value is False for k in value.keywords):
                    continue
                fields.add(statement.target.id)
            bases = [ast.unparse(b).split(".")[-1] for b in node.bases]
            previous = classes.get(node.name, (set(), []))
            classes[node.name] = (previous[0] | fields, bases or previous[1])
    return classes


def all_fields(name, classes, seen=None):
    seen = seen or set()
    if name in seen or name not in classes:
        return set()
    seen.add(name)
    own, bases = classes[name]
    out = set(own)
    for base in bases:
        out |= all_fields(base, classes, seen)
    return out


def git_files(repo, tag, folders):
    names = []
    for folder in folders:
        names += subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", tag, folder],
                                capture_output=True, text=True, check=True).stdout.split()
    return [subprocess.run(["git", "--git-dir", repo, "show", f"{tag}:{n}"], capture_output=True, text=True, check=True).stdout
            for n in names if n.endswith(".py")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--llamafactory", required=True)
    parser.add_argument("--tags", nargs="+", required=True)
    parser.add_argument("--transformers", nargs="+", required=True)
    args = parser.parse_args()
    transformers = []
    for folder in args.transformers:
        for name in ("training_args.py", "training_args_seq2seq.py"):
            with open(os.path.join(folder, name)) as f:
                transformers.append(f.read())
    keys = set()
    versions = []
    for tag in args.tags:
        own = git_files(args.llamafactory, tag, HPARAMS)
        classes = dataclass_fields(transformers + own)
        # Every dataclass the hparams package defines: the argument lists of each mode
        # (_TRAIN_ARGS, _INFER_ARGS, _EVAL_ARGS, _TRAIN_MBRIDGE_ARGS) are unions of them.
        # Before v0.9.2 the training arguments were transformers' Seq2SeqTrainingArguments itself.
        found = all_fields("Seq2SeqTrainingArguments", classes)
        for name in dataclass_fields(own):
            found |= all_fields(name, classes)
        described = subprocess.run(["git", "--git-dir", args.llamafactory, "describe", "--tags", "--always", tag],
                                   capture_output=True, text=True, check=True).stdout.strip()
        versions.append(f"{described} ({len(found)} keys)")
        keys |= found
    lines = ["// Generated by scripts/formats/extract-llamafactory-keys.py; do not edit.",
             f"// LLaMA-Factory {', '.join(versions)}; transformers Seq2SeqTrainingArguments from {len(args.transformers)} installs.",
             "enum LlamaFactoryKeys {",
             "    /// Every key `HfArgumentParser.parse_dict` accepts in a LLaMA-Factory YAML (union over the versions above).",
             "    static let all: Set<String> = ["]
    for key in sorted(keys):
        lines.append(f'        "{key}",')
    lines += ["    ]", "}", ""]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"{len(keys)} keys -> {OUT}")


if __name__ == "__main__":
    main()
