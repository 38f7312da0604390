import Foundation
import XCTest

/// Two data dirs ("machines") and a real PostgreSQL server between them: ann's laptop and bob's
/// PC, each command run with the server's URL.
class TeamTestCase: CLITestCase {
    var pg: PGCluster!
    var ann: TendRunner!
    var bob: TendRunner!

    override func setUpWithError() throws {
        try super.setUpWithError()
        pg = try PGCluster()
        ann = tend
        ann.dir = tend.dir + "/laptop-ann"
        bob = tend
        bob.rep = "bob"
        bob.dir = tend.dir + "/pc-bob"
        for d in [ann.dir, bob.dir] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        }
    }

    override func tearDownWithError() throws {
        pg = nil
        try super.tearDownWithError()
    }

    /// A command on a machine with the team server (or `env`'s overrides).
    func run(_ r: TendRunner, _ args: String..., env: [String: String] = [:]) throws -> TendRunner.Result {
        try r.run(args, env: ["TEND_TEAM_URL": pg.url].merging(env) { $1 })
    }

    /// A command that must succeed without a word on stderr (the server answered).
    @discardableResult
    func ok(_ r: TendRunner, _ args: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let res = try r.run(args, env: ["TEND_TEAM_URL": pg.url])
        XCTAssertEqual(res.code, 0, "\(r.rep): tend \(args.joined(separator: " ")): \(res.err)", file: file, line: line)
        XCTAssertEqual(res.err, "", "no warning when the server answers", file: file, line: line)
        return res.out
    }

    /// Bob's TUI in a private tmux, on the team server, once it shows `ready`.
    func bobsTUI(waitingFor ready: String) throws -> Tmux {
        let screen = Tmux(dir: tend.dir)
        try screen.startShell(
            env: [
                "PATH": "/usr/bin:/bin", "HOME": bob.dir, "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC",
                "TEND_NOW": bob.now, "TEND_DIR": bob.dir + "/data", "TEND_REP": "bob", "TEND_TEAM_URL": pg.url,
            ], width: 120, height: 30)
        try screen.wait(for: "$")
        try screen.type(TendRunner.binary)
        try screen.keys("Enter")
        try screen.wait(for: ready)
        return screen
    }
}
