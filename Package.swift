// swift-tools-version:6.2
// FollowUp: conflict-free follow-up records after a job interview, a sync server and an offline CLI.

import PackageDescription

/// Settings every target shares: Swift 6 language mode (the tools version's default) plus the upcoming
/// features Hummingbird itself builds with, so imports and existentials are explicit everywhere.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "FollowUp",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FollowUpCore", targets: ["FollowUpCore"]),
        .library(name: "FollowUpWire", targets: ["FollowUpWire"]),
        .library(name: "FollowUpProtocol", targets: ["FollowUpProtocol"]),
        .library(name: "FollowUpServer", targets: ["FollowUpServer"]),
        .library(name: "FollowUpClient", targets: ["FollowUpClient"]),
        .executable(name: "followup", targets: ["FollowUpCLI"]),
        .executable(name: "followup-server", targets: ["FollowUpServerCommand"]),
        .executable(name: "followup-bench", targets: ["FollowUpBench"]),
        .executable(name: "followup-fuzz", targets: ["FollowUpFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // Pure: the CRDT, the follow-up domain, the planner and the drafts. No I/O, no clock reads.
        // swift-crypto only for SHA-1, the hash of name-based (version 5) UUIDs.
        .target(name: "FollowUpCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        // The wire coding: one strict, canonical JSON reader and writer for changes and entity states,
        // the documents a sync moves by the thousand, and the records' digests (SHA-256 of that form).
        // Serialization only; the CRDT stays in the core.
        .target(
            name: "FollowUpWire",
            dependencies: ["FollowUpCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // The wire types, written once: what server and client exchange besides core values.
        .target(name: "FollowUpProtocol", dependencies: ["FollowUpCore", "FollowUpWire"], swiftSettings: swiftSettings),
        // The system's Brotli and libdeflate libraries (Debian: libbrotli-dev, libdeflate-dev), and a
        // small Swift face for them (no FollowUp types): the `br` and `gzip` content codings of sync bodies.
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlienc", providers: [.apt(["libbrotli-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(
            name: "ContentCoding",
            dependencies: ["CBrotli", "CDeflate", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // A generic storage helper (no FollowUp types): binding values through SQLite's C interface
        // for the statements the server and the replica run tens of thousands of times per sync.
        .target(
            name: "SQLiteBinding",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FollowUpServer",
            dependencies: [
                "FollowUpCore",
                "FollowUpWire",
                "FollowUpProtocol",
                "SQLiteBinding",
                "ContentCoding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FollowUpClient",
            dependencies: [
                "FollowUpCore",
                "FollowUpWire",
                "FollowUpProtocol",
                "SQLiteBinding",
                "ContentCoding",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // What both command-line tools do at a terminal (reading a password); no library uses it.
        .target(name: "FollowUpTerminal", swiftSettings: swiftSettings),
        // The `followup` commands as a library: the executable runs them on the terminal, tests
        // run them in-process on a console of their own.
        .target(
            name: "FollowUpCommandLine",
            dependencies: [
                "FollowUpCore",
                "FollowUpClient",
                "FollowUpProtocol",
                "FollowUpTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "FollowUpCLI", dependencies: ["FollowUpCommandLine"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "FollowUpServerCommand",
            dependencies: [
                "FollowUpServer",
                "FollowUpTerminal",
                "FollowUpProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FollowUpBench",
            dependencies: [
                "FollowUpCore",
                "FollowUpWire",
                "FollowUpProtocol",
                "FollowUpClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the fuzz target feeds every reader of untrusted JSON, and the checks after; the
        // executable is libFuzzer's target under `scripts/fuzz`, a corpus replayer otherwise.
        .target(name: "FollowUpFuzzing", dependencies: ["FollowUpCore", "FollowUpWire", "FollowUpProtocol"], swiftSettings: swiftSettings),
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "FollowUpFuzz", dependencies: ["FollowUpFuzzing", "CLibFuzzer"], swiftSettings: swiftSettings),
        // Helpers the test targets share: running our executables as real child processes, and the
        // seeded generator property tests draw from, so a failure replays from its seed.
        .target(name: "FollowUpTestSupport", path: "Tests/FollowUpTestSupport", swiftSettings: swiftSettings),
        // Builders and the random replica schedule that the core's and the wire coding's tests share.
        // Imports stay public by default here: the fixtures hand core values to the test targets.
        .target(
            name: "FollowUpCoreFixtures",
            dependencies: ["FollowUpCore", "FollowUpTestSupport"],
            path: "Tests/FollowUpCoreFixtures",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "FollowUpCoreTests",
            dependencies: ["FollowUpCore", "FollowUpCoreFixtures", "FollowUpTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FollowUpWireTests",
            dependencies: ["FollowUpCore", "FollowUpWire", "FollowUpFuzzing", "FollowUpCoreFixtures", "FollowUpTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FollowUpProtocolTests",
            dependencies: ["FollowUpCore", "FollowUpWire", "FollowUpProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SQLiteBindingTests",
            dependencies: ["SQLiteBinding", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FollowUpServerTests",
            dependencies: [
                "FollowUpCore",
                "FollowUpProtocol",
                "FollowUpServer",
                "ContentCoding",
                "FollowUpTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The client end to end: `followup` commands run in-process against the server application
        // in-process, over real loopback HTTP and real SQLite files; a few as real processes.
        .testTarget(
            name: "FollowUpClientTests",
            dependencies: [
                "FollowUpCore",
                "FollowUpProtocol",
                "FollowUpClient",
                "FollowUpCommandLine",
                "FollowUpServer",
                "FollowUpTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
