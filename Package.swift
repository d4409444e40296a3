// swift-tools-version:6.0
import PackageDescription

// Dependencies point down: clipcoach -> Media/ClipCoachCore -> CMedia -> CFFmpeg.
let package = Package(
    name: "ClipCoach",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clipcoach", targets: ["clipcoach"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "ClipCoachCore", targets: ["ClipCoachCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already in the graph through Hummingbird; named for the review tests' NIOEmbedded.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        // Already in the graph through Hummingbird; named for the HTTP parts the review server's
        // connection deadlines watch (Security/ConnectionDeadlines.swift).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        // The catalog on PostgreSQL (scale-out, docs/scale-out.md).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // FFmpeg 5.1 (Debian 12) or newer, found through pkg-config.
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat libavcodec libavutil libswscale libswresample",
            providers: [
                .apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev", "pkg-config"]),
                .brew(["ffmpeg"]),
            ]
        ),
        // The only code that touches FFmpeg structs. Its API (include/cmedia.h) is plain C types.
        .target(
            name: "CMedia",
            dependencies: ["CFFmpeg"],
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Wno-unused-parameter"])]
        ),
        // The one error shape every module's errors share: a category, mapped to exit codes
        // (clipcoach) and HTTP statuses (ReviewServer) in one place each.
        .target(name: "Failures"),
        // The one atomic file writer (temporary in the same folder, fsync, rename, fsync the folder).
        .target(name: "SafeFiles"),
        .target(
            name: "Media",
            dependencies: ["CMedia", "Failures", "SafeFiles", .product(name: "Logging", package: "swift-log")]
        ),
        // Resource folders (Resources/, Public/; Schemas/ for ClipCoachCore) are embedded in
        // the binary by the EmbedResources plugin: every file in them, no Bundle.module.
        .target(
            name: "ClipCoachCore",
            dependencies: ["Failures", "SafeFiles"],
            exclude: ["Resources"],
            plugins: ["EmbedResources"]
        ),
        // Interchange formats (WebVTT, OTIO, ELAN, W3C Web Annotation, CSV): Foundation only.
        .target(name: "Interchange", dependencies: ["ClipCoachCore", "Failures", "SafeFiles"]),
        // The library catalog on SQLite through GRDB, or on PostgreSQL through postgres-nio (Sources/Catalog/Postgres).
        .target(
            name: "Catalog",
            dependencies: ["Media", "ClipCoachCore", "Failures", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // Talk moves: transcripts (WebVTT, SRT, TSV/CSV) and the shipped tagger. Foundation and the core's timecodes.
        .target(name: "TalkMoves", dependencies: ["ClipCoachCore"], exclude: ["Resources"], plugins: ["EmbedResources"]),
        // The talk map (speech, pauses, who talks) from audio samples, and candidate moments.
        .target(name: "Moments", dependencies: ["TalkMoves", "ClipCoachCore"],
                exclude: ["Resources"], plugins: ["EmbedResources"]),
        // Workflows that need both media and the coaching model: cutting with sidecars, cycles.
        .target(name: "ClipCoachKit", dependencies: ["Media", "ClipCoachCore", "Catalog", "Failures", "Moments", "SafeFiles", "TalkMoves"]),
        // The review web page and its JSON API (Hummingbird), and the coach's studio (Studio/).
        .target(
            name: "ReviewServer",
            dependencies: ["Catalog", "ClipCoachCore", "ClipCoachKit", "Media", "Failures",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           // The HTTP/1 idle timeout and the connection limit (Security/ConnectionLimits.swift).
                           .product(name: "HummingbirdCore", package: "hummingbird"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTPTypes", package: "swift-nio-extras")],
            exclude: ["Public"],
            plugins: ["EmbedResources"]
        ),
        .executableTarget(
            name: "clipcoach",
            dependencies: [
                "Media", "ClipCoachCore", "ClipCoachKit", "Catalog", "Interchange", "ReviewServer", "Failures",
                "TalkMoves", "Moments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // lld packs the executable's ~120,000 relative relocations into a few KiB
            // (DT_RELR, glibc 2.36+): less to read and touch at every start.
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                                          .when(platforms: [.linux]))]
        ),
        // Writes the Swift source that carries a target's resource files (run by the plugin).
        .executableTarget(name: "embed-resources"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["embed-resources"]),
        // Shared by the test targets: fixture paths, ffprobe as the oracle, running the CLI.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MediaTests", dependencies: ["Media", "CMedia", "Failures", "TestSupport"]),
        .testTarget(name: "ClipCoachCoreTests", dependencies: ["ClipCoachCore", "TestSupport"]),
        .testTarget(name: "ClipCoachKitTests", dependencies: ["ClipCoachKit", "Media", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "ClipCoachCore", "Media", "TestSupport"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "ClipCoachCore", "TestSupport"]),
        .testTarget(
            name: "ReviewServerTests",
            dependencies: ["ReviewServer", "Catalog", "ClipCoachCore", "Failures", "TestSupport",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(name: "TalkMovesTests", dependencies: ["TalkMoves", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MomentsTests", dependencies: ["Moments", "TalkMoves", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["clipcoach", "ClipCoachCore", "TestSupport"]),
    ]
)
