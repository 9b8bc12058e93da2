#!/usr/bin/env bash
# Two release binaries side by side on the same workloads, in one hyperfine run each, so a
# busy machine slows both alike: the ratio is the result (issue 29 used it for the module
# split: before = the single-module build, after = one module per layer).
#
#   Benchmarks/compare.sh BEFORE-BINARY AFTER-BINARY [CORPUS-FOLDER]
#
# Workloads (Benchmarks/generate.py, fixed seed, under Benchmarks/.work/compare): the
# pre-commit pair, a 3,000-file zoo, the 80-layer Mixtral giant; plus CORPUS-FOLDER when
# given (e.g. ../shared/corpus/realworld). Also checks that both binaries print the same
# JSON report on each workload: a speed change must not be a behaviour change.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "$1"); after=$(realpath "$2"); corpus=${3:-}
work=Benchmarks/.work/compare
mkdir -p "$work"
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
[ -d "$work/zoo" ] || python3 Benchmarks/generate.py zoo "$work/zoo" --files 3000 --bug-rate 0.1 > /dev/null
[ -d "$work/giant" ] || python3 Benchmarks/generate.py giant "$work/giant" --layers 80 > /dev/null
[ -d "$work/pre" ] || python3 Benchmarks/generate.py precommit "$work/pre" > /dev/null

compare() {  # compare NAME RUNS ARGS...
  local name=$1 runs=$2; shift 2
  echo "== $name"
  hyperfine --style basic -N --ignore-failure --runs "$runs" --warmup 2 --export-json "$work/$name.json" \
    -n before "$before $*" -n after "$after $*" 2>&1 | grep -E 'Time \(mean|times faster'
  if ! cmp -s <("$before" --format json --exit-zero "$@" 2>/dev/null) <("$after" --format json --exit-zero "$@" 2>/dev/null); then
    echo "   the two binaries' JSON reports differ on $name" >&2
  fi
}
compare precommit 20 "$work/pre/adapter/adapter_config.json" "$work/pre/axolotl-lora.yaml"
compare zoo 5 "$work/zoo"
compare giant 5 "$work/giant/adapter_config.json" --architecture mixtral --num-layers 80
if [ -n "$corpus" ]; then compare corpus 3 "$corpus"; fi
