// swift-tools-version:5.10
import PackageDescription

// Dependencies point one way (ARCHITECTURE.md):
//
//   tend ──→ TendShell ──→ TendUI ──→ TendCore
//     │          └──────→ TendStore ──→ TendCore
//     └────→ TendTerminal ──→ TendUI, CNCurses
//
// TendCore imports nothing of ours; TendUI knows no files, ncurses or processes; only TendTerminal
// calls ncurses, and the shell drives it through TendUI's TerminalIO protocol, never by import.
//
// Linux only (Glibc, /proc/self/exe, MAP_POPULATE, inotify): no `platforms` entry claims otherwise.
let package = Package(
    name: "Tend",
    products: [
        .executable(name: "tend", targets: ["tend"]),
        .executable(name: "tend-bench", targets: ["tend-bench"]),
        .library(name: "TendCore", targets: ["TendCore"]),
        .library(name: "TendStore", targets: ["TendStore"]),
        .library(name: "TendUI", targets: ["TendUI"]),
        .library(name: "TendShell", targets: ["TendShell"]),
        .library(name: "TendTeam", targets: ["TendTeam"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // RFC 4180 CSV for `tend import` / `tend export`: streams rows, quotes on write.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(name: "TendCore"),
        .target(name: "TendStore", dependencies: ["TendCore", .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "TendUI", dependencies: ["TendCore"]),
        .systemLibrary(name: "CNCurses"),
        .target(name: "TendTerminal", dependencies: ["TendUI", "CNCurses"]),
        .target(name: "TendShell", dependencies: ["TendCore", "TendStore", "TendUI"]),
        // The optional team server's client: libpq (Debian libpq-dev), PostgreSQL's own C library,
        // loaded when a team server is first used, not linked (see Sources/CLibPQ/include/CLibPQ.h).
        // DWARF 4: valgrind 3.19 (Debian 12), which `tend-bench --instructions` runs, cannot read
        // the DWARF 5 clang writes by default, and gives up on the whole binary.
        .target(name: "CLibPQ", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        .target(name: "TendTeam", dependencies: ["TendCore", "TendStore", "CLibPQ"]),
        .executableTarget(
            name: "tend",
            dependencies: [
                "TendCore", "TendStore", "TendUI", "TendShell", "TendTerminal", "TendTeam",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // `swift run -c release tend-bench [--quick]`: the performance table in the README.
        .executableTarget(
            name: "tend-bench", dependencies: ["TendCore", "TendStore", "TendUI", "TendShell", "TendTeam"]),
        .testTarget(name: "TendCoreTests", dependencies: ["TendCore"]),
        .testTarget(name: "TendStoreTests", dependencies: ["TendStore"]),
        // Golden/ holds the screens the view tests compare with, read by path (not resources).
        .testTarget(name: "TendUITests", dependencies: ["TendUI", "TendStore"], exclude: ["Golden"]),
        .testTarget(name: "TendShellTests", dependencies: ["TendShell", "TendStore", "TendUI", "tend"]),
        .testTarget(
            name: "TendCLITests", dependencies: ["tend", "tend-bench", "TendStore", "TendUI"], exclude: ["Fixtures"]),
    ]
)
