"""gradience-lint inside the training script: check a LoRA config against the model it
will be applied to, right before ``get_peft_model``, where a pattern computed in Python
would otherwise fail silently.

    import gradience_lint
    gradience_lint.assert_clean(lora_config, model=model)   # raises LintError, listing every finding
    model = get_peft_model(model, lora_config)

``check`` returns the findings instead of raising. Both run the ``gradience-lint`` binary
this wheel installs (the config goes to it as JSON over a pipe, the findings come back as
JSON); importing this package never imports torch, transformers or peft: the config and
the model are only read through the methods they already have.
"""

from ._binary import find_binary
from ._check import Finding, LintError, assert_clean, check

__all__ = ["Finding", "LintError", "assert_clean", "check", "find_binary"]
