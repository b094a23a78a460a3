// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Trent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trent", targets: ["trent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        // ML-DSA-44 and external-µ ML-DSA: BoringSSL functions swift-crypto compiles in
        // without a Swift API (and, for verifying µ, swift-nio-ssl's newer BoringSSL).
        .target(
            name: "CMLDSAShim",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "TrentCrypto",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                "CMLDSAShim",
                "COpenSSL",
                "CSodium",
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TrentJSON",
            swiftSettings: strict
        ),
        .target(
            name: "TrentPolicy",
            dependencies: ["TrentJSON"],
            swiftSettings: strict
        ),
        .target(
            name: "TrentDomain",
            dependencies: ["TrentCrypto", "TrentJSON"],
            swiftSettings: strict
        ),
        .target(
            name: "TrentAuth",
            dependencies: [
                "TrentDomain",
                "TrentPolicy",
                "TrentCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TrentStorage",
            dependencies: [
                "TrentDomain",
                "TrentCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TrentAPI",
            dependencies: [
                "TrentDomain",
                "TrentCrypto",
                "TrentStorage",
                "TrentAuth",
                "TrentPolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TrentHTTP",
            dependencies: [
                "TrentAPI",
                "TrentJSON",
                "TrentAuth",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "trent",
            dependencies: [
                "TrentHTTP",
                "TrentJSON",
                "TrentAPI",
                "TrentStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TrentTests",
            dependencies: [
                "TrentJSON", "TrentPolicy", "TrentCrypto", "TrentDomain", "TrentAuth", "TrentStorage", "TrentAPI", "TrentHTTP",
            ],
            swiftSettings: strict
        ),
    ]
)
