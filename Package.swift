// swift-tools-version:6.0
// DutyDesk: a keyboard-driven terminal dashboard for customs duty officers on
// standby during a wildlife-trafficking enforcement campaign (Golden Strike 2021).
// Layers and allowed imports: docs/decisions/0001-architecture.md.
import PackageDescription

let package = Package(
    name: "DutyDesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dutydesk", targets: ["dutydesk"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The campaign network's server (issue 11; decision 0013): PostgreSQL's own client.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // postgres-nio's own dependencies, named because the network module uses their types
        // (Logger, TLS configuration) directly; no extra build.
        .package(url: "https://github.com/apple/swift-log", from: "1.5.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
        // The zip container of the rapid report's .docx (issue 14, item 4); zlib from the system.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Already built for swift-nio; the dashboard's timer queues use its `Heap` (issue 15).
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // Pure JSON value, parser and writer shared by the domain and the log (stdlib only).
        .target(name: "DutyDeskJSON"),
        // Pure domain: campaign, alerts, verification requests, deadlines, projections, search.
        .target(name: "DutyDeskDomain", dependencies: ["DutyDeskJSON"]),
        // File formats read with a library: campaign definitions and themes (YAML).
        .target(
            name: "DutyDeskConfig",
            dependencies: [
                "DutyDeskDomain", "TerminalKit", .product(name: "Yams", package: "Yams"),
            ]),
        // Append-only, hash-chained, multi-process event log.
        .target(
            name: "DutyDeskLog",
            dependencies: [
                "DutyDeskJSON", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The campaign network (issue 11; decision 0013, docs/network.md): the server's schema,
        // enrolment and the sync that carries records between desks' logs through PostgreSQL.
        .target(
            name: "DutyDeskNetwork",
            dependencies: [
                "DutyDeskDomain", "DutyDeskLog", "DutyDeskJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        // Cells, grid, widths, sanitising, widgets, keymap types, grid diff (stdlib only).
        .target(name: "TerminalKit"),
        // App state, messages, update, views, keymaps as data (pure).
        .target(
            name: "Dashboard",
            dependencies: [
                "DutyDeskDomain", "DutyDeskJSON", "TerminalKit",
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // The only code that touches ncurses.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .target(name: "CursesBackend", dependencies: ["TerminalKit", "CNcursesw"]),
        // Commands, wiring and the run loop.
        .target(
            name: "DutyDeskCLI",
            dependencies: [
                "DutyDeskDomain", "DutyDeskConfig", "DutyDeskLog", "DutyDeskJSON", "TerminalKit", "Dashboard",
                "CursesBackend", "DutyDeskNetwork",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .executableTarget(name: "dutydesk", dependencies: ["DutyDeskCLI"]),
        // Benchmarks (see docs/performance.md); a plain executable so CI builds nothing extra.
        .executableTarget(
            name: "dutydesk-bench",
            dependencies: [
                "DutyDeskDomain", "DutyDeskConfig", "DutyDeskLog", "DutyDeskJSON", "TerminalKit", "Dashboard",
                "DutyDeskCLI", "DutyDeskFuzz", "DutyDeskNetwork",
            ]),
        // Seeded fuzz targets over the readers (issue 12, item 5): run for a bounded time by
        // DutyDeskFuzzTests in `swift test`, for longer by `dutydesk-bench fuzz` (docs/testing.md).
        .target(
            name: "DutyDeskFuzz",
            dependencies: ["DutyDeskCLI", "DutyDeskConfig", "DutyDeskDomain", "DutyDeskLog", "DutyDeskJSON"]),
        // A writer process the log fault harness can kill -9 at random moments.
        .executableTarget(name: "log-writer-harness", dependencies: ["DutyDeskLog", "DutyDeskJSON"]),

        .testTarget(name: "DutyDeskJSONTests", dependencies: ["DutyDeskJSON"]),
        .testTarget(name: "DutyDeskDomainTests", dependencies: ["DutyDeskDomain", "DutyDeskJSON"]),
        .testTarget(name: "DutyDeskConfigTests", dependencies: ["DutyDeskConfig", "DutyDeskDomain", "TerminalKit"]),
        .testTarget(
            name: "DutyDeskLogTests", dependencies: ["DutyDeskLog", "DutyDeskJSON", "log-writer-harness", "dutydesk"]),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: ["Dashboard", "DutyDeskDomain", "DutyDeskConfig", "DutyDeskJSON", "TerminalKit"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "DutyDeskCLITests",
            dependencies: ["DutyDeskCLI", "DutyDeskDomain", "DutyDeskLog", "DutyDeskJSON", "dutydesk"]),
        .testTarget(
            name: "DutyDeskNetworkTests",
            dependencies: [
                "DutyDeskNetwork", "DutyDeskCLI", "DutyDeskDomain", "DutyDeskLog", "DutyDeskJSON", "dutydesk",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(name: "EndToEndTests", dependencies: ["dutydesk", "log-writer-harness"]),
        .testTarget(
            name: "DutyDeskFuzzTests",
            dependencies: [
                "DutyDeskFuzz", "DutyDeskDomain", "DutyDeskConfig", "DutyDeskLog", "DutyDeskJSON", "dutydesk-bench",
            ],
            exclude: ["Fuzz"]),
    ]
)
