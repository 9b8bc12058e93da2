#!/usr/bin/env python3
"""Measure a gradience-lint binary on the held-out corpus (fixtures/heldout).

    scripts/heldout-measure.py BINARY [--out FILE] [--json FILE]

Runs, from fixtures/heldout/files (so reported paths are corpus paths):
  * `BINARY check --verbose --no-color --exit-zero <every file>`: the per-file verbose lines
    ("<path>: read as <format>", "no LoRA settings", "skipped: <why>") give what was read and as what;
  * `BINARY check --format json --exit-zero <every file>`: the findings;
  * `BINARY resolve --format json <file>` for every file that was read: whether a module inventory
    was found for its base model (resolve exits 2 with "no module inventory" when none was).

and reports, against the labels in fixtures/heldout/SOURCES.tsv and the reviewed verdicts in
fixtures/heldout/verdicts.json:
  * files read per format, and files not read (with the reason the binary gave);
  * recall: PEFT-LoRA files (label peft_lora=yes) that were read, and the list of those not read;
  * files read without a module inventory;
  * findings per code and per format;
  * precision: each finding is identified by (path, code, line, message) and looked up in
    verdicts.json (verdict TP or FP, with a one-line reason); findings with no verdict are listed
    as "unreviewed" and left out of the precision figure.

The corpus is the held-out check of issue 24: measure on it, never tune on it file by file.
"""
import argparse
import collections
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELDOUT = os.path.join(ROOT, 'fixtures', 'heldout')
FILES = os.path.join(HELDOUT, 'files')

VERBOSE_LINE = re.compile(
    r'^(?P<path>[^\s:][^:]*?): (?:(?P<read>read as) (?P<fmt>[^\s(]+)(?: \((?P<ptr>[^)]*)\))?'
    r'|(?P<none>no LoRA settings)(?P<nonewhy>.*)|(?P<skip>skipped): (?P<why>.*))$')


def load_sources():
    with open(os.path.join(HELDOUT, 'SOURCES.tsv'), newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t'))
    for r in rows:
        r['file'] = r['repo'].replace('/', '+') + '/' + r['path']
    return rows


def run(args, **kw):
    return subprocess.run(args, cwd=FILES, capture_output=True, text=True, **kw)


def verbose_status(binary, files):
    """Per file: ('read', format) / ('none', why) / ('skipped', why) / ('unknown', '')."""
    p = run([binary, 'check', '--verbose', '--no-color', '--exit-zero', '--format', 'human', *files])
    status = {}
    for line in (p.stdout + '\n' + p.stderr).splitlines():
        m = VERBOSE_LINE.match(line.strip())
        if not m or m.group('path') not in files_set:
            continue
        if status.get(m.group('path'), ('',))[0] == 'read':
            continue  # a file with a section read and another skipped counts as read
        if m.group('read'):
            status[m.group('path')] = ('read', m.group('fmt'))
        elif m.group('none'):
            status[m.group('path')] = ('none', 'no LoRA settings' + (m.group('nonewhy') or ''))
        else:
            status[m.group('path')] = ('skipped', m.group('why'))
    return status


def findings(binary, files):
    p = run([binary, 'check', '--format', 'json', '--exit-zero', *files])
    try:
        return json.loads(p.stdout)['diagnostics']
    except (ValueError, KeyError):
        sys.exit(f'check --format json gave no JSON:\n{p.stdout[:2000]}\n{p.stderr[:2000]}')


def inventory(binary, path):
    """True when resolve found a module inventory, False when it said there is none, None otherwise."""
    p = run([binary, 'resolve', '--format', 'json', path])
    if p.returncode == 0:
        return True, ''
    # The wording changed across versions ("no module inventory for the base model: '…'", "'…' is
    # not in the local Hugging Face cache and not in the table of known models", "the file names
    # no base model"); every version ends with the same advice on how to give one.
    if 'no module inventory' in p.stderr or 'Give one of' in p.stderr:
        old = re.search(r"no module inventory for the base model(?:: '([^']*)')?", p.stderr)
        new = re.search(r": '([^']*)' is not ", p.stderr)
        if old:
            return False, old.group(1) or ''
        if new:
            return False, new.group(1)
        return False, ''
    return None, p.stderr.strip().splitlines()[0][:200] if p.stderr.strip() else f'exit {p.returncode}'


def fix_property(binary, files):
    """For --fix and --fix --unsafe-fixes on a copy: (files changed, findings added)."""
    results = {}
    for flags in (['--fix'], ['--fix', '--unsafe-fixes']):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, 'files')
            shutil.copytree(FILES, copy)
            identity = lambda d: (d['path'], d['code'], d['key_path'])
            def check(extra):
                p = subprocess.run([binary, 'check', '--format', 'json', '--exit-zero', *extra, *files], cwd=copy,
                                   capture_output=True, text=True)
                return {identity(d): d for d in json.loads(p.stdout)['diagnostics']}
            before = check([])
            after = check(flags)
            changed = [f for f in files if open(os.path.join(FILES, f), 'rb').read() != open(os.path.join(copy, f), 'rb').read()]
            added = [after[k] for k in sorted(set(after) - set(before))]
            results[' '.join(flags)] = (changed, added)
    return results


def finding_key(d):
    return (d['path'], d['code'], d['line'], d['message'])


def main():
    global files_set
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('binary')
    ap.add_argument('--out', help='write the Markdown report here (default: standard output)')
    ap.add_argument('--json', help='also write the raw measurements as JSON here')
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)

    sources = load_sources()
    files = [r['file'] for r in sources]
    files_set = set(files)
    label = {r['file']: r for r in sources}

    status = verbose_status(binary, files)
    diags = findings(binary, files)
    for d in diags:  # a file that does not parse gets no verbose line, only its GL000
        if d['code'] == 'GL000' and d['path'] not in status:
            status[d['path']] = ('unparsed', d['message'])
    inv = {}
    for f in files:
        if status.get(f, ('unknown',))[0] == 'read':
            inv[f] = inventory(binary, f)

    verdict_path = os.path.join(HELDOUT, 'verdicts.json')
    verdicts = {}
    if os.path.exists(verdict_path):
        for v in json.load(open(verdict_path)):
            verdicts[(v['path'], v['code'], v['line'], v['message'])] = v

    out = []
    w = out.append
    w(f'# Held-out measurement: `{os.path.basename(binary)}`\n')
    version = run([binary, '--version']).stdout.strip()
    w(f'Binary version: {version}. Corpus: {len(files)} files from {len({r["repo"] for r in sources})} repositories '
      f'({sum(r["peft_lora"] == "yes" for r in sources)} labelled PEFT-LoRA).\n')

    # Files read per format.
    per_format = collections.Counter(s[1] for s in status.values() if s[0] == 'read')
    not_read = collections.Counter(s[0] for s in status.values() if s[0] != 'read')
    unknown = [f for f in files if f not in status]
    w('## Files read per format\n')
    w('| format | files |\n|---|---|')
    for fmt, n in sorted(per_format.items(), key=lambda x: (-x[1], x[0])):
        w(f'| {fmt} | {n} |')
    for k, n in sorted(not_read.items()):
        w(f'| (not read: {k}) | {n} |')
    if unknown:
        w(f'| (no verbose line) | {len(unknown)} |')
    w('')

    # Recall.
    lora = [f for f in files if label[f]['peft_lora'] == 'yes']
    lora_read = [f for f in lora if status.get(f, ('unknown',))[0] == 'read']
    w('## Recall: PEFT-LoRA files read\n')
    w(f'{len(lora_read)} of {len(lora)} files labelled PEFT-LoRA were read '
      f'({100.0 * len(lora_read) / max(1, len(lora)):.1f}%).\n')
    by_tool = collections.defaultdict(lambda: [0, 0])
    for f in lora:
        by_tool[label[f]['tool']][1] += 1
        if f in lora_read:
            by_tool[label[f]['tool']][0] += 1
    w('| tool (label) | read / PEFT-LoRA files |\n|---|---|')
    for t, (r, n) in sorted(by_tool.items()):
        w(f'| {t} | {r} / {n} |')
    w('\nPEFT-LoRA files not read:\n')
    for f in lora:
        if f not in lora_read:
            s = status.get(f, ('unknown', 'no verbose line'))
            w(f'- `{f}` ({label[f]["tool"]}): {s[0]}{": " + s[1] if s[1] else ""}')
    w('\nWhat each labelled tool was read as (a format that is not the consuming tool is a misread):\n')
    w('| tool (label) | PEFT-LoRA? | read as / not read |\n|---|---|---|')
    cross = collections.defaultdict(collections.Counter)
    for f in files:
        s = status.get(f, ('unknown', ''))
        cross[(label[f]['tool'], label[f]['peft_lora'])][s[1] if s[0] == 'read' else f'({s[0]})'] += 1
    for (t, lo), c in sorted(cross.items()):
        w(f'| {t} | {lo} | ' + ', '.join(f'{k} {n}' for k, n in sorted(c.items())) + ' |')
    non_lora_read = [f for f in files if label[f]['peft_lora'] != 'yes' and status.get(f, ('',))[0] == 'read']
    w(f'\nFiles labelled not PEFT-LoRA that were read anyway: {len(non_lora_read)}\n')
    for f in non_lora_read:
        w(f'- `{f}` ({label[f]["tool"]}): read as {status[f][1]}')
    w('')

    # Inventory.
    no_inv = [f for f, (ok, _) in inv.items() if ok is False]
    other = [f for f, (ok, _) in inv.items() if ok is None]
    w('## Files read without a module inventory\n')
    w(f'{len(no_inv)} of {len(inv)} files read had no module inventory for their base model '
      f'({len(inv) - len(no_inv) - len(other)} had one; {len(other)} gave another resolve error).\n')
    for f in no_inv:
        w(f'- `{f}`: base model {inv[f][1]!r} (label: {label[f]["base_model"] or "not stated"!r})')
    for f in other:
        w(f'- `{f}`: resolve said: {inv[f][1]}')
    w('')

    # Findings per code and per format, and precision.
    fmt_of = lambda p: status.get(p, ('', '?'))[1] if status.get(p, ('',))[0] == 'read' else status.get(p, ('?',))[0]
    per_code = collections.defaultdict(collections.Counter)
    per_fmt = collections.defaultdict(collections.Counter)
    reviewed = []
    unreviewed = []
    for d in diags:
        v = verdicts.get(finding_key(d))
        tag = v['verdict'] if v else 'unreviewed'
        per_code[d['code']][tag] += 1
        per_fmt[fmt_of(d['path'])][tag] += 1
        (reviewed if v else unreviewed).append((d, v))
    tp = sum(1 for _, v in reviewed if v['verdict'] == 'TP')
    fp = sum(1 for _, v in reviewed if v['verdict'] == 'FP')
    w('## Findings and precision\n')
    w(f'{len(diags)} findings in {len({d["path"] for d in diags})} files: {tp} true, {fp} false, '
      f'{len(unreviewed)} unreviewed. Precision on reviewed findings: '
      + (f'{100.0 * tp / (tp + fp):.1f}%' if tp + fp else 'n/a (no reviewed findings)') + '.\n')
    w('| code | findings | TP | FP | unreviewed |\n|---|---|---|---|---|')
    for c in sorted(per_code):
        k = per_code[c]
        w(f'| {c} | {sum(k.values())} | {k["TP"]} | {k["FP"]} | {k["unreviewed"]} |')
    w('\n| format | findings | TP | FP | unreviewed |\n|---|---|---|---|---|')
    for c in sorted(per_fmt):
        k = per_fmt[c]
        w(f'| {c} | {sum(k.values())} | {k["TP"]} | {k["FP"]} | {k["unreviewed"]} |')
    w('\n### Every finding\n')
    for d, v in reviewed + unreviewed:
        tag = f'{v["verdict"]}: {v["reason"]}' if v else 'UNREVIEWED'
        w(f'- `{d["path"]}:{d["line"]}` {d["code"]} {d["message"]}\n  - {tag}')
    w('')

    w('## The fix property on a copy of the corpus\n')
    for mode, (changed, added) in fix_property(binary, files).items():
        w(f'`{mode}`: {len(changed)} files changed, {len(added)} findings added.')
        for f in changed:
            w(f'- changed `{f}`')
        for d in added:
            w(f'- ADDED `{d["path"]}:{d["line"]}` {d["code"]} {d["message"]}')
        w('')
    text = '\n'.join(out)
    if a.out:
        open(a.out, 'w').write(text)
    else:
        print(text)
    if a.json:
        json.dump({'status': status, 'diagnostics': diags,
                   'inventory': {f: {'found': ok, 'detail': d} for f, (ok, d) in inv.items()}},
                  open(a.json, 'w'), indent=1, sort_keys=True)
    if unreviewed:
        print(f'{len(unreviewed)} unreviewed findings', file=sys.stderr)


if __name__ == '__main__':
    main()
