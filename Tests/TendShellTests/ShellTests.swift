import Foundation
import TendCore
import TendStore
import XCTest

@testable import TendShell
@testable import TendUI

/// A terminal made of a queue of keys and a list of painted frames. Keys wake the loop through a
/// real pipe, as a tty would.
final class FakeTerminal: TerminalIO {
    var size = (width: 100, height: 30)
    var frames: [Grid] = []
    var queue: [Input] = []
    var suspended = 0
    var closed = false
    /// Called after each paint, to answer what is on screen (queue a key, say).
    var onPaint: ((Grid, FakeTerminal) -> Void)?
    let pipe: [Int32]

    init() {
        var fds: [Int32] = [0, 0]
        _ = fds.withUnsafeMutableBufferPointer { Glibc.pipe($0.baseAddress) }
        pipe = fds
        _ = fcntl(pipe[0], F_SETFL, O_NONBLOCK)
    }

    deinit {
        Glibc.close(pipe[0])
        Glibc.close(pipe[1])
    }

    var inputDescriptor: Int32 { pipe[0] }

    func send(_ inputs: Input...) {
        queue += inputs
        var b: UInt8 = 1
        _ = Glibc.write(pipe[1], &b, 1)
    }

    func paint(_ grid: Grid) {
        frames.append(grid)
        onPaint?(grid, self)
    }

    func read(timeoutMs: Int32) -> Input {
        var b: UInt8 = 0
        while Glibc.read(pipe[0], &b, 1) > 0 {}
        return queue.isEmpty ? .none : queue.removeFirst()
    }

    func invalidate() {}
    func suspend(_ body: () -> Void) {
        suspended += 1
        body()
    }
    func close() { closed = true }
    var copied: [String] = []
    func copy(_ text: String) { copied.append(text) }
}

/// The shell against a real temp store: keys in, events on disk out.
final class ShellTests: XCTestCase {
    let clock = Clock(now: Timestamp.parseISO("2026-11-23T09:00:00Z")!, timeZone: TimeZone(identifier: "UTC")!)
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.path + "/tend-shell-" + UUID().uuidString
        try DemoTeam.write(to: try Store.open(dir: dir, now: clock.now), clock: clock)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func shell(_ terminal: FakeTerminal = FakeTerminal(), env: [String: String] = [:]) throws -> Shell {
        Shell(
            store: try Store.open(dir: dir, now: clock.now), rep: "ann", clock: clock, pinned: true,
            terminal: terminal, environment: env, commandPath: ShellTests.tendBinary)
    }

    static var tendBinary: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for d in [here, here.deletingLastPathComponent()]
        where FileManager.default.isExecutableFile(atPath: d.path + "/tend") {
            return d.path + "/tend"
        }
        return here.path + "/tend"
    }

    /// What another process sees: the logs folded from scratch.
    func onDisk() throws -> State { try Store.open(dir: dir, cache: false, now: clock.now).state }

    /// Runs the loop; should what the test waits for never come, `q` ends it after 10 s (and the
    /// test fails on what it checks next).
    func runQuittingAfter10s(_ s: Shell, _ terminal: FakeTerminal) -> Int32 {
        let finished = DispatchSemaphore(value: 0)
        Thread { if finished.wait(timeout: .now() + 10) == .timedOut { terminal.send(.key(.char("q"))) } }.start()
        defer { finished.signal() }
        return s.run()
    }

    func press(_ s: Shell, _ keys: Key...) { for k in keys { s.dispatch(.key(k)) } }
    func type(_ s: Shell, _ text: String) { for ch in text { s.dispatch(.key(.char(ch))) } }

    func select(_ s: Shell, _ name: String) throws {
        var m = s.model
        let i = try XCTUnwrap(m.agenda.items.firstIndex { $0.name == name })
        m.sel.today = i
        s.setModel(m)
    }

    func testANoteWithAPromiseBecomesOneBatchOnDiskThePromisePointingAtTheNote() throws {
        let s = try shell()
        try select(s, "Tom Becker")
        let tom = try XCTUnwrap(Update.selectedContact(s.model))
        press(s, .char("a"))
        type(s, "wants 12 seats * send price list @fri")
        press(s, .ctrl("d"))
        XCTAssertEqual(s.model.mode, .normal)
        XCTAssertEqual(s.model.message?.text, "noted on Tom Becker · 1 promise · u undoes")
        let state = try onDisk()
        let note = try XCTUnwrap(state.notes[tom]?.last)
        XCTAssertEqual(note.text, "wants 12 seats * send price list @fri")
        let promise = try XCTUnwrap(state.commitments.values.first { $0.text == "send price list" })
        XCTAssertEqual(promise.source, note.id, "the same-batch reference became the note's event id")
        XCTAssertEqual(s.model.undo.last?.count, 2)

        press(s, .char("u"))
        XCTAssertEqual(s.model.message?.text, "undone: noted on Tom Becker · 1 promise")
        XCTAssertNil(try onDisk().commitments.values.first { $0.text == "send price list" }, "undo annuls on disk")
    }

    func testAClaimSomeoneElseHoldsIsRefusedWithWhoAndGrantedOnlyWhenTheRepSaysSo() throws {
        let s = try shell()
        try select(s, "Tom Becker")
        let tom = try XCTUnwrap(Update.selectedContact(s.model))
        // bob claims Tom after ann's screen was drawn: ann's `c` does not see it, the shell does.
        try Store.open(dir: dir, now: clock.now).append([.claim(contact: tom, minutes: 15)], rep: "bob", now: clock.now)
        s.perform(.claim(contact: tom, minutes: 15, anyway: false))
        guard case .confirmCall(let c, .claimed(let claim)) = s.model.mode else { return XCTFail("\(s.model.mode)") }
        XCTAssertEqual(c, tom)
        XCTAssertEqual(claim.rep, "bob")
        XCTAssertNotEqual(try onDisk().claims[tom]?.rep, "ann", "refused: nothing written")
        press(s, .char("y"))
        XCTAssertEqual(try onDisk().claims[tom]?.rep, "ann", "y: called anyway, and the team sees it")
        guard case .call = s.model.mode else { return XCTFail("on to the call screen") }
    }

    func testAFailedAppendKeepsWhatWasTypedAndWritesNothing() throws {
        let s = try shell()
        try select(s, "Tom Becker")
        let before = try String(contentsOfFile: dir + "/log/ann.jsonl", encoding: .utf8)
        // ann's log replaced by a folder: the append cannot open it.
        try FileManager.default.moveItem(atPath: dir + "/log/ann.jsonl", toPath: dir + "/ann.jsonl.kept")
        try FileManager.default.createDirectory(atPath: dir + "/log/ann.jsonl", withIntermediateDirectories: false)
        press(s, .char("a"))
        type(s, "do not lose me")
        press(s, .ctrl("d"))
        guard case .call(let flow) = s.model.mode else { return XCTFail("the note stays open") }
        XCTAssertEqual(flow.note.text, "do not lose me")
        XCTAssertEqual(s.model.message?.isError, true)
        XCTAssertFalse(s.model.saving)
        try FileManager.default.removeItem(atPath: dir + "/log/ann.jsonl")
        try FileManager.default.moveItem(atPath: dir + "/ann.jsonl.kept", toPath: dir + "/log/ann.jsonl")
        XCTAssertEqual(try String(contentsOfFile: dir + "/log/ann.jsonl", encoding: .utf8), before)
    }

    func testTheEditorsChangesBecomeOneContactSet() throws {
        let script = dir + "/editor.sh"
        try "#!/bin/sh\nsed -i 's/^company:.*/company: Edited GmbH/' \"$1\"\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let terminal = FakeTerminal()
        let s = try shell(terminal, env: ["EDITOR": script, "PATH": "/usr/bin:/bin"])
        try select(s, "Tom Becker")
        let tom = try XCTUnwrap(Update.selectedContact(s.model))
        press(s, .char("e"))
        XCTAssertEqual(terminal.suspended, 1, "the screen was handed to the editor")
        XCTAssertEqual(try onDisk().contacts[tom]?.company, "Edited GmbH")
        XCTAssertEqual(s.model.message?.text, "edited Tom Becker: company · u undoes")
    }

    func testAColonCommandRunsTheRealBinaryOnThisDataDir() throws {
        let s = try shell(env: ["PATH": "/usr/bin:/bin", "TZ": "UTC"])
        press(s, .char(":"))
        type(s, "add \"Eve Example\" --company Nordwind")
        press(s, .enter)
        XCTAssertTrue(try onDisk().contacts.values.contains { $0.name == "Eve Example" && $0.company == "Nordwind" })
        XCTAssertTrue(s.model.state.contacts.values.contains { $0.name == "Eve Example" }, "and the UI reloaded")
    }

    func testTheLoopPaintsAnotherWritersEventWithoutAKeyAndQuitsOnQ() throws {
        let terminal = FakeTerminal()
        terminal.size = (200, 80)
        let s = try shell(terminal)
        let writer = try Store.open(dir: dir, now: clock.now)
        var wrote = false
        let deadline = Date().addingTimeInterval(10)
        terminal.onPaint = { grid, t in
            if !wrote {
                wrote = true
                var c = Contact(id: "zz1", name: "Aaron Arrival", owner: "ann", created: self.clock.now)
                c.company = "Live GmbH"
                try? writer.append([.addContact(c)], rep: "bob", now: self.clock.now)
            } else if grid.text.contains("Aaron Arrival") || Date() > deadline {
                t.send(.key(.char("q")))
            }
        }
        XCTAssertEqual(s.run(), 0)
        XCTAssertTrue(terminal.closed, "the terminal is put back on the way out")
        XCTAssertTrue(
            terminal.frames.contains { $0.text.contains("Aaron Arrival") }, "another process's contact was painted")
    }

    /// A touch list damaged in the snapshot, found as the first screen reads it: the shell folds
    /// the logs again, says so in a banner, and shows what the logs say.
    func testADamagedSnapshotListIsFoldedAgainFromTheLogsAndSaidSo() throws {
        _ = try Store.open(dir: dir, cacheThreshold: 0, now: clock.now)  // writes the snapshot
        let whole = try onDisk()
        let item = try XCTUnwrap(Agenda.build(whole, rep: "ann", settings: Settings(), clock: clock).items.first)
        let touch = Array(try XCTUnwrap(whole.touches[item.contact]?.last).id.utf8)
        let path = dir + "/cache/snapshot.bin"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let at = try XCTUnwrap(
            (0...(bytes.count - touch.count)).first { Array(bytes[$0..<($0 + touch.count)]) == touch })
        bytes[at] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let terminal = FakeTerminal()
        terminal.size = (120, 40)
        let s = try shell(terminal)
        terminal.onPaint = { grid, t in
            if grid.text.contains("snapshot.bin is damaged") { t.send(.key(.char("q"))) }
        }
        XCTAssertEqual(runQuittingAfter10s(s, terminal), 0)
        let last = try XCTUnwrap(terminal.frames.last).text
        XCTAssertTrue(last.contains("snapshot.bin is damaged"), last)
        XCTAssertNil(s.store.damage)
        XCTAssertEqual(s.store.startup, .replayed)
        XCTAssertEqual(
            s.model.agenda, Agenda.build(whole, rep: "ann", settings: Settings(), clock: clock),
            "the agenda is the logs' again")
    }

    func testTheFirstFrameComesFromOneRepsAgendaAndKeysWaitForTheWholeBook() throws {
        _ = try Store.open(dir: dir, cacheThreshold: 0, now: clock.now)  // writes the snapshot
        let whole = try onDisk()
        let part = try Store.open(dir: dir, cacheThreshold: 0, scope: .agenda(rep: "ann"), now: clock.now)
        XCTAssertTrue(part.isPartial)
        XCTAssertLessThan(part.state.commitments.count, whole.commitments.count, "the others' promises left out")

        // The whole book is held back until the first frame is on screen.
        let gate = DispatchSemaphore(value: 0)
        let left = try XCTUnwrap(part.promisesLeft)
        let loader = BookLoader {
            gate.wait()
            return try left.read()
        }
        let terminal = FakeTerminal()
        let s = Shell(
            store: part, rep: "ann", clock: clock, pinned: true, terminal: terminal, environment: [:],
            commandPath: ShellTests.tendBinary, wholeBook: loader)
        var firstAgenda: Rows<AgendaItem> = []
        terminal.onPaint = { _, t in
            if t.frames.count == 1 {
                firstAgenda = s.model.agenda.items
                t.send(.key(.char("j")))  // typed while the book is still being read
                gate.signal()
            } else if t.frames.count == 2 {
                t.send(.key(.char("q")))
            }
        }
        XCTAssertEqual(s.run(), 0)
        XCTAssertEqual(
            firstAgenda, Agenda.build(whole, rep: "ann", settings: Settings(), clock: clock).items,
            "the first frame shows the rep's whole agenda")
        XCTAssertFalse(s.store.isPartial)
        XCTAssertNil(s.store.promisesLeft)
        XCTAssertEqual(s.model.state.commitments, whole.commitments, "then the whole book")
        XCTAssertEqual(
            s.model.state.commitmentsByContact.mapValues { $0.sorted() },
            whole.commitmentsByContact.mapValues { $0.sorted() })
        XCTAssertEqual(s.model.sel.today, 1, "the key typed meanwhile was handled, after the book came")
    }

    func testAWholeBookThatCannotBeReadLeavesTheSessionReadOnlyAndSaysWhy() throws {
        _ = try Store.open(dir: dir, cacheThreshold: 0, now: clock.now)
        let part = try Store.open(dir: dir, cacheThreshold: 0, scope: .agenda(rep: "ann"), now: clock.now)
        let terminal = FakeTerminal()
        let s = Shell(
            store: part, rep: "ann", clock: clock, pinned: true, terminal: terminal, environment: [:],
            commandPath: ShellTests.tendBinary, wholeBook: BookLoader { throw StoreError("log/bob.jsonl: unreadable") })
        terminal.onPaint = { grid, t in
            if grid.text.contains("could not be read") { t.send(.key(.char("q"))) }
        }
        XCTAssertEqual(runQuittingAfter10s(s, terminal), 0)
        XCTAssertTrue(s.model.readOnly)
        let last = try XCTUnwrap(terminal.frames.last).text
        XCTAssertTrue(last.contains("the whole book could not be read: log/bob.jsonl: unreadable"), last)
    }
}

extension Shell {
    /// For tests: move the cursor as a key would, without a key table lookup.
    func setModel(_ m: Model) { model = m }
}
