// GradiencePEFT — a faithful model of PEFT's code for a chosen PEFT version: `LoraSpec` (a
// LoraConfig's fields), target matching (`TargetMatcher`, `check_target_module_exists`),
// pattern lookup (`PatternResolver`, `get_pattern_key`), Python `re` on ICU under a budget
// (`PythonRegex`, `RegexBudget`), the MoE conversion, what PEFT raises (`PeftRaises`), and
// the per-module answer (`Resolver` → `Resolution`). Depends on Inventory and Syntax.
