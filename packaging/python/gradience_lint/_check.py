"""``check`` and ``assert_clean``: the config and the model's module names go to the
binary (``gradience-lint check --format json``), the findings come back."""

import enum
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional

from ._binary import find_binary

# The name the config is linted under: PEFT's own file name, so it is read as a saved
# LoraConfig (settings are still found from the working folder, as for any file there).
CONFIG_NAME = "adapter_config.json"


@dataclass(frozen=True)
class Finding:
    """One finding, as ``gradience-lint check --format json`` reports it."""

    code: str
    name: str
    severity: str
    message: str
    path: str
    line: int
    column: int
    key_path: str
    fix: Optional[str] = None

    def __str__(self) -> str:
        return f"{self.code} [{self.severity}] {self.key_path or '/'}: {self.message}"


class LintError(Exception):
    """Raised by ``assert_clean``; ``findings`` holds every finding that failed it."""

    def __init__(self, findings: List[Finding]):
        self.findings = findings
        lines = [f"gradience-lint found {len(findings)} problem{'s' if len(findings) != 1 else ''} in the LoRA config:"]
        lines += [f"  {finding}" for finding in findings]
        super().__init__("\n".join(lines))


def _plain(value: Any) -> Any:
    """JSON-ready: sets become sorted lists, enums their values (PEFT's own to_dict keeps both)."""
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=str)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _config_document(config: Any) -> Optional[str]:
    """The config as the JSON text of an adapter_config.json; None for a path."""
    if isinstance(config, (str, os.PathLike)):
        return None
    if isinstance(config, Mapping):
        fields = dict(config)
    elif hasattr(config, "to_dict"):
        fields = config.to_dict()  # a PEFT LoraConfig (PeftConfig.to_dict)
    else:
        raise TypeError(f"config must be a LoraConfig, a dict or a path, not {type(config).__name__}")
    fields = _plain(fields)
    fields.setdefault("peft_type", "LORA")
    # As PEFT saves it (save_pretrained: sort_keys=True), so positions are stable.
    return json.dumps(fields, indent=2, sort_keys=True) + "\n"


def _module_lines(model: Any = None, modules: Optional[Iterable[str]] = None) -> Optional[str]:
    """The modules file: ``name<TAB>Class`` per module of ``model.named_modules()`` (the root
    as ``<TAB>Class``, which names the model type), then ``name [shape]`` per parameter of
    ``model.named_parameters()`` (what ``target_parameters`` can reach); or the ``modules``
    names as given."""
    if model is not None:
        if not hasattr(model, "named_modules"):
            raise TypeError(f"model must have named_modules() (a torch.nn.Module), not {type(model).__name__}")
        lines = []
        for name, module in model.named_modules():
            lines.append(f"{name}\t{type(module).__name__}")
        if hasattr(model, "named_parameters"):
            for name, parameter in model.named_parameters():
                shape = getattr(parameter, "shape", None)
                if shape is not None:
                    lines.append(f"{name} {list(shape)}")
        return "\n".join(lines) + "\n"
    if modules is not None:
        if isinstance(modules, str):
            raise TypeError("modules must be an iterable of module names, not one string")
        return "".join(f"{name}\n" for name in modules if name)
    return None


def check(config: Any, *, model: Any = None, modules: Optional[Iterable[str]] = None,
          peft_version: Optional[str] = None, args: Iterable[str] = ()) -> List[Finding]:
    """Lint ``config`` (a PEFT ``LoraConfig``, a dict of its fields, or the path of a
    config file) and return the findings.

    ``model`` (anything with ``named_modules()``, such as the base model about to be
    passed to ``get_peft_model``) gives the exact module names and classes, so the rules
    that need the model run in full; ``modules`` gives the names alone. ``peft_version``
    picks the PEFT behaviour to model (default: the installed peft's version, read from
    its metadata without importing it, else gradience-lint's default). ``args`` are more
    ``gradience-lint check`` arguments (``["--select", "GL001"]``).
    """
    command = [find_binary(), "check", "--format", "json", "--no-color"]
    if peft_version is None:
        peft_version = _installed_peft_version()
    if peft_version:
        command += ["--peft-version", str(peft_version)]
    command += list(args)
    document = _config_document(config)
    listing = _module_lines(model, modules)
    with tempfile.TemporaryDirectory(prefix="gradience-lint-") as scratch:
        if listing is not None:
            modules_path = os.path.join(scratch, "modules.txt")
            with open(modules_path, "w", encoding="utf-8") as handle:
                handle.write(listing)
            command += ["--modules", modules_path]
        if document is None:
            command += [os.fspath(config)]
            stdin = None
        else:
            command += ["--stdin-filename", CONFIG_NAME]
            stdin = document.encode("utf-8")
        run = subprocess.run(command, input=stdin, capture_output=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"gradience-lint failed (exit {run.returncode}): {run.stderr.decode('utf-8', 'replace').strip()}")
    report = json.loads(run.stdout.decode("utf-8"))
    return [
        Finding(code=item["code"], name=item["name"], severity=item["severity"], message=item["message"],
                path=item["path"], line=item["line"], column=item["column"], key_path=item.get("key_path", ""),
                fix=(item.get("fix") or {}).get("description") if isinstance(item.get("fix"), dict) else None)
        for item in report.get("diagnostics", [])
    ]


def assert_clean(config: Any, *, model: Any = None, modules: Optional[Iterable[str]] = None,
                 peft_version: Optional[str] = None, fail_on: str = "warning", args: Iterable[str] = ()) -> None:
    """``check``, raising one ``LintError`` that lists every finding at or above
    ``fail_on`` (``error``, ``warning`` — the default — or ``info``)."""
    order = {"info": 0, "warning": 1, "error": 2}
    if fail_on not in order:
        raise ValueError(f"fail_on must be error, warning or info, not {fail_on!r}")
    findings = [finding for finding in check(config, model=model, modules=modules, peft_version=peft_version, args=args)
                if order.get(finding.severity, 2) >= order[fail_on]]
    if findings:
        raise LintError(findings)


def _installed_peft_version() -> Optional[str]:
    """The installed peft's version from its metadata (no import of peft or torch)."""
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # Python 3.7
        return None
    try:
        return version("peft")
    except PackageNotFoundError:
        return None
