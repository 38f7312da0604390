import Foundation
import TendCore
import TendStore
import TendUI

#if canImport(Glibc)
import Glibc
#endif

/// Runs the terminal UI: feeds `Update` keys, time and other processes' events, carries out the
/// effects it asks for (appends, claims, `:` commands, `$EDITOR`) and paints what `View` draws.
/// The one place where the pure UI meets the store, processes and the clock; the terminal itself is
/// a `TerminalIO` the executable hands in (ncurses in `tend`, a fake in the tests).
public final class Shell {
    /// How often the loop wakes without input.
    public enum Timing {
        /// The clock on screen moves, claims lapse: once a second.
        public static let tickMs: Int64 = 1000
        /// Logs are re-read this often even without an inotify event (a file system without it).
        public static let fallbackPollMs: Int64 = 2000
        /// A team server that could not be reached is tried again this often (what was written
        /// meanwhile is sent then).
        public static let teamRetryMs: Int64 = 5000
    }

    public internal(set) var model: Model
    let store: Store
    /// The rest of the book, being read while the first frame is painted from `store`'s agenda scope.
    var bookLoader: BookLoader?
    let terminal: TerminalIO
    /// A clock pinned by TEND_NOW does not tick.
    let pinned: Bool
    /// Notices for the whole session (`pin`), above the store's.
    var pinnedNotices: [String] = []
    let environment: [String: String]
    /// The binary `:` commands run: this one.
    let commandPath: String
    let watcher: LogWatcher?
    /// The team server, when there is one: other machines' events arrive through it while the
    /// UI runs (it wakes the loop), and claims are decided on it.
    let team: TeamLink?
    /// An exchange with the team server failed: what this machine wrote since waits to be sent
    /// (retried every `teamRetryMs`, whoever reconnected meanwhile).
    var teamBehind = false
    /// Ctrl-C ended the session: the exit code says so (130, as for SIGINT).
    var interrupted = false
    /// Folding the logs again after a damaged snapshot failed: not tried at every turn of the loop.
    var rebuildFailed = false

    public init(
        store: Store, rep: String, clock: Clock, pinned: Bool, terminal: TerminalIO, environment: [String: String],
        commandPath: String = "/proc/self/exe", team: TeamLink? = nil, wholeBook: BookLoader? = nil
    ) {
        self.store = store
        bookLoader = wholeBook
        self.team = team
        self.pinned = pinned
        self.environment = environment
        self.terminal = terminal
        self.commandPath = commandPath
        watcher = LogWatcher(dir: store.dir)
        model = Model(state: store.state, settings: store.settings, rep: rep, clock: clock)
        store.markSeen()
        model.readOnly = access(store.dir, W_OK) != 0 && FileManager.default.fileExists(atPath: store.dir)
        model.ascii = !Shell.utf8(environment)
        model.notices = notices(erasing: true)
        Signals.install()
    }

    /// Whether the locale says UTF-8 (LC_ALL, then LC_CTYPE, then LANG): else charts fall back to ASCII.
    public static func utf8(_ env: [String: String]) -> Bool {
        let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
    }

    /// Opens on a given screen (`tend review`).
    public func show(_ screen: Screen) {
        model.screen = screen
    }

    /// A line on the status line when the UI opens.
    public func say(_ text: String, isError: Bool) {
        model.message = Message(text: text, isError: isError)
    }

    /// A banner under the title for the whole session (what the personal config got wrong): a
    /// status line message would be gone at the first key.
    public func pin(_ notice: String) {
        pinnedNotices.append(notice)
        model.notices = notices(erasing: false)
    }

    // MARK: The loop

    /// Runs until `q` or a signal; always restores the terminal. Returns the exit code.
    public func run() -> Int32 {
        defer { terminal.close() }
        var dirty = true
        var nextTick = Shell.nowMs() + Timing.tickMs
        var nextPoll = Shell.nowMs() + Timing.fallbackPollMs
        var nextTeamTry = Shell.nowMs() + Timing.teamRetryMs
        while !model.quit && Signals.caught == 0 {
            if dirty {
                let (w, h) = terminal.size
                model.pageRows = View.pageRows(height: h)
                model.width = w
                let frame = View.render(model, width: w, height: h)
                model.hits = frame.hits
                terminal.paint(frame)
                dirty = false
            }
            if bookLoader != nil {
                adoptWholeBook()
                dirty = true
                continue
            }
            let wake = min(nextTick, nextPoll)
            let (keys, logs, teamWoke) = wait(untilMs: wake)
            // Every key waiting, not only the one that woke us (ncurses reads ahead of the descriptor).
            if drainKeys() || keys { dirty = true }
            var now = Shell.nowMs()
            // Another machine wrote (NOTIFY), or the server was away: fetch, and the logs' change
            // below shows it.
            if teamWoke && team?.drainWakeups() == true || (teamBehind || team?.offline != nil) && now >= nextTeamTry {
                if exchange() { dirty = true }
                nextTeamTry = now + Timing.teamRetryMs
                now = Shell.nowMs()
            }
            if logs || now >= nextPoll {
                watcher?.drain()
                if reloadFromDisk() { dirty = true }
                nextPoll = now + Timing.fallbackPollMs
            }
            // A snapshot list failed its checksum as it was read: fold the logs again, and say so
            // (once: if the logs cannot be read either, the banner stays and nothing is written).
            if let damage = store.damage, !rebuildFailed {
                do {
                    try store.rebuildFromLogs()
                    pin("\(damage): read the logs again instead")
                } catch {
                    rebuildFailed = true
                    pin("\(damage), and the logs could not be read again: \(error); nothing is saved")
                }
                dispatch(.reloaded(seenState()))
                dirty = true
            }
            if now >= nextTick {
                nextTick = now + Timing.tickMs
                if !pinned {
                    dispatch(.tick(Timestamp(Date())))
                    store.now = model.clock.now  // held events fold once "now" reaches them
                    dirty = true
                }
            }
        }
        return Signals.caught != 0 ? 128 + Signals.caught : interrupted ? 130 : 0
    }

    /// Completes the store with what `bookLoader` read (waiting for it): the first frame was painted
    /// from one rep's agenda. If it cannot be read, the session stays read-only and says why.
    func adoptWholeBook() {
        guard let loader = bookLoader else { return }
        bookLoader = nil
        switch loader.wait() {
        case .success(let whole):
            store.complete(with: whole)
            dispatch(.reloaded(seenState()))
        case .failure(let error):
            model.readOnly = true
            pin("the whole book could not be read: \(error); nothing is saved")
        }
    }

    /// Blocks until a key, a log change, a signal or `untilMs`, whichever comes first.
    func wait(untilMs: Int64) -> (keys: Bool, logs: Bool, team: Bool) {
        var fds = [pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0)]
        fds.append(pollfd(fd: watcher?.fd ?? -1, events: Int16(POLLIN), revents: 0))
        fds.append(pollfd(fd: team?.wakeups ?? -1, events: Int16(POLLIN), revents: 0))  // -1: not polled
        let timeout = Int32(max(0, min(untilMs - Shell.nowMs(), Int64(Int32.max))))
        guard poll(&fds, nfds_t(fds.count), timeout) > 0 else { return (false, false, false) }
        return (fds[0].revents != 0, fds[1].revents != 0, fds[2].revents != 0)
    }

    /// Sends what this machine wrote and brings what the others did; true when the screen changed
    /// (something arrived, or the server went away or came back: the banner says which).
    @discardableResult
    func exchange() -> Bool {
        guard let team else { return false }
        let wasOffline = team.offline
        var arrived = 0
        do {
            arrived = try team.exchange(store)
            teamBehind = false
        } catch {
            teamBehind = true
        }
        let changed = arrived > 0 ? reloadFromDisk(force: true) : false
        if team.offline != wasOffline {
            model.notices = notices(erasing: false)
            return true
        }
        return changed
    }

    /// Handles every key waiting; true when any was handled.
    func drainKeys() -> Bool {
        var any = false
        while !model.quit {
            switch terminal.read(timeoutMs: 0) {
            case .key(let k):
                any = true
                if k == .ctrl("c") {
                    model.quit = true
                    interrupted = true
                } else {
                    dispatch(.key(k))
                }
            case .paste(let text):
                any = true
                dispatch(.paste(text))
            case .mouse(let e):
                any = true
                dispatch(.mouse(e))
            case .resize:
                any = true
                terminal.invalidate()
            case .none:
                return any
            }
        }
        return any
    }

    static func nowMs() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    // MARK: Effects

    public func dispatch(_ msg: Msg) {
        let effects = Update.update(&model, msg)
        for e in effects { perform(e) }
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .append(let planned, let purpose):
            do {
                let events = try store.append(planned, rep: model.rep, now: model.clock.now)
                dispatch(.appended(ids: events.map(\.id), purpose: purpose, state: seenState()))
                exchange()  // the team sees it now (or, offline, once the server is back)
            } catch {
                dispatch(.appendFailed("\(error)"))
            }
        case .claim(let contact, let minutes, let anyway):
            claim(contact, minutes: minutes, anyway: anyway)
        case .loadCommandWords:
            let (out, ok) = runSelf(["--experimental-dump-help"])
            dispatch(.commandWords(ok ? CommandWords.parse(dumpHelp: out) : nil))
        case .runCommand(let args):
            let (out, ok) = runSelf(args)
            _ = reloadFromDisk(force: true)
            dispatch(.commandDone(output: out, ok: ok))
        case .editContact(let id):
            editContact(id)
        case .copy(let text):
            terminal.copy(text)
        case .redraw:
            terminal.invalidate()
        case .quit:
            model.quit = true
        }
    }

    /// Check and claim in one locked step (`Store.claim`): refused when another rep holds them or
    /// the guard is hit in what the logs say now (the UI asked before, but someone may have called
    /// since); `anyway` claims all the same.
    func claim(_ contact: String, minutes: Int, anyway: Bool) {
        let wasOffline = team?.offline
        defer { if team?.offline != wasOffline { model.notices = notices(erasing: false) } }
        do {
            let decision =
                try team?.claim(store, contact: contact, rep: model.rep, clock: model.clock, anyway: anyway)
                ?? store.claim(contact, rep: model.rep, clock: model.clock, anyway: anyway)
            if team != nil { exchange() }
            switch decision {
            case .granted: dispatch(.claimed(contact: contact, .granted, state: seenState()))
            case .claimed(let held): dispatch(.claimed(contact: contact, .refused(held), state: seenState()))
            case .guarded(let hit): dispatch(.claimed(contact: contact, .guarded(hit), state: seenState()))
            case .stopped(let mark): dispatch(.claimed(contact: contact, .stopped(mark), state: seenState()))
            }
        } catch {
            dispatch(.claimed(contact: contact, .failed("\(error)"), state: seenState()))
        }
    }

    /// The store's state, for the model to take: what changes after it is what the next reload
    /// tells the model it need rebuild (`Store.changedSinceMark`).
    func seenState() -> State {
        let s = store.state
        store.markSeen()
        return s
    }

    /// Reads what other processes wrote; true when the model took a new state.
    @discardableResult
    func reloadFromDisk(force: Bool = false) -> Bool {
        let fresh = (try? store.reload()) ?? 0
        guard fresh > 0 || force else { return false }
        let changed = fresh > 0 ? store.changedSinceMark : nil
        dispatch(.reloaded(seenState(), changed: changed))
        model.notices = notices(erasing: fresh > 0)
        return true
    }

    /// What the store needs the rep to know: an erasure still owed (retried here: someone ran
    /// `tend forget`, and this rep's log must follow), events held for their future dates.
    func notices(erasing: Bool) -> [String] {
        var out: [String] = []
        if erasing {
            do { try store.eraseForgotten(rep: model.rep) } catch { out.append("\(error)") }
        }
        if let why = team?.offline {
            out.append("\(why); working from what arrived here (claims checked on this machine only)")
        }
        return pinnedNotices + out + store.held.map { $0.describe(model.clock) }
    }

    // MARK: Processes

    /// Runs this same binary with a CLI verb: `:` gives the TUI every command the CLI has.
    func runSelf(_ args: [String]) -> (String, Bool) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: commandPath)
        p.arguments = args
        var env = environment
        env["TEND_DIR"] = store.dir
        env["TEND_REP"] = model.rep
        if pinned { env["TEND_NOW"] = model.clock.now.iso }
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            return ("cannot run tend: \(error)", false)
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus == 0)
    }

    /// The contact as a form in `$VISUAL`/`$EDITOR`; what changed is saved as one `contact.set`.
    func editContact(_ id: String) {
        guard let c = model.state.contacts[id] else { return }
        let path = FileManager.default.temporaryDirectory.path + "/tend-\(id)-\(getpid()).txt"
        let original = ContactForm.render(c)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(original.utf8), attributes: [.posixPermissions: 0o600])
        else {
            dispatch(.appendFailed("cannot write \(path) for the editor"))
            return
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let editor =
            environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"].flatMap {
                $0.isEmpty ? nil : $0
            } ?? "vi"
        var status: Int32 = 0
        terminal.suspend {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", "\(editor) \"$1\"", "tend-editor", path]
            p.environment = environment
            do {
                try p.run()
                p.waitUntilExit()
                status = p.terminationStatus
            } catch { status = -1 }
        }
        guard status == 0 else {
            dispatch(.appendFailed("the editor (\(editor)) failed; nothing changed"))
            return
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? original
        do {
            let fields = try ContactForm.changes(from: text, original: c, file: "edit of \(c.name)")
            guard !fields.isEmpty else {
                dispatch(.commandDone(output: "no changes", ok: true))
                return
            }
            let names = fields.keys.map(\.rawValue).sorted().joined(separator: ", ")
            perform(.save([.updateContact(id: id, fields: fields)], label: "edited \(c.name): \(names)"))
        } catch {
            dispatch(.appendFailed("\(error); nothing changed"))
        }
    }
}
