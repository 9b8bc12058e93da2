#!/usr/bin/env bash
# Issue 23's table, for any gradience-lint binary: the seed case (fixtures/seed/, a
# complete rank_pattern whose every key carries `base_model.model.`), what --statistics
# says, and what one `check --fix` does (exit code, wall time, peak memory, GL001/GL004
# left, whether a second --fix changes anything).
#
#   Benchmarks/seed-fix.sh BINARY            # e.g. .build/release/gradience-lint
#
# Each fix runs on a fresh copy. Times are one run each (/usr/bin/time); run.sh's section
# 5 measures the same fixes with hyperfine.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "$1")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

row() {  # row FILE LAYERS [FLAGS...]
  local file=$1 layers=$2; shift 2
  local inventory=(--architecture llama --num-layers "$layers")
  local name; name=$(basename "$file")
  local copy="$WORK/$name"
  local keys; keys=$(python3 - "$file" <<'EOF'
import json, re, sys
text = open(sys.argv[1]).read()
print(len(re.findall(r'^\s*"?base_model\.model\.', text, re.M)))
EOF
)
  local stats; stats=$("$BIN" check --statistics --exit-zero "$file" "${inventory[@]}" 2>/dev/null | grep '^Found' | sed 's/^Found [0-9]* problems*; //')
  cp "$file" "$copy"
  /usr/bin/time -f '%e s, %M KB' -o "$WORK/time" "$BIN" check --fix "$@" "$copy" "${inventory[@]}" > "$WORK/out" 2> "$WORK/err"
  local status=$?
  local left; left=$("$BIN" check --format json --exit-zero "$copy" "${inventory[@]}" 2>/dev/null \
    | python3 -c "import json,sys; d=json.load(sys.stdin)['diagnostics']; print(sum(x['code'] in ('GL001','GL004') for x in d))")
  local what; what=$(grep -E 'refused|^fixed' "$WORK/err" | head -1 | sed "s|$WORK/||")
  cp "$copy" "$WORK/again"
  "$BIN" check --fix "$@" "$WORK/again" "${inventory[@]}" > /dev/null 2>&1
  local second="unchanged"; cmp -s "$copy" "$WORK/again" || second="CHANGED"
  cmp -s "$copy" "$file" && what="$what (file untouched)"
  printf '| %s %s | %s | %s | exit %s: %s | %s | %s | %s |\n' "$name" "$*" "$keys" "$stats" "$status" "$what" "$(cat "$WORK/time" | tail -1)" "$left" "$second"
}

echo "binary: $BIN"
echo
echo "| config (\`--architecture llama --num-layers N\`) | keys | \`--statistics\` says | \`check --fix\` does | time, peak RSS | GL001+GL004 left | second --fix |"
echo "|---|---|---|---|---|---|---|"
row fixtures/seed/llama-32-rank.json 32
row fixtures/seed/llama-32-mirrored.json 32
row fixtures/seed/llama-80-mirrored.json 80
row fixtures/seed/llama-32-rank.yaml 32
row fixtures/seed/llama-32-mirrored.yaml 32
row fixtures/seed/llama-32-mirrored.axolotl.yaml 32
row fixtures/seed/llama-32-mirrored.ludwig.yaml 32
row fixtures/seed/llama-32-conflict.json 32
row fixtures/seed/llama-32-rank.json 32 --unsafe-fixes
row fixtures/seed/llama-80-mirrored.json 80 --unsafe-fixes
