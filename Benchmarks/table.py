#!/usr/bin/env python3
"""Prints the one comparison table from the measurements run.sh collected.

    table.py RESULTS_DIR

Reads hyperfine's --export-json files (medians of the timed runs) and the small
key=value files run.sh writes for what hyperfine does not measure (peak memory, the
naive loop's extrapolated time, peft-doctor's per-file estimate). Writes the table to
stdout and to RESULTS_DIR/table.md.
"""
import json
import os
import sys

results = sys.argv[1]


def median(name):
    """Median wall seconds of the first command in a hyperfine export, or None."""
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return json.load(handle)["results"][0]["median"]


def spread(name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return ""
    with open(path) as handle:
        result = json.load(handle)["results"][0]
    times = result["times"]
    return f"{len(times)} runs, {min(times):.3g}–{max(times):.3g} s"


def value(name):
    path = os.path.join(results, name + ".txt")
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        text = handle.read().strip()
    try:
        return float(text)
    except ValueError:
        return text


def seconds(x):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def ratio(a, b):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str) or b == 0:
        return "—"
    return f"{a / b:.2f}×"


def verdict(ok):
    return "met" if ok else "MISSED"


rows = []


def row(workload, what, time, versus, target, note=""):
    rows.append((workload, what, time, versus, target, note))


# 1. pre-commit
lint = median("precommit-gradience")
true = median("precommit-swift-true")
row("1 pre-commit", "gradience-lint, 2 files (whole process)", seconds(lint), "—", "", spread("precommit-gradience"))
row("", "`true`-like Swift binary (Foundation)", seconds(true), "—", "", spread("precommit-swift-true"))
if lint and true:
    row("", "gradience-lint / Swift startup", ratio(lint, true), "", f"≤ 2×: {verdict(lint / true <= 2)}",
        f"{(lint - true) * 1000:.1f} ms above startup")
row("", "yamllint, same 2 files", seconds(median("precommit-yamllint")), ratio(median("precommit-yamllint"), lint), "",
    "× = yamllint / gradience-lint")
peft_doctor = median("precommit-peft-doctor")
row("", "peft-doctor lora-config-check, same 2 files", seconds(peft_doctor) if peft_doctor else str(value("peft-doctor-status") or "—"),
    ratio(peft_doctor, lint), "", "two invocations (it takes one file)")

# 2. zoo
zoo = median("zoo-gradience")
floor2 = median("zoo-floor-j2")
floor1 = median("zoo-floor-j1")
files = value("zoo-files")
size = value("zoo-bytes")
label = f"{int(files):,} files, {size / 1e6:.1f} MB" if isinstance(files, float) and isinstance(size, float) else ""
row("2 zoo", f"gradience-lint, one invocation ({label})", seconds(zoo), "", "", spread("zoo-gradience"))
row("", "floor: libyaml events only, 2 threads", seconds(floor2), ratio(zoo, floor2), f"≤ 2×: {verdict(zoo and floor2 and zoo / floor2 <= 2)}",
    "× = gradience-lint / floor")
row("", "floor: libyaml events only, 1 thread", seconds(floor1), ratio(zoo, floor1), "", "")
yaml_lint = median("zoo-yaml-gradience")
yamllint = median("zoo-yaml-yamllint")
yaml_files = value("zoo-yaml-files")
count = f"{int(yaml_files):,} " if isinstance(yaml_files, float) else ""
row("", f"gradience-lint, only the {count}YAML files", seconds(yaml_lint), "", "", spread("zoo-yaml-gradience"))
row("", "yamllint -d relaxed, same YAML files, 2 processes", seconds(yamllint), ratio(yamllint, yaml_lint),
    f"≥ 20× faster: {verdict(yamllint and yaml_lint and yamllint / yaml_lint >= 20)}", "× = yamllint / gradience-lint")
estimate = value("zoo-peft-doctor-estimate")
row("", "peft-doctor, estimated for the zoo on 2 cores", seconds(estimate), ratio(estimate, zoo), "",
    str(value("zoo-peft-doctor-note") or ""))

# 3. giant pattern
for layers in (80, 160, 320, 714):
    t = median(f"giant-{layers}")
    keys = value(f"giant-{layers}-keys")
    modules = value(f"giant-{layers}-modules")
    if t is None:
        continue
    per_key = f"{t / keys * 1e6:.1f} µs/key" if isinstance(keys, float) else ""
    target = ""
    if layers == 714:
        target = f"< 1 s: {verdict(t < 1)}"
    row("3 giant" if layers == 80 else "", f"gradience-lint, {int(keys):,} keys, {int(modules):,} inventory modules",
        seconds(t), per_key, target, spread(f"giant-{layers}"))
for layers in (80, 714):
    naive = value(f"giant-{layers}-naive")
    t = median(f"giant-{layers}")
    row("", f"naive keys × modules loop (Python re, PEFT's get_pattern_key), {layers} layers", seconds(naive), ratio(naive, t),
        "", str(value(f"giant-{layers}-naive-note") or ""))

# 4. fix
fix = median("fix-gradience")
row("4 fix", "gradience-lint --fix on a copy of the zoo", seconds(fix), ratio(fix, zoo), "", "× = fix / lint; " + str(value("fix-note") or ""))

# 5. seed fix (issue 23)
seed = median("seed-80-fix")
row("5 seed fix", "--fix, 1,120 prefixed keys (Llama, 80 layers, mirrored alpha)", seconds(seed), "",
    f"< 0.5 s: {verdict(seed is not None and seed < 0.5)}", spread("seed-80-fix"))
for variant, what in (("prefixed", "39,984 prefixed keys"), ("conflict", "the same, one key not fixable")):
    check = median(f"giant-{variant}-check")
    fix = median(f"giant-{variant}-fix")
    row("", f"check, {what}", seconds(check), "", "", spread(f"giant-{variant}-check"))
    row("", f"--fix, {what}", seconds(fix), ratio(fix, check),
        f"< 3× check: {verdict(fix is not None and check is not None and fix < 3 * check)}",
        "× = fix / check; " + str(value(f"giant-{variant}-fix-note") or ""))

# memory
for name, what in (("rss-zoo-1k", "zoo, 1,000 files"), ("rss-zoo-10k", "zoo, 10,000 files"),
                   ("rss-giant-80", "one giant config, 4,480 keys"), ("rss-giant-714", "one giant config, 39,984 keys"),
                   ("rss-floor-10k", "floor, zoo of 10,000 files"), ("rss-seed-80-fix", "--fix, 1,120 prefixed keys"),
                   ("rss-giant-prefixed-fix", "--fix, 39,984 prefixed keys"),
                   ("rss-giant-conflict-fix", "--fix, 39,984 prefixed keys, one not fixable")):
    kb = value(name)
    if kb is not None:
        row("memory" if name == "rss-zoo-1k" else "", f"peak RSS: {what}", f"{kb / 1024:.1f} MB" if isinstance(kb, float) else kb, "", "", "")

header = ("workload", "what", "median", "ratio", "target", "note")
table = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
table += ["| " + " | ".join(str(cell) for cell in r) + " |" for r in rows]
text = "\n".join(table) + "\n"
print(text)
with open(os.path.join(results, "table.md"), "w") as handle:
    handle.write(text)
