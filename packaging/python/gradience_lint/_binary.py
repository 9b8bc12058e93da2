"""Where the ``gradience-lint`` binary is: the one this wheel installed beside the Python
that runs us (pip puts the wheel's scripts there), else the one on PATH."""

import os
import shutil
import sys
import sysconfig

NAME = "gradience-lint"


def find_binary() -> str:
    """The binary's path. ``GRADIENCE_LINT_BINARY`` overrides the search."""
    override = os.environ.get("GRADIENCE_LINT_BINARY")
    if override:
        return override
    candidates = []
    for scheme in (None, "posix_user"):
        try:
            scripts = sysconfig.get_path("scripts", scheme) if scheme else sysconfig.get_path("scripts")
        except KeyError:
            continue
        if scripts:
            candidates.append(os.path.join(scripts, NAME))
    candidates.append(os.path.join(os.path.dirname(sys.executable), NAME))
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(NAME)
    if found:
        return found
    raise FileNotFoundError(
        f"the {NAME} binary was not found beside {sys.executable} or on PATH; "
        "reinstall the gradience-lint wheel, or set GRADIENCE_LINT_BINARY"
    )
