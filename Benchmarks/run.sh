#!/usr/bin/env bash
# The benchmark: builds gradience-lint in release mode and the baselines, generates the
# workloads (fixed seed), measures everything side by side and prints one table.
# See Benchmarks/RESULTS.md for what each row means and the last recorded results.
#
#   Benchmarks/run.sh            # everything (about 15-25 minutes on 2 shared cores)
#   BENCH_QUICK=1 Benchmarks/run.sh   # fewer runs, smaller zoo: a smoke test of the harness
#
# Needs what the README's setup needs (Swift, libyaml-dev) plus python3 with venv and a
# C compiler; installs hyperfine (apt) and yamllint + peft-doctor (pip, into a venv under
# Benchmarks/.work, which is .gitignored) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_WORK:-$ROOT/Benchmarks/.work}
RESULTS=$WORK/results
BIN=$WORK/bin
mkdir -p "$WORK" "$RESULTS" "$BIN"
rm -f "$RESULTS"/*

QUICK=${BENCH_QUICK:-}
ZOO_FILES=${BENCH_ZOO_FILES:-10000}
RUNS=${BENCH_RUNS:-10}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
if [ -n "$QUICK" ]; then ZOO_FILES=1000; RUNS=3; SLOW_RUNS=1; fi

say() { printf '\n== %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@"
}

# ---- tools ---------------------------------------------------------------------------
say "tools"
command -v hyperfine >/dev/null || apt_install hyperfine
command -v cc >/dev/null || apt_install gcc
[ -x /usr/bin/time ] || apt_install time
pkg-config --exists yaml-0.1 || apt_install libyaml-dev pkg-config
if [ ! -x "$WORK/venv/bin/pip" ]; then
  python3 -m venv "$WORK/venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$WORK/venv"; }
fi
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "yamllint==1.38.0" >&2
PEFT_DOCTOR=""
if "$WORK/venv/bin/pip" install -q --disable-pip-version-check "peft-doctor==0.9.2" >&2 \
   && "$WORK/venv/bin/peft-doctor" --help >/dev/null 2>&1; then
  PEFT_DOCTOR=$WORK/venv/bin/peft-doctor
else
  echo "peft-doctor could not be installed or does not run: its rows stay empty" | tee "$RESULTS/peft-doctor-status.txt" >&2
fi
YAMLLINT=$WORK/venv/bin/yamllint

# ---- builds --------------------------------------------------------------------------
say "build"
swift build -c release --product gradience-lint >&2
LINT=$ROOT/.build/release/gradience-lint
cc -O2 -o "$BIN/floor" Benchmarks/floor.c $(pkg-config --cflags --libs yaml-0.1) -lpthread
# A `true` that starts the Swift runtime and links Foundation exactly as gradience-lint does.
printf 'import Foundation\nexit(ProcessInfo.processInfo.arguments.isEmpty ? 1 : 0)\n' > "$BIN/true.swift"
swiftc -O "$BIN/true.swift" -o "$BIN/swift-true" >&2

# ---- workloads -----------------------------------------------------------------------
say "generate"
GEN="python3 Benchmarks/generate.py"
regenerate() {  # regenerate DIR ARGS...: only when the generator or its arguments changed
  local dir=$1; shift
  local stamp; stamp="$(sha1sum Benchmarks/generate.py | cut -c1-12) $*"
  if [ "$(cat "$dir.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dir"
    $GEN "$@" >&2
    echo "$stamp" > "$dir.stamp"
  fi
}
regenerate "$WORK/precommit" precommit "$WORK/precommit"
regenerate "$WORK/zoo" zoo "$WORK/zoo" --files "$ZOO_FILES" --bug-rate 0.1
regenerate "$WORK/zoo-1k" zoo "$WORK/zoo-1k" --files 1000 --bug-rate 0.1
for layers in 80 160 320 714; do regenerate "$WORK/giant-$layers" giant "$WORK/giant-$layers" --layers "$layers"; done

find "$WORK/zoo" -type f | wc -l > "$RESULTS/zoo-files.txt"
find "$WORK/zoo" -type f -printf '%s\n' | awk '{s += $1} END {print s}' > "$RESULTS/zoo-bytes.txt"
# yamllint reads YAML only; the YAML comparison runs both tools on the same list.
(cd "$WORK/zoo" && find . -type f \( -name '*.yaml' -o -name '*.yml' \) | sort | sed "s|^\./|$WORK/zoo/|") > "$WORK/zoo-yaml.list"
wc -l < "$WORK/zoo-yaml.list" > "$RESULTS/zoo-yaml-files.txt"
cat > "$BIN/lint-yaml-list" <<EOF
#!/bin/sh
# One invocation (-s: the whole list fits one command line), as for the folder.
xargs -a "$WORK/zoo-yaml.list" -s 1000000 "$LINT" --exit-zero > /dev/null
EOF
cat > "$BIN/yamllint-yaml-list" <<EOF
#!/bin/sh
# Both cores, as gradience-lint uses them: two yamllint processes over halves of the list.
xargs -a "$WORK/zoo-yaml.list" -s 1000000 -P 2 -n $(( ($(wc -l < "$WORK/zoo-yaml.list") + 1) / 2 )) "$YAMLLINT" -d relaxed > /dev/null || true
EOF
chmod +x "$BIN/lint-yaml-list" "$BIN/yamllint-yaml-list"

hf() {  # hf NAME RUNS WARMUP COMMAND...: one hyperfine measurement, exported as JSON
  local name=$1 runs=$2 warmup=$3; shift 3
  hyperfine --style basic --ignore-failure --runs "$runs" --warmup "$warmup" --export-json "$RESULTS/$name.json" "$@" >&2
}

# 1. pre-commit: one adapter_config.json and one recipe, whole process.
say "1 pre-commit"
PRE=$WORK/precommit
hf precommit-gradience "$((RUNS * 3))" 5 -N "$LINT $PRE/adapter/adapter_config.json $PRE/axolotl-lora.yaml"
hf precommit-swift-true "$((RUNS * 3))" 5 -N "$BIN/swift-true"
hf precommit-yamllint "$RUNS" 2 -N "$YAMLLINT -d relaxed $PRE/adapter/adapter_config.json $PRE/axolotl-lora.yaml"
if [ -n "$PEFT_DOCTOR" ]; then
  hf precommit-peft-doctor "$RUNS" 1 "$PEFT_DOCTOR lora-config-check $PRE/adapter/adapter_config.json > /dev/null; $PEFT_DOCTOR lora-config-check $PRE/axolotl-lora.yaml > /dev/null"
fi

# 2. zoo: one invocation on the folder, against the libyaml floor on the same files.
say "2 zoo"
hf zoo-gradience "$SLOW_RUNS" 1 "$LINT $WORK/zoo --exit-zero > /dev/null"
hf zoo-floor-j2 "$RUNS" 1 "$BIN/floor -j 2 $WORK/zoo"
hf zoo-floor-j1 "$RUNS" 1 "$BIN/floor -j 1 $WORK/zoo"
hf zoo-yaml-gradience "$SLOW_RUNS" 1 "$BIN/lint-yaml-list"
hf zoo-yaml-yamllint "$SLOW_RUNS" 0 "$BIN/yamllint-yaml-list"
if [ -n "$PEFT_DOCTOR" ]; then
  # One process per file (it takes one file): time 20 files, scale to the zoo on 2 cores.
  find "$WORK/zoo" -type f | sort | awk 'NR % int('"$ZOO_FILES"' / 20) == 1' | head -20 > "$WORK/peft-doctor-sample.list"
  start=$(date +%s.%N)
  while read -r file; do "$PEFT_DOCTOR" lora-config-check "$file" > /dev/null 2>&1 || true; done < "$WORK/peft-doctor-sample.list"
  end=$(date +%s.%N)
  python3 -c "import sys; per=(float(sys.argv[2])-float(sys.argv[1]))/20; print(per*int(sys.argv[3])/2)" "$start" "$end" "$(cat "$RESULTS/zoo-files.txt")" > "$RESULTS/zoo-peft-doctor-estimate.txt"
  echo "20 files timed one process each, scaled to all files over 2 cores" > "$RESULTS/zoo-peft-doctor-note.txt"
fi

# 3. giant pattern: a complete rank_pattern + alpha_pattern against the catalog's full
# Mixtral-style inventory (--architecture mixtral), at growing sizes.
say "3 giant pattern"
for layers in 80 160 320 714; do
  dir=$WORK/giant-$layers
  python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print(len(c['rank_pattern'])+len(c['alpha_pattern']))" "$dir/adapter_config.json" > "$RESULTS/giant-$layers-keys.txt"
  "$LINT" resolve "$dir/adapter_config.json" --architecture mixtral --num-layers "$layers" --format json 2>/dev/null \
    | python3 -c "import json,sys; d=json.load(sys.stdin); print(d.get('inventory', {}).get('modules', ''))" > "$RESULTS/giant-$layers-modules.txt" || true
  hf "giant-$layers" "$RUNS" 2 -N "$LINT $dir/adapter_config.json --architecture mixtral --num-layers $layers"
done
python3 Benchmarks/naive_resolve.py "$WORK/giant-80/adapter_config.json" "$WORK/giant-80/modules.txt" --sample 400 \
  | tee /dev/stderr | sed -n 's/^NAIVE_SECONDS=//p' > "$RESULTS/giant-80-naive.txt"
echo "Python re, compiled once, first match per module as PEFT; 400 of 2,240 modules timed, scaled" > "$RESULTS/giant-80-naive-note.txt"
python3 Benchmarks/naive_resolve.py "$WORK/giant-714/adapter_config.json" "$WORK/giant-714/modules.txt" --sample 100 \
  | tee /dev/stderr | sed -n 's/^NAIVE_SECONDS=//p' > "$RESULTS/giant-714-naive.txt"
echo "as above; 100 of 19,992 modules timed, scaled" > "$RESULTS/giant-714-naive-note.txt"

# 4. fix: --fix over a fresh copy of the zoo (seeded bugs) each run.
say "4 fix"
hf fix-gradience "$SLOW_RUNS" 0 --prepare "rm -rf $WORK/zoo-fix && cp -r $WORK/zoo $WORK/zoo-fix" "$LINT --fix $WORK/zoo-fix > /dev/null 2>&1"
before=$("$LINT" "$WORK/zoo" --exit-zero --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))")
after=$("$LINT" "$WORK/zoo-fix" --exit-zero --format json | python3 -c "import json,sys; print(len(json.load(sys.stdin)['diagnostics']))")
changed=$( (diff -rq "$WORK/zoo" "$WORK/zoo-fix" || true) | wc -l)
echo "$changed files changed; findings $before -> $after" > "$RESULTS/fix-note.txt"

# 5. the seed's case (issue 23): one --fix on a complete pattern whose every key carries
# `base_model.model.`: the 1,120-key Llama fixture, the 39,984-key giant against `check`
# on the same file, and the giant with one key that cannot be fixed (the rest are).
say "5 seed fix"
regenerate "$WORK/giant-714-prefixed" giant "$WORK/giant-714-prefixed" --layers 714 --prefixed
regenerate "$WORK/giant-714-conflict" giant "$WORK/giant-714-conflict" --layers 714 --prefixed --conflict
mkdir -p "$WORK/seed-fix" "$WORK/giant-fix"
SEED=$ROOT/fixtures/seed/llama-80-mirrored.json
# transformers 4: the giant names every expert's w1/w2/w3, modules there; transformers 5
# fuses the experts, so every expert key matches nothing (34,272 GL005 with suggestions,
# the same before and after the fix) and both check and fix time that instead.
GIANT_FLAGS="--architecture mixtral --num-layers 714 --transformers-version 4.57.6"
hf seed-80-fix "$RUNS" 1 --prepare "cp $SEED $WORK/seed-fix/adapter_config.json" \
  "$LINT check --fix $WORK/seed-fix/adapter_config.json --architecture llama --num-layers 80 > /dev/null 2>&1"
for variant in prefixed conflict; do
  source_config=$WORK/giant-714-$variant/adapter_config.json
  hf "giant-$variant-check" "$SLOW_RUNS" 1 "$LINT check --exit-zero $source_config $GIANT_FLAGS > /dev/null"
  hf "giant-$variant-fix" "$SLOW_RUNS" 0 --prepare "cp $source_config $WORK/giant-fix/adapter_config.json" \
    "$LINT check --fix --exit-zero $WORK/giant-fix/adapter_config.json $GIANT_FLAGS > /dev/null 2>&1"
  cp "$source_config" "$WORK/giant-fix/adapter_config.json"
  "$LINT" check --fix --exit-zero "$WORK/giant-fix/adapter_config.json" $GIANT_FLAGS 2>&1 >/dev/null | head -1 > "$RESULTS/giant-$variant-fix-note.txt" || true
done

# Memory: peak resident set of one process.
say "memory"
rss() { /usr/bin/time -f '%M' -o "$RESULTS/$1.txt" "${@:2}" > /dev/null 2>&1 || true; }
rss rss-zoo-1k "$LINT" "$WORK/zoo-1k" --exit-zero
rss rss-zoo-10k "$LINT" "$WORK/zoo" --exit-zero
rss rss-giant-80 "$LINT" "$WORK/giant-80/adapter_config.json" --architecture mixtral --num-layers 80
rss rss-giant-714 "$LINT" "$WORK/giant-714/adapter_config.json" --architecture mixtral --num-layers 714
rss rss-floor-10k "$BIN/floor" "$WORK/zoo"
cp "$SEED" "$WORK/seed-fix/adapter_config.json"
rss rss-seed-80-fix "$LINT" check --fix "$WORK/seed-fix/adapter_config.json" --architecture llama --num-layers 80
cp "$WORK/giant-714-prefixed/adapter_config.json" "$WORK/giant-fix/adapter_config.json"
rss rss-giant-prefixed-fix "$LINT" check --fix "$WORK/giant-fix/adapter_config.json" $GIANT_FLAGS
cp "$WORK/giant-714-conflict/adapter_config.json" "$WORK/giant-fix/adapter_config.json"
rss rss-giant-conflict-fix "$LINT" check --fix "$WORK/giant-fix/adapter_config.json" $GIANT_FLAGS

say "results (medians; $RESULTS)"
python3 Benchmarks/table.py "$RESULTS"
