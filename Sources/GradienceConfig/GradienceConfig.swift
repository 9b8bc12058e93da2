// GradienceConfig — finds the LoRA settings in a parsed document and types them:
// `ConfigExtractor` asks each consuming tool's recogniser (`Formats/`, one file per tool,
// `FormatRegistry`) and `SpecBuilder` maps the tool's keys onto a `LoraSpec`, each field tied
// to its node (`LoraSettings`, `SettingField`, `PatternKey`). Depends on PEFT, Inventory and
// Syntax.
