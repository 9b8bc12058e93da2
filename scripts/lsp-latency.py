#!/usr/bin/env python3
"""Latency of `gradience-lint server` from a didChange to its publishDiagnostics.

    python3 scripts/lsp-latency.py [PATH-TO-gradience-lint] [--changes N]

Generates two workloads with Benchmarks/generate.py (standard library only, fixed seed):
a small adapter_config.json (the pre-commit workload) and a giant one with 39,984
rank_pattern + alpha_pattern keys (`giant --layers 714`, Mixtral-style, as the benchmark's
largest case), each with a .gradience-lint.yml naming its model. For each it opens the
file, waits for the first diagnostics, then sends N incremental didChange edits (one
pattern value toggled), each after the previous one's diagnostics arrived, and prints the
time from writing the didChange to reading its publishDiagnostics: min / median / max.
Framing is done here by hand; no client library is needed.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
parser = argparse.ArgumentParser(description="didChange to publishDiagnostics latency of gradience-lint server")
parser.add_argument("server", nargs="?", default=os.path.join(ROOT, ".build", "debug", "gradience-lint"))
parser.add_argument("--changes", type=int, default=5)
options = parser.parse_args()
SERVER = os.path.abspath(options.server)
CHANGES = options.changes


class Client:
    def __init__(self, folder):
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(folder, ".cache"))
        self.process = subprocess.Popen([SERVER, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.next_id = 0
        self.time_limit_notices = 0

    def send(self, message):
        body = json.dumps(dict(message, jsonrpc="2.0")).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = self.process.stdout.read(1)
            if not byte:
                raise SystemExit("the server closed its output")
            header += byte
        length = next(int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length"))
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def diagnostics(self, version):
        # An analysis that passes the server's time limit is announced first (a lone
        # `analysis-time-limit` diagnostic); its findings follow: wait for those. (A server
        # that runs analyses in workers stops them instead: nothing follows.)
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"].get("version") == version:
                found = message["params"]["diagnostics"]
                if [d.get("code") for d in found] == ["analysis-time-limit"]:
                    if "was stopped" in found[0].get("message", ""):
                        raise SystemExit("an analysis passed the server's time limit and was stopped: no findings will follow")
                    self.time_limit_notices += 1
                    continue
                return found


def position(text, offset):
    before = text[:offset]
    line = before.count("\n")
    start = before.rfind("\n") + 1
    return {"line": line, "character": len(before[start:].encode("utf-16-le")) // 2}


def measure(label, path, settings):
    folder = os.path.dirname(path)
    with open(os.path.join(folder, ".gradience-lint.yml"), "w") as handle:
        handle.write(settings)
    text = open(path, encoding="utf-8").read()
    uri = "file://" + path
    client = Client(folder)
    client.request("initialize", {"processId": None, "rootUri": "file://" + folder, "capabilities": {}})
    client.send({"method": "initialized", "params": {}})
    started = time.perf_counter()
    client.send({"method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})
    first = client.diagnostics(1)
    opened = time.perf_counter() - started
    # The first rank_pattern value: toggled between two ranks, so each change is real.
    key = text.index('"rank_pattern"')
    colon = text.index(":", text.index('"', text.index("{", key) + 1) + 1)
    start = colon + 1
    while text[start] == " ":
        start += 1
    end = start
    while text[end].isdigit():
        end += 1
    values = [text[start:end], "64" if text[start:end] != "64" else "32"]
    timings = []
    for version in range(2, CHANGES + 2):
        new = values[(version - 1) % 2]
        old_end = start + len(values[version % 2])
        change = {"range": {"start": position(text, start), "end": position(text, old_end)}, "text": new}
        text = text[:start] + new + text[old_end:]
        sent = time.perf_counter()
        client.send({"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        client.diagnostics(version)
        timings.append(time.perf_counter() - sent)
    client.request("shutdown", None)
    client.send({"method": "exit"})
    code = client.process.wait()
    keys = sum(len(json.loads(text).get(name, {})) for name in ("rank_pattern", "alpha_pattern"))
    print(f"{label}: {keys} pattern keys, {len(text.encode()):,} bytes, {len(first)} diagnostics; didOpen→diagnostics {opened * 1000:.0f} ms; "
          f"didChange→diagnostics over {CHANGES} changes: min {min(timings) * 1000:.0f} ms, "
          f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms (exit {code}"
          f"{f'; {client.time_limit_notices} time-limit notices first' if client.time_limit_notices else ''})")


def main():
    work = tempfile.mkdtemp(prefix="gl-lsp-latency-")
    generate = os.path.join(ROOT, "Benchmarks", "generate.py")
    subprocess.run([sys.executable, generate, "precommit", os.path.join(work, "small")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, generate, "giant", os.path.join(work, "giant"), "--layers", "714"], check=True, stdout=subprocess.DEVNULL)
    print(f"server: {SERVER}")
    measure("small", os.path.join(work, "small", "adapter", "adapter_config.json"), "model: {architecture: llama, num-layers: 32}\n")
    measure("giant", os.path.join(work, "giant", "adapter_config.json"), "model: {architecture: mixtral, num-layers: 714}\n")


main()
