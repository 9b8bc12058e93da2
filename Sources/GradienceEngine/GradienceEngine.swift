// GradienceEngine — runs the rules over files: settings (`Settings`, pyproject, per-file
// ignores, `# noqa` suppressions, the baseline), file discovery with .gitignore semantics,
// `Linter` (parse → extract → resolve → rules → diagnostics), the inventory cache shared by
// parallel files, `Fixer` (semantic edits → Transformer → re-lint to a fixpoint → verify)
// and `AtomicWriter` (the safe replacement of a file on disk).
