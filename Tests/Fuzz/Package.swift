// swift-tools-version:5.4
// libFuzzer targets for Tend's parsers. Tools version 5.4 on purpose: before 5.5 SwiftPM does not
// rename an executable's entry point, so libFuzzer's own `main` drives these.
// Built and run by Tests/TendCLITests/FuzzTests.swift (see README, "Fuzzing").
import PackageDescription

let package = Package(
    name: "TendFuzz",
    dependencies: [.package(name: "Tend", path: "../..")],
    targets: [
        .executableTarget(name: "FuzzEventLine", dependencies: [.product(name: "TendCore", package: "Tend")]),
        .executableTarget(name: "FuzzDates", dependencies: [.product(name: "TendCore", package: "Tend")]),
        .executableTarget(name: "FuzzCapture", dependencies: [.product(name: "TendCore", package: "Tend")]),
        .executableTarget(name: "FuzzConfig", dependencies: [.product(name: "TendStore", package: "Tend")]),
        .executableTarget(name: "FuzzTheme", dependencies: [.product(name: "TendUI", package: "Tend")]),
    ]
)
