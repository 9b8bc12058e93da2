#!/usr/bin/env python3
"""Checks `gradience-lint server` with an independent LSP client: pygls's (PyPI).

    pip install 'pygls>=2,<3'
    python3 scripts/lsp-pygls-check.py [PATH-TO-gradience-lint]   # default .build/debug/gradience-lint

It starts the server, opens a config with a prefixed rank_pattern key on a line holding
non-ASCII text, and checks: the GL001 diagnostic's UTF-16 range, the quick fix's edit
(applied with the client's own UTF-16 arithmetic it removes the finding after an
incremental didChange), the hover on a pattern key, and shutdown/exit with exit code 0.
Not part of CI (it needs PyPI); prints "ok" and exits 0 when every check holds.
"""
import asyncio
import os
import sys
import tempfile

from lsprotocol import types
from pygls.lsp.client import BaseLanguageClient

SERVER = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "gradience-lint")
CONFIG = (
    "peft_type: LORA\n"
    "target_modules: [q_proj, v_proj]\n"
    "r: 8\n"
    "lora_alpha: 16\n"
    'rank_pattern: {"é😀": 8, base_model.model.model.layers.0.self_attn.q_proj: 8}\n'
)


def utf16_offset(text, line, character):
    lines = text.split("\n")
    before = "\n".join(lines[:line]) + ("\n" if line else "")
    units = len(before.encode("utf-16-le")) // 2
    return units + character


def apply(text, edits):
    data = text.encode("utf-16-le")
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start = utf16_offset(text, edit.range.start.line, edit.range.start.character)
        end = utf16_offset(text, edit.range.end.line, edit.range.end.character)
        data = data[: 2 * start] + edit.new_text.encode("utf-16-le") + data[2 * end:]
    return data.decode("utf-16-le")


async def main():
    folder = tempfile.mkdtemp(prefix="gl-pygls-")
    with open(os.path.join(folder, ".gradience-lint.yml"), "w") as settings:
        settings.write("model: {architecture: llama, num-layers: 2}\n")
    uri = "file://" + os.path.join(folder, "train.yaml")
    published = asyncio.Queue()
    client = BaseLanguageClient("pygls-check", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams):
        published.put_nowait(params)

    await client.start_io(os.path.abspath(SERVER), "server", env={**os.environ, "XDG_CACHE_HOME": os.path.join(folder, ".cache")})
    result = await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri="file://" + folder))
    assert result.capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental, result.capabilities
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=CONFIG)))
    first = await asyncio.wait_for(published.get(), 30)
    gl001 = [d for d in first.diagnostics if d.code == "GL001"]
    assert len(gl001) == 1, first.diagnostics
    expected = types.Range(start=types.Position(line=4, character=25), end=types.Position(line=4, character=73))
    assert gl001[0].range == expected, gl001[0].range
    assert gl001[0].code_description.href.endswith("GL001-prefixed-pattern-key.md"), gl001[0].code_description

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=gl001[0].range,
        context=types.CodeActionContext(diagnostics=gl001)))
    fix = next(a for a in actions if a.title.startswith("GL001:"))
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix, fix
    edits = fix.edit.changes[uri]
    fixed = apply(CONFIG, edits)
    assert fixed == CONFIG.replace("base_model.model.model.layers", "model.layers"), fixed
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits]))
    second = await asyncio.wait_for(published.get(), 30)
    assert second.version == 2 and not [d for d in second.diagnostics if d.code == "GL001"], second

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=4, character=30)))
    assert "Matches 1 adapted module" in hover.contents.value and "`model.layers.0.self_attn.q_proj`" in hover.contents.value, hover

    await client.shutdown_async(None)
    client.exit(None)
    process = client._server
    for _ in range(300):
        if process.returncode is not None:
            break
        await asyncio.sleep(0.01)
    await process.wait()
    assert process.returncode == 0, process.returncode
    await client.stop()
    print("ok: pygls", __import__("importlib.metadata").metadata.version("pygls"), "client: diagnostics, quick fix, didChange, hover, exit 0")


asyncio.run(main())
