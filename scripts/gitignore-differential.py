#!/usr/bin/env python3
"""Differential fixture for GitIgnore: random rule sets over random trees, with git as the oracle.

For each case it builds a throwaway repository (in a temporary folder), writes the
.gitignore files and the tree, and records which files git keeps:
`git ls-files --others --exclude-standard` (the files a walk that respects .gitignore
must visit: this includes git's rule that nothing below an ignored folder comes back,
which `git check-ignore` on a single path does not apply). The Swift test
(Tests/GradienceLintTests/Hostile/GitIgnoreDifferentialTests.swift) replays every case
without git.

    scripts/gitignore-differential.py [--cases 1000] [--seed 28] > fixtures/gitignore/differential.json

Deterministic for a seed and a git version (recorded in the output).
"""
import argparse, json, os, random, subprocess, tempfile

NAMES = ["a", "b", "ab", "a.json", "b.yaml", "x.yml", "A", "Ab", "a1", "1", "_", "-x", ".h", "a b", "a ", " a",
         "a*b", "a?b", "[ab]", "a[b", "b]", "!a", "#a", "a\\b", "\\", "**", "*", "d", "dir", "file", "é", "e\u0301", "a\rb"]
FOLDERS = ["d", "dir", "sub", "a", "[x]", "n m", "**"]

LITERALS = ["a", "b", "d", "dir", "file", "x", "json", "yaml", ".", "_", "-", "1", "A", "é", " "]
GLOBS = ["*", "**", "?", "[ab]", "[!a]", "[^b]", "[a-c]", "[[:alpha:]]", "[[:digit:]]", "[[:space:]]", "[[:punct:]]",
         "[[:upper:]]", "[]]", "[!]]", "\\*", "\\[", "\\?", "\\!", "\\#", "\\ ", "\\\\", "[a-]", "[\\]]", "[[:bogus:]]", "["]

def component(rng):
    return "".join(rng.choice(LITERALS + GLOBS) for _ in range(rng.randint(1, 3)))

def pattern(rng, folders):
    parts = [component(rng) for _ in range(rng.choices([1, 2, 3], [6, 3, 1])[0])]
    if rng.random() < 0.3:
        parts[0] = rng.choice(folders + ["**"])
    if rng.random() < 0.15:
        parts.append("**")
    text = "/".join(parts)
    if rng.random() < 0.2: text = "/" + text
    if rng.random() < 0.2: text += "/"
    if rng.random() < 0.25: text = "!" + text
    if rng.random() < 0.05: text = "#" + text
    if rng.random() < 0.08: text += rng.choice(["  ", " ", "\\ ", "\t"])
    return text

def listed_cases():
    """The cases issue 28 names, each as one rule set over one tree. Every file is a .yaml
    and names to match are folders, so the Swift test can replay these through the real
    folder walk (which lists only configs) as well as through GitIgnore alone."""
    tree = ["*/c.yaml", "[x]/c.yaml", "a/c.yaml", "A/c.yaml", "1/c.yaml", "d/file.yaml", "d/other.yaml",
            "dir/file.yaml", "dir/keep.yaml", "n m/a/c.yaml", "b /c.yaml"]
    return [
        {"ignores": {"": "\\*\n"}, "tree": tree},
        {"ignores": {"": "\\[x]\n"}, "tree": tree},
        {"ignores": {"": "[[:alpha:]]\n"}, "tree": tree},
        {"ignores": {"": "\ufeffa\n"}, "tree": tree},
        {"ignores": {"": "dir/**\n!dir/file.yaml\n"}, "tree": tree},
        {"ignores": {"": "d/\n!d/file.yaml\n"}, "tree": tree},
        {"ignores": {"": "a\r\n*\\ \n"}, "tree": tree},
    ]

def random_case(rng):
    folders = rng.sample(FOLDERS, rng.randint(1, 3))
    tree = set()
    for _ in range(rng.randint(6, 18)):
        depth = rng.choices([0, 1, 2], [4, 4, 2])[0]
        path = [rng.choice(folders) for _ in range(depth)] + [rng.choice(NAMES)]
        tree.add("/".join(path))
    # A name cannot be both a file and a folder.
    files = sorted(p for p in tree if not any(q.startswith(p + "/") for q in tree))
    ignores = {}
    places = [""] + sorted({p.rsplit("/", 1)[0] for p in files if "/" in p})
    for place in rng.sample(places, rng.randint(1, min(2, len(places)))):
        lines = [pattern(rng, folders) for _ in range(rng.randint(1, 6))]
        text = ("\ufeff" if rng.random() < 0.05 else "") + ("\r\n" if rng.random() < 0.05 else "\n").join(lines) + "\n"
        ignores[place] = text
    return {"ignores": ignores, "tree": files}

def kept_by_git(case):
    with tempfile.TemporaryDirectory() as root:
        subprocess.run(["git", "init", "-q", root], check=True)
        for path in case["tree"]:
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            open(full, "w").close()
        for place, text in case["ignores"].items():
            folder = os.path.join(root, place)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        out = subprocess.run(["git", "-c", "core.quotePath=false", "-c", "core.excludesFile=/dev/null", "ls-files", "-z",
                              "--others", "--exclude-standard"], cwd=root, check=True, capture_output=True).stdout
        return sorted(p for p in out.decode("utf-8").split("\0") if p and not p.endswith(".gitignore"))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=28)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = listed_cases() + [random_case(rng) for _ in range(args.cases)]
    for case in cases:
        case["kept"] = kept_by_git(case)
    version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    json.dump({"generator": "scripts/gitignore-differential.py", "seed": args.seed, "git": version, "cases": cases},
              os.sys.stdout, ensure_ascii=False, indent=0)
    os.sys.stdout.write("\n")

if __name__ == "__main__":
    main()
