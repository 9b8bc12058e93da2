"""Puts the binary that scripts/package built into the wheel, tagged for the glibc it needs.

scripts/package passes two environment variables:
  GRADIENCE_LINT_BINARY        the stripped static binary, which becomes bin/gradience-lint;
  GRADIENCE_LINT_PLATFORM_TAG  e.g. manylinux_2_35_x86_64, from the binary's versioned
                               glibc symbols (the newest GLIBC_x.y it references).
Nothing here runs when the wheel is installed or used.
"""

import os
import re

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Linux (glibc floor measured by scripts/package) on x86_64 or aarch64, or macOS arm64.
PLATFORM_TAG = re.compile(r"manylinux_2_[0-9]+_(x86_64|aarch64)|macosx_[0-9]+_[0-9]+_arm64")


class BinaryWheelHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        binary = os.environ.get("GRADIENCE_LINT_BINARY", "")
        platform_tag = os.environ.get("GRADIENCE_LINT_PLATFORM_TAG", "")
        if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
            raise RuntimeError(
                "this wheel carries a prebuilt binary: build it with scripts/package "
                f"(GRADIENCE_LINT_BINARY is {binary!r}, not an executable file)"
            )
        if not PLATFORM_TAG.fullmatch(platform_tag):
            raise RuntimeError(
                f"GRADIENCE_LINT_PLATFORM_TAG is {platform_tag!r}, not manylinux_2_N_<arch> or macosx_N_M_arm64 (scripts/package measures it)"
            )
        build_data["shared_scripts"][binary] = "gradience-lint"
        # Pure-Python package beside the binary: any Python 3, no ABI; only the
        # binary's platform constrains it.
        build_data["tag"] = f"py3-none-{platform_tag}"
        build_data["pure_python"] = False
