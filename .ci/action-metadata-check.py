"""Checks that the README's GitHub Actions workflow fits action.yml, as far as can be
checked without GitHub: every `with:` key of the step that uses the action is one of its
inputs, the SARIF upload reads the file the action writes, and every script a step runs
exists and is executable. Prints one line per check; exits 1 on a mismatch.

    python .ci/action-metadata-check.py   (needs PyYAML)
"""

import os
import re
import sys

import yaml

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
problems = []

with open(os.path.join(repo, "action.yml")) as f:
    action = yaml.safe_load(f)
inputs = action["inputs"]

with open(os.path.join(repo, "README.md")) as f:
    readme = f.read()
block = re.search(r"```yaml\n(# \.github/workflows/lora-configs\.yml\n.*?)```", readme, re.S)
if block is None:
    sys.exit("README.md has no `# .github/workflows/lora-configs.yml` block")
workflow = yaml.safe_load(block.group(1))
steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
ours = [step for step in steps if re.fullmatch(r"gradience-lint/gradience-lint@v[0-9][^ ]*", step.get("uses", ""))]
if len(ours) != 1:
    problems.append(f"the README workflow should use the action once, uses it {len(ours)} times")
else:
    given = ours[0].get("with", {})
    unknown = sorted(set(given) - set(inputs))
    if unknown:
        problems.append(f"the README passes inputs action.yml does not have: {unknown}")
    sarif = given.get("sarif-file", inputs["sarif-file"]["default"])
    uploads = [step["with"]["sarif_file"] for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if uploads != [sarif]:
        problems.append(f"the README uploads {uploads}, the action writes {sarif!r}")
    print(f"README workflow: inputs {sorted(given)} are action.yml's; the upload reads {sarif}")

for step in action["runs"]["steps"]:
    for script in re.findall(r'"\$GITHUB_ACTION_PATH/([^"]+)"', step.get("run", "")):
        path = os.path.join(repo, script)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            problems.append(f"action.yml runs {script}, which is not an executable file")
        else:
            print(f"action.yml step runs {script}: present, executable")

for problem in problems:
    print("FAIL:", problem)
sys.exit(1 if problems else 0)
