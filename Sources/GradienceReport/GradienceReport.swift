// GradienceReport — renderers over one diagnostic model: human (ruff's shape), concise,
// JSON, SARIF 2.1.0, GitHub workflow commands, statistics, unified diffs, `resolve`'s
// module-by-module table, and the once-per-run notice about files read without an
// inventory (`InventoryGap`). Renderers only read a `RunReport`; they never lint.
