#!/usr/bin/env bash
# Issue 28's resource rows: inputs whose work must stay bounded by their size. Generates
# each input (Benchmarks/hostile_scale.py) and runs a gradience-lint binary on it under
# /usr/bin/time -v, printing wall and CPU seconds, peak memory (RSS), the exit code and
# the first line of output. A release build is the one to measure.
#
#   Benchmarks/hostile-scale.sh [BINARY]     # default: swift build -c release's binary
#   HOSTILE_TIMEOUT=120 Benchmarks/hostile-scale.sh /work/baseline-gradience-lint
#
# The bound every row is held to (issue 28): under 2 s and 300 MiB. On the shared 2-core
# machine wall time moves with load; CPU seconds (user + sys) move much less.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-}
if [ -z "$bin" ]; then
    (cd "$root" && swift build -c release --product gradience-lint >&2) || exit 2
    bin="$(cd "$root" && swift build -c release --show-bin-path)/gradience-lint"
fi
limit=${HOSTILE_TIMEOUT:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/Benchmarks/hostile_scale.py" "$work" >&2 || exit 2

printf '%-34s %5s %8s %8s %8s  %s\n' row exit "wall s" "cpu s" "RSS MiB" "first line of output"
row() {
    local name=$1 dir=$2; shift 2
    (cd "$work/$dir" && /usr/bin/time -v -o "$work/time.txt" timeout "$limit" "$bin" "$@" >"$work/out.txt" 2>"$work/err.txt")
    local rc=$?
    local wall cpu rss first
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$work/time.txt")
    rss=$(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt") / 1024 ))
    [ "$rc" -eq 124 ] && wall="timeout" && cpu="-"
    first=$(head -c 300 "$work/out.txt" | head -1 | cut -c1-70)
    [ -z "$first" ] && first=$(head -c 300 "$work/err.txt" | head -1 | sed 's|^gradience-lint: settings error: /[^ ]*/|settings error: |' | cut -c1-70)
    printf '%-34s %5s %8s %8s %8s  %s\n' "$name" "$rc" "$wall" "$cpu" "$rss" "$first"
}
row 'target_modules "(.*)*x$"'          redos      --no-color adapter_config.json
row '3,000 regex rank_pattern keys'     regex3000  --no-color adapter_config.json
row '5,000 unmatched rank keys'         unmatched5000  --no-color adapter_config.json
row '20,000 unmatched rank keys'        unmatched20000 --no-color adapter_config.json
row '300k-name --modules file'          plain      --no-color --modules ../modules300k.txt adapter_config.json
# The settings file beside each names mixtral with these counts; transformers 4 lists every expert.
row 'num-layers 1000 x num-experts 1000' moe1000   --no-color --transformers-version 4.57.6 adapter_config.json
row 'num-layers 10000 x num-experts 10000' moe10000 --no-color --transformers-version 4.57.6 adapter_config.json
row 'JSON key of 1,100 characters'      longkey    --no-color adapter_config.json
