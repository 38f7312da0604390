import Foundation
import TendCore
import XCTest

@testable import TendUI

final class ThemeTests: XCTestCase {
    func testEveryShippedThemeParses() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }
            .sorted()
        XCTAssertEqual(files, ["default.toml", "high-contrast.toml", "light.toml", "mono.toml"])
        for f in files {
            let t = try Theme.parse(try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8), file: f)
            XCTAssertNotNil(t.styles[.overdue], f)
        }
        let shipped = try Theme.parse(
            try String(contentsOf: dir.appendingPathComponent("default.toml"), encoding: .utf8), file: "default.toml")
        XCTAssertEqual(shipped.styles, Theme.dark.styles, "Themes/default.toml matches the compiled-in default")
    }

    func testErrorsNameFileAndLine() {
        XCTAssertThrowsError(try Theme.parse("[overdue]\nfg = 300\n", file: "t.toml")) { e in
            XCTAssertEqual("\(e)", "t.toml:2: overdue.fg must be a colour number 0–255")
        }
        XCTAssertThrowsError(try Theme.parse("[overdew]\nfg = 1\n", file: "t.toml")) { e in
            XCTAssertTrue("\(e)".hasPrefix("t.toml:1: unknown role \"overdew\""), "\(e)")
        }
        XCTAssertThrowsError(try Theme.parse("[today\n", file: "t.toml")) { e in
            XCTAssertTrue("\(e)".hasPrefix("t.toml:1:"), "\(e)")
        }
        XCTAssertThrowsError(try Theme.parse("[today]\nfg8 = \"pink\"\n", file: "t.toml")) { e in
            XCTAssertTrue("\(e)".contains("today.fg8 must be one of"), "\(e)")
        }
    }
}

final class ContactFormTests: XCTestCase {
    func testAnEditBecomesOnlyTheChangedFields() throws {
        var c = TendCore.Contact(id: "c1", name: "Dana Wu", owner: "ann", created: .init(ms: 0))
        c.phones = ["+49 1"]
        let text = ContactForm.render(c).replacingOccurrences(of: "company: \n", with: "company: Acme GmbH\n")
            .replacingOccurrences(of: "phones: +49 1", with: "phones: +49 1, +49 2")
        let changes = try ContactForm.changes(from: text, original: c)
        XCTAssertEqual(changes, [.company: "Acme GmbH", .phones: ["+49 1", "+49 2"]])
        XCTAssertEqual(try ContactForm.changes(from: ContactForm.render(c), original: c), [:])
        XCTAssertThrowsError(try ContactForm.changes(from: "name: \n", original: c))
        XCTAssertThrowsError(try ContactForm.changes(from: "prefers: fax\n", original: c))
    }
}
