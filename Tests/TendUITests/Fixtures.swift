import Foundation
import TendCore
import TendStore
import XCTest

@testable import TendUI

/// The demo team at a pinned Monday morning, as every view test sees it.
enum Demo {
    static let clock = Clock(now: Timestamp.parseISO("2026-11-23T09:00:00Z")!, timeZone: TimeZone(identifier: "UTC")!)
    static let state = State.fold(DemoTeam.events(clock: clock, settings: Settings()))

    static func model(rep: String = "ann") -> Model {
        Model(state: state, settings: Settings(), rep: rep, clock: clock, idSeed: 7)
    }
}

extension Model {
    /// Feeds keys one by one and returns every effect they asked for.
    /// Feeds keys; claims and releases are acknowledged as the shell would (they are bookkeeping),
    /// every other effect is returned for the test to check.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        var out: [Effect] = []
        for key in keys {
            for e in Update.update(&self, .key(key)) {
                out.append(e)
                switch e {
                case .claim(let contact, _, _):
                    _ = Update.update(&self, .claimed(contact: contact, .granted, state: state))
                case .append(_, .bookkeeping):
                    _ = Update.update(&self, .appended(ids: ["release"], purpose: .bookkeeping, state: state))
                default:
                    break
                }
            }
        }
        return out
    }

    /// Presses a binding by its action, with the first key the table gives it on this screen, so a
    /// remapped key does not break the test.
    @discardableResult
    mutating func press(action: Action, file: StaticString = #filePath, line: UInt = #line) -> [Effect] {
        guard
            let key = KeyMap.bindings.first(where: {
                $0.action == action && ($0.screens.isEmpty || $0.screens.contains(screen))
            })?.keys.first
        else {
            XCTFail("no key for \(action) on \(screen)", file: file, line: line)
            return []
        }
        return press(key)
    }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { Update.update(&self, .key(.char($0))) }
    }

    func render(_ w: Int = 80, _ h: Int = 24) -> Grid { View.render(self, width: w, height: h) }

    /// Moves the Today cursor to a contact's first item.
    mutating func select(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        guard let i = agenda.items.firstIndex(where: { $0.name == name }) else {
            XCTFail("\(name) is not on the agenda", file: file, line: line)
            return
        }
        sel.today = i
    }
}

/// Compares a rendered grid with a golden text file under Golden/. `TEND_RECORD=1 swift test`
/// rewrites the files; review the diff before committing it.
func assertGolden(_ grid: Grid, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden")
    let path = dir.appendingPathComponent(name + ".txt")
    let actual = grid.lines.joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["TEND_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: path, atomically: true, encoding: .utf8)
        // A recorded run is never green: the new file must be read and the suite run without it.
        XCTFail(
            "recorded \(path.lastPathComponent); read the diff, then run again without TEND_RECORD", file: file,
            line: line)
        return
    }
    guard let expected = try? String(contentsOf: path, encoding: .utf8) else {
        XCTFail("no golden file \(path.path); run TEND_RECORD=1 swift test --filter \(name)", file: file, line: line)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        XCTFail(
            """
            \(name) differs from its golden file at line \(firstDiff + 1):
            expected: \(firstDiff < e.count ? String(e[firstDiff]) : "<end>")
            actual:   \(firstDiff < a.count ? String(a[firstDiff]) : "<end>")
            --- actual screen ---
            \(actual)
            """, file: file, line: line)
    }
}
