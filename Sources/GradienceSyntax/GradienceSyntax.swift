// GradienceSyntax — the bottom layer: bytes in, trees out. It owns reading files safely
// (`SourceReader`, `FileNameBytes`), the text and its positions (`SourceText`, `Mark`,
// `SourceRange`), the YAML/JSON parser on the system libyaml (`Parser` → `ParsedFile` of
// `Node`s with byte spans, styles and duplicate keys), the TOML reader for pyproject.toml,
// scalar resolution as PyYAML reads it, comments, JSON values for output (`JSONValue`),
// escaping for terminals, and the one audited lock box (`Locked`). It knows nothing of
// LoRA or PEFT.
