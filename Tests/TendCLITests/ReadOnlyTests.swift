import Foundation
import XCTest

/// A data dir on a read-only file system (a read-only bind mount: as root, permissions alone would
/// not stop a write): reading works, writing says so, and the UI opens in read-only mode.
final class ReadOnlyTests: CLITestCase {
    var mounted: String?

    override func tearDownWithError() throws {
        if let m = mounted { _ = try? sh("umount \(m)") }
        try super.tearDownWithError()
    }

    @discardableResult
    func sh(_ command: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testAReadOnlyDataDirReadsRefusesWritesAndOpensWithABanner() throws {
        let source = tend.dir + "/demo", ro = tend.dir + "/ro"
        XCTAssertEqual(try tend.run(["demo", "--dir", source, "--no-open"]).code, 0)
        try FileManager.default.createDirectory(atPath: ro, withIntermediateDirectories: true)
        guard try sh("mount --bind \(source) \(ro) && mount -o remount,bind,ro \(ro)") == 0 else {
            throw XCTSkip("this machine does not allow a read-only bind mount")
        }
        mounted = ro

        let today = try tend.run(["today", "--dir", ro])
        XCTAssertEqual(today.code, 0, today.err)
        XCTAssertTrue(today.out.contains("Overdue ("))
        let note = try tend.run(["note", "Tom Becker", "hello", "--dir", ro])
        XCTAssertNotEqual(note.code, 0)
        XCTAssertTrue(note.err.contains("not writable") && note.err.contains("nothing was saved"), note.err)

        let tmux = Tmux(dir: tend.dir)
        try tmux.startShell(
            env: [
                "PATH": "/usr/bin:/bin", "HOME": tend.dir, "TERM": "xterm-256color", "LANG": "C.UTF-8",
                "TZ": "UTC", "TEND_NOW": tend.now, "TEND_DIR": ro, "TEND_REP": "ann",
            ], width: 100, height: 30)
        try tmux.wait(for: "$")
        try tmux.type("\(TendRunner.binary); echo EXIT:$?")
        try tmux.keys("Enter")
        try tmux.wait(for: "READ-ONLY")
        try tmux.keys("a")
        try tmux.wait(for: "read-only: this data dir cannot be written")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
    }
}
