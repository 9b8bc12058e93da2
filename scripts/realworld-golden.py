#!/usr/bin/env python3
"""Regenerates fixtures/realworld-findings.json and fixtures/realworld-findings.md: every
finding gradience-lint makes on ../shared/corpus/realworld (default settings), each with
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


def relative(text):
    """Paths in findings and messages, relative to the corpus (as the test writes them)."""
    return text.replace(CORPUS + "/", "")


def run(binary):
    done = subprocess.run([binary, "check", "--format", "json", "--exit-zero", CORPUS],
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
    files, findings = run(args.binary)

    old = json.load(open(GOLDEN))["findings"] if os.path.exists(GOLDEN) else []
    exact = {(f["code"], f["path"], f["line"], f["column"], f["message"]): f["verdict"] for f in old}
    loose = {(f["code"], f["path"], f["key_path"]): f["verdict"] for f in old}
    for f in findings:
        f["verdict"] = exact.get((f["code"], f["path"], f["line"], f["column"], f["message"])) \
            or loose.get((f["code"], f["path"], f["key_path"])) or UNREVIEWED

    with open(GOLDEN, "w") as out:
        json.dump({"corpus": "../shared/corpus/realworld", "settings": "defaults", "files_checked": files,
                   "findings": findings}, out, indent=2, ensure_ascii=False)
        out.write("\n")
    write_review(files, findings)
    unreviewed = sum(f["verdict"] == UNREVIEWED for f in findings)
    print(f"{len(findings)} findings on {files} files; {unreviewed} unreviewed")


def write_review(files, findings):
    counts = collections.Counter((f["code"], f["severity"]) for f in findings)
    lines = [
        "# Findings on the realworld corpus",
        "",
        f"Every finding `gradience-lint check` makes on the {files} files of `../shared/corpus/realworld/`",
        "(real configs from public repositories; origin and commit of each in its `SOURCES.txt`), with",
        "default settings, and why each one is right. Generated with its verdicts from",
        "`fixtures/realworld-findings.json` by `scripts/realworld-golden.py`; write verdicts there.",
        "`Tests/GradienceLintTests/Engine/RealWorldFindingsTests.swift` fails when a finding appears or",
        "disappears without the JSON changing, and when a verdict is missing or says false positive.",
        "",
        "| code | severity | findings |",
        "|---|---|---|",
    ]
    for (code, severity), count in sorted(counts.items()):
        lines.append(f"| {code} | {severity} | {count} |")
    lines += ["", "| finding | verdict |", "|---|---|"]
    for f in findings:
        message = f["message"].replace("|", "\\|")
        verdict = f["verdict"].replace("|", "\\|")
        lines.append(f"| {f['code']} {f['severity']} `{f['path']}:{f['line']}:{f['column']}`: {message} | {verdict} |")
    with open(REVIEW, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
