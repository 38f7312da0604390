import ArgumentParser
import Foundation
import TendCore
import TendShell
import TendStore
import TendUI

/// What a command runs against: the store, who is working, and what time it is. The only place
/// the executable reads the environment and the wall clock.
struct Context {
    let store: Store
    let rep: String
    let clock: Clock
    var state: State { store.state }
    var settings: Settings { store.settings }
    var today: Day { clock.today }

    /// Stores opened by this process, never freed: a command's book is needed until the process ends,
    /// and freeing a million events' worth of objects one by one at exit took 40 ms of every command.
    nonisolated(unsafe) static var keptUntilExit: [Store] = []

    /// `scope`: how much of the book the command reads (`Store.Scope`); `agendaOnly`: all but other
    /// reps' promises (`.agenda` for the rep this resolves to), for what shows one rep's agenda.
    static func make(
        _ g: GlobalOptions, scope: Store.Scope = .full, agendaOnly: Bool = false, skipTeam: Bool = false
    ) throws -> Context {
        let env = ProcessInfo.processInfo.environment
        let clock = try makeClock(env)
        let dir = DataDir.resolve(flag: g.dir, environment: env)
        // Who is working, before the book is read: the agenda scope is theirs. The data dir's
        // config is read for it only when neither the flag nor the environment says.
        let rep =
            try g.rep ?? env["TEND_REP"].flatMap { $0.isEmpty ? nil : $0 } ?? ConfigFile.load(dir: dir).rep
            ?? env["USER"] ?? "me"
        guard DataDir.validRep(rep) else {
            throw CLIError("bad rep name \"\(rep)\": use letters, digits and -_. (it names the file log/\(rep).jsonl)")
        }
        // A full replay of a big team takes seconds: a bar says so (on a terminal, once it is slow).
        let bar = ProgressBar("reading the logs", ascii: asciiOutput)
        let store = try Store.open(
            dir: dir, scope: agendaOnly ? .agenda(rep: rep) : scope, now: clock.now, progress: bar.report)
        bar.finish()
        Context.keptUntilExit.append(store)
        warnIfShared(store.dir)
        // A team server: what other machines wrote arrives before this command answers.
        if !skipTeam { TeamSession.pull(store, rep: rep, clock: clock) }
        // Someone ran `tend forget`: strip that person from this rep's own log too. A failure is
        // said every time (the erasure is still owed), never fatal: the command itself can go on.
        do { try store.eraseForgotten(rep: rep) } catch { warn("\(error)") }
        for p in store.problems { warn("skipped \(p)") }
        // Held events, once per command: the first few, then how many more (`tend check` lists all).
        for h in store.held.prefix(3) { warn(h.describe(clock)) }
        if store.held.count > 3 {
            warn("… and \(store.held.count - 3) more events held for their future dates (tend check lists them)")
        }
        for p in store.bookProblems { warn("skipped event \(p.eventID): \(p.message)") }
        return Context(store: store, rep: rep, clock: clock)
    }

    static func makeClock(_ env: [String: String]) throws -> Clock {
        var now = Timestamp(Date())
        if let pinned = env["TEND_NOW"], !pinned.isEmpty {
            guard let t = Timestamp.parseISO(pinned) else {
                throw CLIError("bad TEND_NOW \"\(pinned)\": expected ISO 8601 with a zone, like 2026-11-23T09:00:00Z")
            }
            now = t
        }
        return Clock(now: now, timeZone: TimeZone.current)
    }

    func contact(_ query: String) throws -> Contact {
        do {
            return try ContactLookup.find(query, in: state)
        } catch let f as ContactLookup.Failure {
            throw CLIError(f.description)
        }
    }

    func date(_ text: String, for option: String) throws -> (day: Day, time: LocalTime?) {
        do {
            return try DateInput.parse(text, today: today)
        } catch let e as DateInput.Error {
            throw CLIError("\(option): \(e)")
        }
    }

    func day(_ text: String, for option: String) throws -> Day {
        let (d, t) = try date(text, for: option)
        guard t == nil else { throw CLIError("\(option): \"\(text)\" has a time; give a day only") }
        return d
    }

    /// A period's first day: `30d` means the last 30 days including today; a date or word as in DateInput.
    func since(_ text: String, for option: String) throws -> Day {
        if let unit = text.last, unit == "d" || unit == "w", let n = Int(text.dropLast()), n > 0 {
            return today.adding(days: -(n * (unit == "w" ? 7 : 1) - 1))
        }
        return try day(text, for: option)
    }

    @discardableResult
    func append(_ changes: [Change]) throws -> [Event] {
        let events = try wrap { try store.append(changes, rep: rep, now: clock.now) }
        TeamSession.publish(store, rep: rep)
        return events
    }

    func batch() throws -> Batch { try wrap { try store.batch(rep: rep, now: clock.now) } }

    @discardableResult
    func commit(_ b: Batch) throws -> [Event] {
        let events = try wrap { try store.commit(b) }
        TeamSession.publish(store, rep: rep)
        return events
    }

    /// The deal a stage command acts on: `--deal` when given, else the contact's main deal.
    func deal(of c: Contact, id: String?) throws -> Deal? {
        if let id = id {
            let matches = state.deals(of: c.id).filter { $0.id.hasPrefix(id) }
            guard matches.count == 1 else {
                let list = state.deals(of: c.id).map { "\($0.id) \($0.title)" }.joined(separator: ", ")
                throw CLIError(
                    "\(matches.isEmpty ? "no" : "more than one") deal \"\(id)\" on \(c.name); deals: "
                        + "\(list.isEmpty ? "none" : list)"
                )
            }
            return matches[0]
        }
        return state.mainDeal(of: c.id)
    }

    func money(_ cents: Int64, _ currency: String? = nil) -> String {
        Money.format(cents, currency ?? settings.currency)
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as StoreError { throw CLIError(e.description) }
    }
}

/// Customer notes are personal data: a data dir others can read gets a warning (files are 0600,
/// folders 0700 when Tend creates them).
func warnIfShared(_ dir: String) {
    guard let attrs = try? FileManager.default.attributesOfItem(atPath: dir),
        let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
    else { return }
    warn("data dir \(dir) can be read by others (mode \(String(mode & 0o777, radix: 8))); run: chmod 700 \(dir)")
}

/// A one-line error for the person at the keyboard; ArgumentParser prints it as `Error: …` and exits 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
}

/// Text from the store, made safe to print: no escape sequences reach the terminal.
func safe(_ s: String) -> String { asciiOutput ? ASCIIText.of(TextWidth.safe(s)) : TextWidth.safe(s) }

/// Text output under a locale that is not UTF-8 (`LANG=C`) is transliterated to ASCII (JSON,
/// CSV and calendar exports stay UTF-8 whatever the locale).
let asciiOutput = !Shell.utf8(ProcessInfo.processInfo.environment)

func parseCents(_ text: String, option: String) throws -> Int64 {
    guard let c = Money.cents(text) else {
        throw CLIError("\(option): \"\(text)\" is not an amount; expected a number ≥ 0 like 8400 or 175.50")
    }
    return c
}

func parseEnum<E: CaseIterable & RawRepresentable>(_ text: String, _ type: E.Type, option: String) throws -> E
where E.RawValue == String {
    guard let e = E(rawValue: text.lowercased()) else {
        throw CLIError("\(option): unknown \"\(text)\"; expected one of \(choices(type))")
    }
    return e
}

func printJSON(_ value: JSON) { print(value.pretty) }
