// swift-tools-version:6.0
// ce: a scripting shell for lattice thermodynamics.
import PackageDescription

let package = Package(
    name: "ce",
    products: [
        .executable(name: "ce", targets: ["ce"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries (Debian packages installed by scripts/setup).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CSpglib", path: "Sources/CSpglib"),
        .systemLibrary(name: "CLapack", path: "Sources/CLapack"),

        // Engine modules: no I/O, no knowledge of the language.
        .target(name: "Numerics", dependencies: ["CLapack"]),
        .target(name: "Lattice", dependencies: ["Numerics", "CSpglib"]),
        .target(name: "MonteCarlo", dependencies: ["Numerics", "Lattice"]),
        .target(name: "Regression", dependencies: ["Numerics"]),
        .target(name: "Closure", dependencies: ["Numerics"]),
        .target(name: "Inference", dependencies: ["Numerics"]),

        // The language (no terminal I/O), the shell that binds engines to it, the executable.
        .target(name: "Language", dependencies: ["Numerics"]),
        .target(
            name: "Shell",
            dependencies: [
                "Language", "Numerics", "Lattice", "MonteCarlo", "Regression", "Closure", "Inference",
                "CReadline",
            ]
        ),
        .executableTarget(
            name: "ce",
            dependencies: ["Shell", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "LatticeTests", dependencies: ["Lattice"]),
        .testTarget(name: "MonteCarloTests", dependencies: ["MonteCarlo", "Lattice"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression"], exclude: ["peers"]),
        .testTarget(name: "ClosureTests", dependencies: ["Closure", "MonteCarlo"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Closure", "Regression"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Language"]),
    ],
    swiftLanguageModes: [.v5]
)
