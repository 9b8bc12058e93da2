// GradienceServer — the Language Server Protocol server (`LanguageServer`): documents as the
// editor holds them (`ServerDocument`, UTF-16 positions), settings found as `check` finds
// them (`ServerSettings`), analyses in worker processes (`AnalysisWorkerPool`, `AnalysisWorker`:
// a crash or a hang ends a worker, never the server) under a time budget (`AnalysisBudget`),
// diagnostics, hover with rule pages, and quick fixes / fix-all as code actions. The top layer.
