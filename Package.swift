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
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),

        // Engine modules: no I/O, no knowledge of the language.
        .target(name: "Numerics", dependencies: ["CLapack"]),
        .target(name: "Lattice", dependencies: ["Numerics", "CSpglib"]),
        .target(name: "MonteCarlo", dependencies: ["Numerics", "Lattice"]),
        .target(name: "Regression", dependencies: ["Numerics"]),
        .target(name: "Closure", dependencies: ["Numerics"]),
        .target(name: "Inference", dependencies: ["Numerics"]),
        .target(name: "Structures", dependencies: ["Numerics", "Lattice"]),

        // Data, structure and model file formats (CSV, JSON, .npy/.npz, HDF5; extxyz, POSCAR, OUTCAR, vasprun.xml,
        // CIF, ASE .db, str.out; ce, ATAT, smol and icet models): no terminal I/O, no knowledge of the language.
        .target(name: "Formats", dependencies: ["Lattice", "CSQLite", "CHDF5"]),

        // The language (no terminal I/O), the shell that binds engines to it, the executable.
        .target(name: "Language", dependencies: ["Numerics", "Formats"]),
        .target(
            name: "Shell",
            dependencies: [
                "Language", "Numerics", "Formats", "Lattice", "MonteCarlo", "Regression", "Closure", "Inference",
                "Structures", "CReadline", "CZeroMQ",
            ]
        ),
        .executableTarget(
            name: "ce",
            dependencies: ["Shell", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // The fuzz run scripts/test makes (100,000 hostile inputs in one process).
        .executableTarget(name: "ce-fuzz", dependencies: ["Shell", "Language", "Formats", "Numerics"], path: "Tests/Fuzz"),

        // Runs the Python peers (scripts/peers) that comparison tests check ce against, and
        // simulates the ranks of an MPI job in one process.
        .target(name: "PeerSupport", dependencies: ["Numerics"], path: "Tests/PeerSupport"),

        .testTarget(name: "NumericsTests", dependencies: ["Numerics", "PeerSupport"]),
        .testTarget(name: "LatticeTests", dependencies: ["Lattice", "Formats", "PeerSupport"], exclude: ["peers"]),
        .testTarget(name: "MonteCarloTests", dependencies: ["MonteCarlo", "Lattice", "PeerSupport"]),
        .testTarget(name: "RegressionTests", dependencies: ["Regression", "PeerSupport"], exclude: ["peers"]),
        .testTarget(name: "ClosureTests", dependencies: ["Closure", "MonteCarlo", "PeerSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Closure", "Regression", "PeerSupport"]),
        .testTarget(name: "StructuresTests", dependencies: ["Structures", "Formats", "PeerSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "Lattice", "PeerSupport"], exclude: ["fixtures"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "PeerSupport"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Language", "Formats", "PeerSupport"], exclude: ["peers"]),
    ],
    swiftLanguageModes: [.v5]
)
