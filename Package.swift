// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "GradienceLint", dependencies: ["CYAML"]),
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
        .testTarget(
            name: "GradienceLintTests",
            dependencies: ["GradienceLint"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v5]
)
