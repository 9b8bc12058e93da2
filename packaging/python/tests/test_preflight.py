"""The preflight API (``gradience_lint.check`` / ``assert_clean``) through the real
binary. Run by .ci/package against the installed wheel:

    python -m unittest discover -s packaging/python/tests -v

With torch, transformers and peft importable, one more test builds a tiny Llama and
checks that what the linter says is what ``get_peft_model`` does; without them it skips,
saying so. Locally, without the wheel: PYTHONPATH=packaging/python
GRADIENCE_LINT_BINARY=.build/debug/gradience-lint python -m unittest discover -s packaging/python/tests
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

PREFIXED = "base_model.model.model.layers.0.self_attn.q_proj"


class FakeModule:
    pass


class Linear(FakeModule):
    pass


class LlamaAttention(FakeModule):
    pass


class FakeModel:
    """Just what check() reads: named_modules() (and named_parameters(), as torch has)."""

    def __init__(self, layers=2):
        self.modules = [("", FakeModule())]
        for index in range(layers):
            self.modules.append((f"model.layers.{index}.self_attn", LlamaAttention()))
            for projection in ("q_proj", "k_proj", "v_proj", "o_proj"):
                self.modules.append((f"model.layers.{index}.self_attn.{projection}", Linear()))

    def named_modules(self):
        return iter(self.modules)

    def named_parameters(self):
        return iter((f"{name}.weight", None) for name, module in self.modules if isinstance(module, Linear))


def config(**overrides):
    fields = {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": {"q_proj", "v_proj"},
              "rank_pattern": {}, "alpha_pattern": {}}
    fields.update(overrides)
    return fields


class PreflightTests(unittest.TestCase):
    def test_importing_never_imports_torch_or_peft(self):
        code = "import sys, gradience_lint; print(sorted(m for m in ('torch', 'peft', 'transformers') if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.strip(), "[]")

    def test_a_prefixed_key_is_found_with_the_models_exact_modules(self):
        import gradience_lint
        findings = gradience_lint.check(config(rank_pattern={PREFIXED: 4}), model=FakeModel(), peft_version="0.21.2")
        codes = [(f.code, f.key_path) for f in findings]
        self.assertIn(("GL001", "/rank_pattern/" + PREFIXED.replace("/", "~1")), codes)
        gl001 = next(f for f in findings if f.code == "GL001")
        self.assertEqual(gl001.severity, "error")
        self.assertEqual(gl001.path, "adapter_config.json")
        self.assertTrue(gl001.message.startswith(f"rank_pattern key '{PREFIXED}' carries 'base_model.model.'"), gl001.message)
        # Sorted keys, indent 2 (as save_pretrained writes): "{", alpha_pattern, lora_alpha,
        # peft_type, r, rank_pattern, then its key on line 7.
        self.assertEqual((gl001.line, gl001.column), (7, 5))

    def test_a_module_the_model_lacks_is_reported(self):
        import gradience_lint
        findings = gradience_lint.check(config(target_modules=["q_proj", "gate_proj"]), model=FakeModel(), peft_version="0.21.2")
        self.assertIn("GL011", [f.code for f in findings])
        self.assertTrue(any("'gate_proj'" in f.message for f in findings if f.code == "GL011"))

    def test_assert_clean_raises_one_error_listing_every_finding(self):
        import gradience_lint
        with self.assertRaises(gradience_lint.LintError) as raised:
            gradience_lint.assert_clean(config(rank_pattern={PREFIXED: 4}), model=FakeModel(), peft_version="0.21.2")
        error = raised.exception
        self.assertGreaterEqual(len(error.findings), 2)
        self.assertTrue(str(error).startswith(f"gradience-lint found {len(error.findings)} problems in the LoRA config:\n"))
        for finding in error.findings:
            self.assertIn(f"  {finding.code} [{finding.severity}] ", str(error))
        # A clean config passes.
        gradience_lint.assert_clean(config(), model=FakeModel(), peft_version="0.21.2")

    def test_names_alone_a_path_and_extra_arguments(self):
        import gradience_lint
        names = [name for name, _ in FakeModel().named_modules() if name]
        by_names = gradience_lint.check(config(rank_pattern={PREFIXED: 4}), modules=names, peft_version="0.21.2")
        self.assertIn("GL001", [f.code for f in by_names])
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "adapter_config.json")
            with open(path, "w") as handle:
                json.dump({**config(rank_pattern={PREFIXED: 4}), "target_modules": ["q_proj", "v_proj"]}, handle, indent=2)
            from_path = gradience_lint.check(path, model=FakeModel(), peft_version="0.21.2", args=["--select", "GL001"])
            self.assertEqual([(f.code, f.path) for f in from_path], [("GL001", path)])
        with self.assertRaises(TypeError):
            gradience_lint.check(42)

    def test_python_m_is_the_cli(self):
        run = subprocess.run([sys.executable, "-m", "gradience_lint", "--version"], capture_output=True, text=True)
        self.assertEqual(run.returncode, 0)
        self.assertRegex(run.stdout, r"^[0-9]+\.[0-9]+\.[0-9]+\n$")


HAVE_TORCH = all(importlib.util.find_spec(name) for name in ("torch", "transformers", "peft"))


@unittest.skipUnless(HAVE_TORCH, "torch, transformers and peft are not installed here: the real-PEFT check is skipped")
class RealPeftTests(unittest.TestCase):
    def test_the_finding_is_what_get_peft_model_does(self):
        import gradience_lint
        from peft import LoraConfig, get_peft_model
        from transformers import LlamaConfig, LlamaForCausalLM

        model = LlamaForCausalLM(LlamaConfig(hidden_size=16, intermediate_size=32, num_hidden_layers=2,
                                             num_attention_heads=2, num_key_value_heads=2, vocab_size=64))
        lora = LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"], rank_pattern={PREFIXED: 4})
        with self.assertRaises(gradience_lint.LintError) as raised:
            gradience_lint.assert_clean(lora, model=model)
        self.assertIn("GL001", [f.code for f in raised.exception.findings])
        # What the linter says: the prefixed key never matches, so layer 0's q_proj trains at r=8.
        peft_model = get_peft_model(model, lora)
        q_proj = dict(peft_model.named_modules())["base_model.model.model.layers.0.self_attn.q_proj"]
        self.assertEqual(q_proj.r["default"], 8)
        # With the key the linter proposes, PEFT applies it and the linter is satisfied.
        fixed = LoraConfig(r=4, lora_alpha=16, target_modules=["q_proj", "v_proj"],
                           rank_pattern={"model.layers.0.self_attn.q_proj": 4, "q_proj": 8, "v_proj": 8},
                           alpha_pattern={"model.layers.0.self_attn.q_proj": 8})
        findings = gradience_lint.check(fixed, model=LlamaForCausalLM(model.config))
        self.assertEqual([f.code for f in findings if f.severity == "error"], [])


if __name__ == "__main__":
    unittest.main()
