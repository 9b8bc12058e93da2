#!/usr/bin/env python3
"""Rebuild fixtures/heldout/files from GitHub, byte for byte, as listed in fixtures/heldout/SOURCES.tsv.

    scripts/heldout-fetch.py [--check] [--only OWNER/NAME]

Each row names a repository, the commit the file was taken from and its path; the file is fetched
from https://raw.githubusercontent.com/<owner>/<name>/<commit>/<path> and written to
fixtures/heldout/files/<owner>+<name>/<path>. With --check nothing is written: each fetched file is
compared with the stored one and differences are listed (exit 1 if any). Needs network; CI does
not run it (the files are committed).
"""
import argparse
import csv
import os
import sys
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELDOUT = os.path.join(ROOT, 'fixtures', 'heldout')


def raw_url(repo, commit, path):
    return 'https://raw.githubusercontent.com/{}/{}/{}'.format(repo, commit, urllib.parse.quote(path))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true', help='compare with the stored files instead of writing')
    ap.add_argument('--only', help='only this repository (owner/name)')
    a = ap.parse_args()
    with open(os.path.join(HELDOUT, 'SOURCES.tsv'), newline='') as f:
        rows = list(csv.DictReader(f, delimiter='\t'))
    differ = failed = 0
    for r in rows:
        if a.only and r['repo'] != a.only:
            continue
        dest = os.path.join(HELDOUT, 'files', r['repo'].replace('/', '+'), r['path'])
        url = raw_url(r['repo'], r['commit'], r['path'])
        try:
            with urllib.request.urlopen(url, timeout=60) as resp:
                data = resp.read()
        except OSError as e:
            failed += 1
            print(f'FAILED {url}: {e}', file=sys.stderr)
            continue
        if a.check:
            stored = open(dest, 'rb').read() if os.path.exists(dest) else None
            if stored != data:
                differ += 1
                print(f'DIFFERS {dest}')
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, 'wb') as f:
            f.write(data)
    print(f'{len(rows)} rows, {failed} failed' + (f', {differ} differ' if a.check else ''), file=sys.stderr)
    sys.exit(1 if failed or differ else 0)


if __name__ == '__main__':
    main()
