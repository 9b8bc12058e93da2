#!/usr/bin/env bash
# Issue 28 (harden-io rows): reproduces each hostile file-system / settings case against a
# gradience-lint binary in a fresh temporary folder and prints one line per case:
#   CASE  exit=N  what happened
# Usage: scripts/hostile-io-repro.sh BINARY   (e.g. /work/baseline-gradience-lint, .build/debug/gradience-lint)
# Nothing outside the temporary folder is touched; every run is bounded by `timeout`.
set -uo pipefail
bin="$(realpath "$1")"
here="$(cd "$(dirname "$0")/.." && pwd)"
example="$here/fixtures/examples/adapter_config.json"
work="$(mktemp -d)"; chmod 755 "$work"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
run() {  # name, folder, args...
  local name="$1" folder="$2"; shift 2
  (cd "$folder" && timeout 20 "$bin" "$@" >"$work/out" 2>"$work/err"); local status=$?
  printf '%-28s exit=%-3s %s\n' "$name" "$status" "$(head -c 160 "$work/err" | tr '\n\0' '  ' | cat -v)"
}
case_dir() { local d="$work/$1"; mkdir -p "$d"; echo "$d"; }

d=$(case_dir zero); cp "$example" "$d/"; ln -s /dev/zero "$d/adapter_model.safetensors"
run safetensors-dev-zero "$d" adapter_config.json
d=$(case_dir fifo); cp "$example" "$d/"; mkfifo "$d/adapter_model.safetensors"
run safetensors-fifo "$d" adapter_config.json

d=$(case_dir toml); python3 -c "print('[tool.gradience-lint]\nx = ' + '['*100000 + ']'*100000)" > "$d/pyproject.toml"; cp "$example" "$d/"
run toml-100k-arrays "$d" adapter_config.json
d=$(case_dir tomlkeys); python3 -c "print('[tool.gradience-lint]\n' + '.'.join(['a']*100000) + ' = 1')" > "$d/pyproject.toml"; cp "$example" "$d/"
run toml-100k-dotted-keys "$d" adapter_config.json
d=$(case_dir tomlutf8); printf '[tool.gradience-lint]\n# bad \xff byte\nselect = ["GL001"]\n' > "$d/pyproject.toml"; cp "$example" "$d/"
run toml-bad-utf8-comment "$d" adapter_config.json

d=$(case_dir dangling); ln -s missing.yml "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-dangling-link "$d" adapter_config.json
d=$(case_dir loop); ln -s .gradience-lint.yml "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-link-loop "$d" adapter_config.json
d=$(case_dir dup); printf 'select: [GL001]\nselect: [GL002]\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-duplicate-key "$d" adapter_config.json
d=$(case_dir docs); printf 'select: [GL001]\n---\nignore: [GL001]\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-second-document "$d" adapter_config.json
d=$(case_dir sevlist); printf 'severity: [GL001]\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-severity-list "$d" adapter_config.json
d=$(case_dir maxsize); printf 'max-file-size: 9223372036854775807\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-max-file-size-max "$d" adapter_config.json

d=$(case_dir secret/a/b); printf 'model:\n  modules-file: ../../../../../../../../proc/self/environ\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
SECRET_TOKEN=hunter2 run settings-modules-file-proc "$d" adapter_config.json
grep -qa hunter2 "$work/err" "$work/out" && echo "  ^ the environment (SECRET_TOKEN) was printed"
d=$(case_dir secretabs); printf 'model:\n  dir: /etc\n' > "$d/.gradience-lint.yml"; cp "$example" "$d/"
run settings-model-dir-absolute "$d" adapter_config.json

d=$(case_dir walk); mkdir -p "$d/tree" "$d/outside"; cp "$example" "$d/outside/adapter_config.json"; ln -s ../outside "$d/tree/link"; cp "$example" "$d/tree/inside.json"
run walk-symlink-out "$d/tree" --format json --verbose .
echo "  linted: $(grep -o '"path": "[^"]*"' "$work/out" | sort -u | tr '\n' ' ')"
d=$(case_dir names); cp "$example" "$d/$(printf 'bad\xffname.json')"
run walk-non-utf8-name "$d" --format json .
grep -o '"files_checked": [0-9]*' "$work/out" | sed 's/^/  /'
d=$(case_dir twins); cp "$example" "$d/$(printf 'caf\xc3\xa9.json')"; cp "$example" "$d/$(printf 'cafe\xcc\x81.json')"
run walk-nfc-nfd-twins "$d" --format json .
grep -o '"files_checked": [0-9]*' "$work/out" | sed 's/^/  /'
d=$(case_dir stale); cp "$example" "$d/adapter_config.json"; cp "$example" "$d/.adapter_config.json.gradience-lint-123-456"
run walk-stale-temp-file "$d" --format json --verbose .
grep -o '"files_checked": [0-9]*' "$work/out" | sed 's/^/  /'

d=$(case_dir hardlink); cp "$example" "$d/adapter_config.json"; ln "$d/adapter_config.json" "$d/other-name.json"
run fix-hard-link "$d" --fix adapter_config.json
if cmp -s "$example" "$d/adapter_config.json"; then echo "  not fixed"
elif cmp -s "$d/adapter_config.json" "$d/other-name.json"; then echo "  link kept (both names fixed)"
else echo "  ^ link broken: the other name keeps the unfixed text"; fi
d=$(case_dir xattr); cp "$example" "$d/adapter_config.json"
if python3 -c 'import os,sys; os.setxattr(sys.argv[1], "user.keep", b"yes")' "$d/adapter_config.json" 2>/dev/null; then
  run fix-xattr "$d" --fix adapter_config.json
  python3 -c 'import os,sys; os.getxattr(sys.argv[1], "user.keep")' "$d/adapter_config.json" 2>/dev/null && echo "  xattr kept" || echo "  ^ xattr dropped"
fi
d=$(case_dir acl); cp "$example" "$d/adapter_config.json"
if setfacl -m u:65534:rw "$d/adapter_config.json" 2>/dev/null; then
  run fix-posix-acl "$d" --fix adapter_config.json
  getfacl -c "$d/adapter_config.json" 2>/dev/null | grep -q 'user:65534:rw' && echo "  ACL kept" || echo "  ^ ACL dropped"
fi
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  d=$(case_dir rootowned); chmod 1777 "$d" 2>/dev/null; chmod 0777 "$d"; cp "$example" "$d/adapter_config.json"; chmod 0644 "$d/adapter_config.json"
  (cd "$d" && timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --fix adapter_config.json >"$work/out" 2>"$work/err"); status=$?
  printf '%-28s exit=%-3s %s\n' fix-root-owned-readonly "$status" "$(head -c 160 "$work/err" | tr '\n' ' ')"
  [ "$(stat -c %U "$d/adapter_config.json")" = root ] && cmp -s "$example" "$d/adapter_config.json" && echo "  root's file untouched" || echo "  ^ root's file was replaced (owner now $(stat -c %U "$d/adapter_config.json"))"
fi

# The language server: one document's analysis traps for real (a Swift arithmetic overflow,
# set off by the test-only GRADIENCE_LINT_WORKER_TEST_FAULT, which only the analysis worker
# reads), then a second document is opened and the server is asked to shut down.
d=$(case_dir server-trap)
GRADIENCE_LINT_WORKER_TEST_FAULT=trap:CRASH-HERE XDG_CACHE_HOME="$d/.cache" timeout 60 python3 - "$bin" "$d" "$example" <<'PY' 2>/dev/null
import json, subprocess, sys
binary, folder, example = sys.argv[1:4]
server = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
def send(message):
    body = json.dumps(dict(message, jsonrpc="2.0")).encode()
    try:
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body); server.stdin.flush()
    except BrokenPipeError:
        pass
def receive(wanted):
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = server.stdout.read(1)
            if not byte:
                return None
            header += byte
        length = next(int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length"))
        message = json.loads(server.stdout.read(length))
        if wanted(message):
            return message
def diagnostics(name):
    found = receive(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"].endswith(name))
    return "server gone" if found is None else " | ".join(f"{d['code']}: {d['message'].splitlines()[0][:120]}" for d in found["params"]["diagnostics"])[:240]
send({"id": 1, "method": "initialize", "params": {"capabilities": {}}}); receive(lambda m: m.get("id") == 1)
text = open(example).read()
details = []
for name, body in [("crashing.json", text.replace("{", '{"note": "CRASH-HERE",', 1)), ("other.json", text)]:
    send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": f"file://{folder}/{name}", "languageId": "json", "version": 1, "text": body}}})
    details.append(f"  {name}: {diagnostics(name)}")
send({"id": 2, "method": "shutdown"})
answered = receive(lambda m: m.get("id") == 2) is not None
send({"method": "exit"})
code = server.wait()
print(f"{'server-analysis-trap':<28} exit={code:<3} " + ("answered shutdown" if answered else "^ the server died (signal %d)" % -code if code < 0 else "^ the server died"))
print("\n".join(details))
PY
