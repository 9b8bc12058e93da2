#!/usr/bin/env python3
"""Findings per code and files read per format, before and after a change, on a corpus:

    python3 scripts/formats/compare-corpus.py BEFORE_BINARY AFTER_BINARY CORPUS_FOLDER

Each binary runs `check --format json --exit-zero` (findings) and `check --verbose
--exit-zero` (stderr: "read as FORMAT", "skipped: …", "no LoRA settings"), with the
repository's own settings out of the way (`--isolated` is not assumed: the corpus folders
carry no settings of their own). Prints the counts side by side and every file whose
reading changed.
"""
import collections
import json
import re
import subprocess
import sys


def run(binary, corpus):
    report = json.loads(subprocess.run([binary, "check", "--format", "json", "--exit-zero", corpus],
                                       capture_output=True, text=True, check=True).stdout)
    verbose = subprocess.run([binary, "check", "--verbose", "--exit-zero", corpus], capture_output=True, text=True).stderr
    readings = collections.defaultdict(list)
    for line in verbose.splitlines():
        match = re.match(r"(.*?): (read as|skipped:|no LoRA settings)(.*)", line)
        if not match:
            continue
        path, kind, rest = match.groups()
        if kind == "read as":
            readings[path].append(rest.strip().split(" ")[0])
        elif kind == "skipped:":
            readings[path].append("(skipped)")
        else:
            readings[path].append("(none)")
    return report["diagnostics"], readings


def main():
    before_binary, after_binary, corpus = sys.argv[1:4]
    before, before_read = run(before_binary, corpus)
    after, after_read = run(after_binary, corpus)
    codes = sorted({d["code"] for d in before + after})
    print("findings per code (before -> after):")
    for code in codes:
        print(f"  {code}: {sum(d['code'] == code for d in before)} -> {sum(d['code'] == code for d in after)}")
    formats = collections.Counter(f for v in before_read.values() for f in v), collections.Counter(f for v in after_read.values() for f in v)
    print("files read per format (before -> after):")
    for name in sorted(set(formats[0]) | set(formats[1])):
        print(f"  {name}: {formats[0][name]} -> {formats[1][name]}")

    def by_format(diagnostics, readings):
        counter = collections.Counter()
        for d in diagnostics:
            counter[(readings.get(d["path"]) or ["(unread)"])[0]] += 1
        return counter
    findings = by_format(before, before_read), by_format(after, after_read)
    print("findings per format (before -> after):")
    for name in sorted(set(findings[0]) | set(findings[1])):
        print(f"  {name}: {findings[0][name]} -> {findings[1][name]}")
    changed = [p for p in sorted(set(before_read) | set(after_read)) if before_read.get(p) != after_read.get(p)]
    print(f"files read differently: {len(changed)}")
    for path in changed:
        print(f"  {path}: {before_read.get(path)} -> {after_read.get(path)}")
    key = lambda d: (d["code"], d["path"], d["key_path"], d["message"])
    gone, new = {key(d) for d in before} - {key(d) for d in after}, {key(d) for d in after} - {key(d) for d in before}
    print(f"findings gone: {len(gone)}, new: {len(new)}")
    for d in sorted(gone):
        print("  -", *d)
    for d in sorted(new):
        print("  +", *d)


if __name__ == "__main__":
    main()
