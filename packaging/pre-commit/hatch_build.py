"""The pre-commit shim's one dependency: the gradience-lint wheel of its own version."""

from hatchling.metadata.plugin.interface import MetadataHookInterface


class SameVersionWheel(MetadataHookInterface):
    PLUGIN_NAME = "custom"

    def update(self, metadata):
        metadata["dependencies"] = [f"gradience-lint=={metadata['version']}"]
