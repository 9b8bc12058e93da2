// GradienceLint: every layer under one name, for the command-line tool, the fuzzer, the
// benchmarks and anyone who uses the library. It owns no code; the layers are listed from
// the bottom up, as docs/architecture.md draws them.
@_exported import GradienceSyntax
@_exported import GradienceTransformer
@_exported import GradienceInventory
@_exported import GradiencePEFT
@_exported import GradienceConfig
@_exported import GradienceRules
@_exported import GradienceEngine
@_exported import GradienceReport
@_exported import GradienceServer
