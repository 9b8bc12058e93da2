#!/usr/bin/env bash
# Runs every hostile input of issue 8 (Sources/GradienceFuzzing/HostileInputs.swift: alias
# and merge-key bombs, 100,000-deep nesting, a 64 MiB + 1 file, invalid UTF-8, NUL bytes,
# a lone BOM, CR-only lines, 10,000 documents, 1,000,000 JSON keys, 100,000 pattern keys,
# a catastrophic regex key, conflict markers, an empty file) and of issue 28 (regex shapes
# known to backtrack, control bytes in keys, JSON keys past libyaml's 1,024-character limit
# for implicit keys, 3,000 regex keys, 20,000 unmatched keys, a 300k-name modules file) through the release binary
# under /usr/bin/time -v, and checks each answer (exit code and diagnostic) and its
# bounds (wall time, peak memory). Prints a table; exits 1 when any check fails.
#
#   scripts/hostile-bounds.sh
#
# The inputs are generated into a temporary folder and deleted afterwards; the 64 MiB
# one is a sparse file, so it costs no disk. Bounds are generous on purpose (a shared
# machine): they catch a hang, a quadratic blow-up or a file read whole, not 10 % drifts.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
swift build -c release --product gradience-lint >&2 && swift build -c release --product gradience-fuzz >&2 || exit 2
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/gradience-fuzz" --write-hostile "$work" >"$work/manifest.tsv" || exit 2

failures=0
printf '%-28s %6s %4s %9s %9s %8s %8s  %s\n' input size exit "time s" "bound s" "RSS MB" "bound MB" result
while IFS=$'\t' read -r name file status seconds megabytes match line args; do
    # shellcheck disable=SC2086  # the arguments are words
    (cd "$work" && /usr/bin/time -v -o "$work/time.txt" "$bin/gradience-lint" --no-color $args "$file" >"$work/out.txt" 2>"$work/err.txt")
    rc=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    rss_mb=$(( rss_kb / 1024 ))
    size=$(du -k --apparent-size "$work/$file" | awk '{ s = $1; if (s >= 1024) printf "%dM", s / 1024; else printf "%dK", s }')
    problems=()
    [ "$rc" -eq "$status" ] || problems+=("exit $rc, expected $status")
    if [ "$match" = prefix ]; then
        grep -qF -- "$line" "$work/out.txt" && awk -v l="$line" 'index($0, l) == 1 { found = 1 } END { exit !found }' "$work/out.txt" || problems+=("no line starting '$line'")
    else
        grep -qxF -- "$line" "$work/out.txt" || problems+=("no line '$line'")
    fi
    awk -v w="$wall" -v b="$seconds" 'BEGIN { exit !(w <= b) }' || problems+=("time over bound")
    [ "$rss_mb" -le "$megabytes" ] || problems+=("memory over bound")
    if [ ${#problems[@]} -eq 0 ]; then result=pass; else result="FAIL: ${problems[*]}"; failures=$((failures + 1)); fi
    printf '%-28s %6s %4s %9.2f %9s %8s %8s  %s\n' "$name" "$size" "$rc" "$wall" "$seconds" "$rss_mb" "$megabytes" "$result"
done <"$work/manifest.tsv"
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
