// swift-tools-version:6.2
import PackageDescription

// One module per layer, each depending only on the layers below it (docs/architecture.md):
// Syntax ← Transformer, Inventory ← PEFT ← Config ← Rules ← Engine ← Report ← Server.
// `GradienceLint` re-exports them all: the library product and what the tools import.
let layers: [(name: String, dependencies: [Target.Dependency])] = [
    ("GradienceSyntax", ["CYAML"]),
    ("GradienceTransformer", ["GradienceSyntax"]),
    ("GradienceInventory", ["GradienceSyntax"]),
    ("GradiencePEFT", ["GradienceInventory", "GradienceSyntax"]),
    ("GradienceConfig", ["GradiencePEFT", "GradienceInventory", "GradienceSyntax"]),
    ("GradienceRules", ["GradienceConfig", "GradiencePEFT", "GradienceInventory", "GradienceTransformer", "GradienceSyntax"]),
    ("GradienceEngine", ["GradienceRules", "GradienceConfig", "GradiencePEFT", "GradienceInventory", "GradienceTransformer",
                         "GradienceSyntax"]),
    ("GradienceReport", ["GradienceEngine", "GradienceRules", "GradienceConfig", "GradiencePEFT", "GradienceInventory",
                         "GradienceTransformer", "GradienceSyntax"]),
    ("GradienceServer", ["CProcessSpawn", "GradienceReport", "GradienceEngine", "GradienceRules", "GradienceConfig", "GradiencePEFT",
                         "GradienceInventory", "GradienceTransformer", "GradienceSyntax"]),
]

let package = Package(
    name: "gradience-lint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "gradience-lint", targets: ["gradience-lint"]),
        .library(name: "GradienceLint", targets: ["GradienceLint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
    ],
    targets: [
        // The system libyaml, found through pkg-config; never vendored.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // pipe2 and posix_spawn's close-from action, which Swift's Glibc module hides (the server's worker processes).
        .target(name: "CProcessSpawn"),
    ] + layers.map { .target(name: $0.name, dependencies: $0.dependencies) } + [
        // Every layer under one name (`@_exported import`s only).
        .target(name: "GradienceLint", dependencies: layers.map { .target(name: $0.name) }),
        .executableTarget(
            name: "gradience-lint",
            dependencies: [
                "GradienceLint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measures PatternResolver against a naive loop; not part of the test suite.
        .executableTarget(
            name: "gradience-bench-resolver",
            dependencies: ["GradienceLint"],
            path: "Benchmarks/resolver"
        ),
        // The pipeline's invariants, shared by the fuzz target and the tests that replay its crashers.
        .target(name: "GradienceFuzzing", dependencies: ["GradienceLint"]),
        // libFuzzer entry point under scripts/fuzz (-sanitize=fuzzer -DGRADIENCE_FUZZER); otherwise a replay tool.
        .executableTarget(name: "gradience-fuzz", dependencies: ["GradienceFuzzing"]),
        .testTarget(
            name: "GradienceLintTests",
            // gradience-lint: the pre-commit fast path is tested against ArgumentParser's parse.
            dependencies: ["GradienceLint", "GradienceFuzzing", "gradience-lint"] + layers.map { .target(name: $0.name) },
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
