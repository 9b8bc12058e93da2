#!/usr/bin/env python3
"""Regenerates fixtures/realworld-findings.json and fixtures/realworld-findings.md: every
finding gradience-lint makes on ../shared/corpus/realworld, in two passes (default
settings; `--peft-version 0.13.2`, the last PEFT that raises for unknown fields), each with
a verdict. Verdicts already written are kept; a finding that is new gets "UNREVIEWED",
which fails RealWorldFindingsTests until someone reviews it and writes why it is right
(or fixes the linter). Run from the package root after `swift build`:

    python3 scripts/realworld-golden.py [--binary .build/debug/gradience-lint]

A verdict is kept when the same code, file and key path come back, even on another line
or with reworded text (the line and message are updated; re-read the verdict).
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus", "realworld"))
GOLDEN = os.path.join(ROOT, "fixtures", "realworld-findings.json")
REVIEW = os.path.join(ROOT, "fixtures", "realworld-findings.md")
UNREVIEWED = "UNREVIEWED"
PASSES = [("default", []), ("peft-0.13.2", ["--peft-version", "0.13.2"])]


def relative(text):
    """Paths in findings and messages, relative to the corpus (as the test writes them)."""
    return text.replace(CORPUS + "/", "")


def run(binary, arguments):
    done = subprocess.run([binary, "check", "--format", "json", "--exit-zero", *arguments, CORPUS],
                          capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    findings = []
    for d in report["diagnostics"]:
        findings.append({
            "code": d["code"], "severity": d["severity"], "path": relative(d["path"]),
            "line": d["line"], "column": d["column"], "key_path": d["key_path"],
            "message": relative(d["message"]),
        })
    findings.sort(key=lambda f: (f["path"], f["line"], f["column"], f["code"], f["message"]))
    return report["files_checked"], findings


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "gradience-lint"))
    args = parser.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"corpus not found at {CORPUS}")
    old = json.load(open(GOLDEN))["passes"] if os.path.exists(GOLDEN) else []
    passes = []
    for name, arguments in PASSES:
        files, findings = run(args.binary, arguments)
        previous = next((p["findings"] for p in old if p["name"] == name), [])
        reviewed = [f for f in previous if f["verdict"] != UNREVIEWED]
        exact = {(f["code"], f["path"], f["line"], f["column"], f["message"]): f["verdict"] for f in reviewed}
        loose = {(f["code"], f["path"], f["key_path"]): f["verdict"] for f in reviewed}
        # A finding both passes make (same text) has one verdict.
        same = {(f["code"], f["path"], f["line"], f["column"], f["message"]): f["verdict"] for p in passes for f in p["findings"]}
        for f in findings:
            key = (f["code"], f["path"], f["line"], f["column"], f["message"])
            f["verdict"] = exact.get(key) or loose.get((f["code"], f["path"], f["key_path"])) or same.get(key) or UNREVIEWED
        passes.append({"name": name, "arguments": arguments, "files_checked": files, "findings": findings})

    with open(GOLDEN, "w") as out:
        json.dump({"corpus": "../shared/corpus/realworld", "passes": passes}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    write_review(passes)
    for p in passes:
        unreviewed = sum(f["verdict"] == UNREVIEWED for f in p["findings"])
        print(f"{p['name']}: {len(p['findings'])} findings on {p['files_checked']} files; {unreviewed} unreviewed")


def write_review(passes):
    lines = [
        "# Findings on the realworld corpus",
        "",
        f"Every finding `gradience-lint check` makes on the {passes[0]['files_checked']} files of `../shared/corpus/realworld/`",
        "(real configs from public repositories; origin and commit of each in its `SOURCES.txt`), and why",
        "each one is right. Generated with its verdicts from `fixtures/realworld-findings.json` by",
        "`scripts/realworld-golden.py`; write verdicts there.",
        "`Tests/GradienceLintTests/Engine/RealWorldFindingsTests.swift` fails when a finding appears or",
        "disappears without the JSON changing, and when a verdict is missing or says false positive.",
    ]
    for p in passes:
        counts = collections.Counter((f["code"], f["severity"]) for f in p["findings"])
        command = " ".join(["gradience-lint check", *p["arguments"], "../shared/corpus/realworld"])
        lines += ["", f"## Pass {p['name']}: `{command}`", "", "| code | severity | findings |", "|---|---|---|"]
        for (code, severity), count in sorted(counts.items()):
            lines.append(f"| {code} | {severity} | {count} |")
        lines += ["", "| finding | verdict |", "|---|---|"]
        for f in p["findings"]:
            message = f["message"].replace("|", "\\|")
            verdict = f["verdict"].replace("|", "\\|")
            lines.append(f"| {f['code']} {f['severity']} `{f['path']}:{f['line']}:{f['column']}`: {message} | {verdict} |")
    with open(REVIEW, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
