// GradienceRules — what a finding is and every rule that makes one: the `Rule` protocol
// (static metadata beside a pure check over a `RuleContext`), `Finding`/`Diagnostic`/`Fix`
// (semantic edits, never text), `Severity`, the run's `LintOptions`, one file per rule
// (GL000–GL042), `RuleRegistry` and the generated rule pages (`RuleDocs`). A rule never
// prints and never edits text; it cannot reach the engine, the reports or the server.
