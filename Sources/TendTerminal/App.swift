import Foundation
import TendCore
import TendStore
import TendUI

#if canImport(Glibc)
import Glibc
#endif

/// The shell around the pure UI: reads keys, runs `update`, carries out effects (writes, the CLI,
/// $EDITOR), polls the store for other processes' events, and paints `view`.
public final class App {
    var model: Model
    let store: Store
    let terminal: Terminal
    /// A clock pinned by TEND_NOW does not tick.
    let pinned: Bool
    let environment: [String: String]

    public init(
        store: Store, rep: String, clock: Clock, pinned: Bool, theme: Theme, environment: [String: String]
    ) throws {
        self.store = store
        self.pinned = pinned
        self.environment = environment
        model = Model(state: store.state, settings: store.settings, rep: rep, clock: clock)
        model.readOnly = access(store.dir, W_OK) != 0 && FileManager.default.fileExists(atPath: store.dir)
        model.ascii = !App.utf8(environment)
        do { try store.eraseForgotten(rep: rep) } catch { model.notices.append("\(error)") }
        model.notices += store.held.map { $0.describe(clock) }
        Signals.install()
        terminal = try Terminal(theme: theme, noColor: environment["NO_COLOR"].map { !$0.isEmpty } ?? false)
    }

    /// Runs until `q` or a signal; always restores the terminal. Returns the exit code.
    public func run() -> Int32 {
        defer { terminal.close() }
        var lastPoll = Date()
        var dirty = true
        while !model.quit && Signals.caught == 0 {
            if dirty {
                let (w, h) = terminal.size
                terminal.paint(View.render(model, width: w, height: h))
                dirty = false
            }
            switch terminal.read() {
            case .key(let k):
                if k == .ctrl("c") { model.quit = true; break }
                dispatch(.key(k))
                dirty = true
            case .resize:
                terminal.invalidate()
                dirty = true
            case .none:
                break
            }
            if Date().timeIntervalSince(lastPoll) >= 1 {
                lastPoll = Date()
                if !pinned {
                    dispatch(.tick(Timestamp(Date())))
                    store.now = model.clock.now  // held events fold once "now" reaches them
                    dirty = true
                }
                // Live refresh: other processes' new lines show within about a second.
                if (try? store.reload()) ?? 0 > 0 {
                    var notices: [String] = []
                    do { try store.eraseForgotten(rep: model.rep) } catch { notices.append("\(error)") }
                    dispatch(.reloaded(store.state))
                    model.notices = notices + store.held.map { $0.describe(model.clock) }
                    dirty = true
                }
            }
        }
        return Signals.caught == 0 ? 0 : 128 + Signals.caught
    }

    /// Whether the locale says UTF-8 (LC_ALL, then LC_CTYPE, then LANG): else charts fall back to ASCII.
    public static func utf8(_ env: [String: String]) -> Bool {
        let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
    }

    /// Opens on a given screen (`tend review`).
    public func show(_ screen: Screen) {
        dispatch(.key(.char(Character(String(screen.rawValue)))))
    }

    func dispatch(_ msg: Msg) {
        let effects = Update.update(&model, msg)
        for e in effects { perform(e) }
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .append(let changes, let label):
            do {
                let events = try App.commit(changes, to: store, rep: model.rep, now: model.clock.now)
                dispatch(.saved(ids: events.map(\.id), label: label))
                dispatch(.reloaded(store.state))
            } catch {
                dispatch(.saveFailed("\(error)"))
            }
        case .runCommand(let args):
            let (out, ok) = runSelf(args)
            _ = try? store.reload()
            dispatch(.reloaded(store.state))
            dispatch(.commandDone(output: out, ok: ok))
        case .editContact(let id):
            editContact(id)
        case .redraw:
            terminal.invalidate()
        case .quit:
            model.quit = true
        }
    }

    /// Writes changes as one batch; a promise pointing at `Effect.sameBatchTouch` gets the id of the
    /// batch's first event (the touch or note it was captured in).
    public static func commit(_ changes: [Change], to store: Store, rep: String, now: Timestamp) throws -> [Event] {
        var batch = try store.batch(rep: rep, now: now)
        var first: String?
        for change in changes {
            var c = change
            if case .promise(var p) = change, p.source == Effect.sameBatchTouch {
                p.source = first
                c = .promise(p)
            }
            let id = batch.add(c)
            if first == nil { first = id }
        }
        return try store.commit(batch)
    }

    /// Runs this same binary with a CLI verb: `:` gives the TUI every command the CLI has.
    func runSelf(_ args: [String]) -> (String, Bool) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
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

    func editContact(_ id: String) {
        guard let c = model.state.contacts[id] else { return }
        let path = FileManager.default.temporaryDirectory.path + "/tend-\(id)-\(getpid()).txt"
        let original = ContactForm.render(c)
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(original.utf8), attributes: [.posixPermissions: 0o600])
        else {
            dispatch(.saveFailed("cannot write \(path) for the editor"))
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
            do { try p.run(); p.waitUntilExit(); status = p.terminationStatus } catch { status = -1 }
        }
        guard status == 0 else {
            dispatch(.saveFailed("the editor (\(editor)) failed; nothing changed"))
            return
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? original
        do {
            let fields = try ContactForm.changes(from: text, original: c, file: "edit of \(c.name)")
            guard !fields.isEmpty else {
                dispatch(.commandDone(output: "no changes", ok: true))
                return
            }
            perform(
                .append(
                    [.updateContact(id: id, fields: fields)],
                    label: "edited \(c.name): \(fields.keys.map(\.rawValue).sorted().joined(separator: ", "))"))
        } catch {
            dispatch(.saveFailed("\(error); nothing changed"))
        }
    }
}
