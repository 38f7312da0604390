import Foundation
import TendCore
import TendStore
import XCTest

/// `tend import` and `tend export` through the binary: every dialect in, every format out, round trips,
/// and bad files that must leave the data dir exactly as it was.
final class ImportExportTests: CLITestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures/import"
    ).path

    func fixture(_ name: String) -> String { ImportExportTests.fixtures + "/" + name }

    func names() throws -> [String] {
        (try tend.json("list", "--json") as! [[String: Any]]).map { $0["name"] as! String }
    }

    func state(_ dir: String? = nil) throws -> State { try Store.open(dir: dir ?? tend.dir + "/data").state }

    func testEachDialectImportsInOneCommand() throws {
        XCTAssertTrue(try tend.ok("import", fixture("plain.csv")).contains("3 created, 0 merged, 0 skipped"))
        XCTAssertTrue(
            try tend.ok(
                "import", fixture("semicolon.csv"), "--map", "Firma=company", "--map", "Telefon=phone",
                "--map", "Wert=value", "--map", "Nächster Kontakt=next_date"
            ).contains("2 created"))
        XCTAssertTrue(try tend.ok("import", fixture("pipedrive.csv")).contains("3 created"))
        let hub = try tend.ok("import", fixture("hubspot.csv"))
        XCTAssertTrue(
            hub.contains("2 created, 1 merged"), "Dana is in plain.csv already (email in another case): \(hub)")
        XCTAssertTrue(try tend.ok("import", fixture("phone-v21.vcf")).contains("2 created"))
        XCTAssertTrue(
            try tend.ok("import", fixture("mac-v30.vcf")).contains("1 created, 0 merged, 1 skipped"), "the group card")
        XCTAssertTrue(try tend.ok("import", fixture("contacts-v40.vcf")).contains("1 created"))
        XCTAssertEqual(try names().count, 3 + 2 + 3 + 2 + 2 + 1 + 1)

        let s = try state()
        func person(_ name: String) throws -> Contact {
            try XCTUnwrap(s.contacts.values.first { $0.name == name }, name)
        }
        let juergen = try person("Jürgen Weiß")
        XCTAssertEqual(s.mainDeal(of: juergen.id)?.value.totalCents, 1_250_050, "12.500,50 with a decimal comma")
        XCTAssertEqual(s.nextSteps[juergen.id]?.due, Day(year: 2026, month: 12, day: 1))
        let kai = try person("Kai Becker")
        XCTAssertEqual(kai.owner, "ann", "Deal - Owner \"Ann Smith\" is the rep ann")
        XCTAssertEqual(kai.emails, ["kai@becker.example", "einkauf@becker.example"])
        XCTAssertEqual(s.mainDeal(of: kai.id)?.stage, .quoted, "Proposal Made")
        XCTAssertEqual(s.nextSteps[kai.id]?.what, "Call about the proposal")
        XCTAssertEqual(
            s.mainDeal(of: try person("Lena Park").id)?.used, Day(year: 2025, month: 11, day: 26), "Excel day 45987")
        XCTAssertEqual(s.mainDeal(of: try person("Omar Haddad").id)?.reason, "Chose a cheaper offer")
        XCTAssertEqual(s.mainDeal(of: try person("Tom Okafor").id)?.stage, .won, "HubSpot closedwon")
        let dana = try person("Dana Wu")
        XCTAssertEqual(
            s.notes[dana.id]?.map(\.text).last, "From hubspot.csv: Record ID: 903", "merged, nothing dropped")
        XCTAssertEqual(try person("Jörg Müller").phones.first, "+49 89 5550100")
        XCTAssertTrue(try tend.ok("list").contains("Chidi Okoye"), "imported people are on the board and in the list")
    }

    func testDryRunWritesNothingAndSaysWhatWouldHappen() throws {
        let out = try tend.ok("import", fixture("hubspot.csv"), "--dry-run")
        XCTAssertTrue(
            out.contains("Would import hubspot.csv: 3 created, 0 merged, 0 skipped; nothing was written"), out)
        XCTAssertTrue(out.contains("created  line 2  Sofia Marín"), out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tend.dir + "/data/log/ann.jsonl"))
    }

    func testImportedContactsWithoutANextStepAreListed() throws {
        let out = try tend.ok("import", fixture("contacts-v40.vcf"))
        XCTAssertTrue(out.contains("1 imported contact has no next step"), out)
        XCTAssertTrue(out.contains("Priya Raman"), out)
        let again = try tend.ok("import", fixture("contacts-v40.vcf"))
        XCTAssertTrue(again.contains("0 created, 0 merged, 1 skipped"), again)
        XCTAssertFalse(again.contains("no next step"), "a skipped duplicate was not imported: \(again)")
    }

    func testAMapForAColumnTheFileLacksIsRefused() throws {
        let err = try tend.fails(
            ["import", fixture("plain.csv"), "--map", "Compnay=company"],
            "--map \"Compnay\": plain.csv has no such column")
        XCTAssertTrue(err.contains("Name, Company, Email"), err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tend.dir + "/data/log/ann.jsonl"))
    }

    /// Every file in the data dir, path → bytes.
    func snapshot() -> [String: Data] {
        let root = tend.dir + "/data"
        var out: [String: Data] = [:]
        for p in FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [] {
            out[p] = FileManager.default.contents(atPath: root + "/" + p) ?? Data()
        }
        return out
    }

    func testBadFilesStopWithFileLineAndChangeNothing() throws {
        try tend.ok("import", fixture("plain.csv"))
        let before = snapshot()
        XCTAssertFalse(before.isEmpty)
        let giant = tend.dir + "/giant.csv"
        try ("Name,Notes\nAda,fine\nBob," + String(repeating: "x", count: 10 * 1024 * 1024) + "\n").write(
            toFile: giant, atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            (fixture("bad-quote.csv"), "bad-quote.csv:3: a quoted field starts here and never ends"),
            (fixture("bad-vcard.vcf"), "bad-vcard.vcf:1: BEGIN:VCARD without END:VCARD"),
            (fixture("bad-date.csv"), "bad-date.csv:3: next follow-up \"next tuesday-ish\" is not a date"),
            (giant, "giant.csv:3: a field longer than 64 KB"),
        ]
        for (file, message) in cases {
            let err = try tend.fails(["import", file], message)
            XCTAssertTrue(err.contains("nothing was imported"), err)
            XCTAssertEqual(snapshot(), before, "\(file) changed the data dir")
        }
        let dates = try tend.fails(
            ["import", fixture("bad-date.csv")], "bad-date.csv:4: next follow-up \"31.02.2026\"")
        XCTAssertTrue(dates.contains("2 problems"), dates)
    }

    func testCSVRoundTripIsExact() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        let first = try tend.run(["export", "--format", "csv", "--all"], env: ["TEND_DIR": demo])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertGreaterThan(first.out.components(separatedBy: "\r\n").count, 40)
        let file = tend.dir + "/book.csv"
        try tend.ok("export", "--format", "csv", "--all", "--out", file)  // empty book: a header only
        try first.out.write(toFile: file, atomically: true, encoding: .utf8)
        try tend.ok("import", file)
        let second = try tend.ok("export", "--format", "csv", "--all")
        XCTAssertEqual(second, first.out)
        XCTAssertEqual(
            try tend.ok("import", file).components(separatedBy: "\n").first,
            "Imported book.csv: 0 created, 0 merged, 40 skipped (0 events)", "a second import changes nothing")
    }

    func testCSVExportDefusesFormulasAndTheRoundTripGivesBackTheExactText() throws {
        let id = try add(
            "=HYPERLINK(\"http://x.example\",\"click\")", "--company=-2+3+cmd|' /C calc'!A0",
            "--phone", "+49 30 1234", "--tag", "'vip", "--email", "@dana@acme.example")
        try tend.ok("note", id, "--", "+1 for the pilot")
        let file = tend.dir + "/out.csv"
        try tend.ok("export", "--format", "csv", "--all", "--out", file)
        // Read back by Python's csv module: what a spreadsheet would see, cell by cell.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", "-c",
            "import csv,sys,json; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline='')))))", file,
        ]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(row["Name"], "'=HYPERLINK(\"http://x.example\",\"click\")")
        XCTAssertEqual(row["Company"], "'-2+3+cmd|' /C calc'!A0")
        XCTAssertEqual(row["Phone"], "+49 30 1234", "a phone number stays as it is")
        XCTAssertEqual(row["Tags"], "''vip")
        XCTAssertEqual(row["Email"], "'@dana@acme.example")
        XCTAssertEqual(row["Last note"], "'+1 for the pilot")
        for (key, value) in row where !value.isEmpty {
            XCTAssertFalse("=+-@\t\r".contains(value.first!) && !(key == "Phone"), "\(key) starts a formula: \(value)")
        }
        // Into an empty data dir and out again: the same bytes, so the same text in every field.
        var other = tend
        other.dir = tend.dir + "/other"
        try FileManager.default.createDirectory(atPath: other.dir, withIntermediateDirectories: true)
        try other.ok("import", file)
        XCTAssertEqual(
            try other.ok("export", "--format", "csv", "--all"), try String(contentsOfFile: file, encoding: .utf8))
        let show = try other.ok("show", "hyperlink")
        XCTAssertTrue(show.contains("-2+3+cmd|' /C calc'!A0"), show)
    }

    func testJSONExportIsTheFold() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        let r = try tend.run(["export", "--format", "json", "--all"], env: ["TEND_DIR": demo])
        XCTAssertEqual(r.code, 0, r.err)
        let again = try tend.run(["export", "--format", "json", "--all"], env: ["TEND_DIR": demo])
        XCTAssertEqual(again.out, r.out, "the same book exports the same bytes")
        let json = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        let s = try state(demo)
        XCTAssertEqual(json["events"] as? Int, s.eventCount)
        let contacts = json["contacts"] as! [[String: Any]]
        XCTAssertEqual(contacts.map { $0["id"] as! String }, s.contactsByName.map(\.id))
        for c in contacts {
            let id = c["id"] as! String
            XCTAssertEqual(
                (c["touches"] as! [[String: Any]]).map { $0["id"] as! String }, (s.touches[id] ?? []).map(\.id))
            XCTAssertEqual(
                (c["notes"] as! [[String: Any]]).map { $0["text"] as! String }, (s.notes[id] ?? []).map(\.text))
            XCTAssertEqual(
                (c["deals"] as! [[String: Any]]).map { $0["stage"] as! String }, s.deals(of: id).map(\.stage.rawValue))
            XCTAssertEqual((c["next_step"] as? [String: Any])?["due"] as? String, s.nextSteps[id]?.due.iso)
            XCTAssertEqual(
                (c["commitments"] as! [[String: Any]]).count, s.commitments.values.filter { $0.contact == id }.count)
        }
        let mine = try tend.run(["export", "--format", "json"], env: ["TEND_DIR": demo])
        let owners = Set(
            ((try JSONSerialization.jsonObject(with: Data(mine.out.utf8)) as! [String: Any])["contacts"]
                as! [[String: Any]]).map { $0["owner"] as! String })
        XCTAssertEqual(owners, ["ann"], "without --all, your own book")
    }

    /// Parses an .ics with Python's icalendar (not ours) and returns UID → [start, sequence, kind].
    func parseICS(_ path: String) throws -> [String: [String]] {
        let script = """
            import sys, json, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            out, uids = {}, []
            for c in cal.walk():
                if c.name not in ('VEVENT', 'VTODO'): continue
                uid = str(c['UID']); uids.append(uid)
                start = c.get('DTSTART') or c.get('DUE')
                alarms = [str(a['TRIGGER'].to_ical(), 'ascii') for a in c.walk('VALARM')]
                out[uid] = [start.dt.isoformat(), str(c['SEQUENCE']), c.name, str(c['SUMMARY']), ','.join(alarms)]
            assert len(uids) == len(set(uids)), 'duplicate UID'
            print(json.dumps(out))
            """
        let r = try runProgram("/usr/bin/env", ["python3", "-c", script, path])
        // Thrown, not an empty result: the assertions after would unwrap what is not there and
        // take the whole test run down with them.
        guard r.code == 0 else {
            throw ParserMissing(
                message: r.err.contains("No module named 'icalendar'")
                    ? "Python's icalendar is missing: .ci/run installs it (pip install icalendar)" : r.err)
        }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: [String]]
    }

    /// Parses vCards with Python's vobject (not ours): per card, FN, UID, version, phones, emails
    /// and Tend's X-TEND-OWNER.
    func parseVCards(_ paths: [String]) throws -> [[String: Any]] {
        let script = """
            import sys, json, vobject
            out = []
            for path in sys.argv[1:]:
                for card in vobject.readComponents(open(path, encoding='utf-8').read()):
                    c = card.contents
                    out.append({'fn': card.fn.value, 'uid': card.uid.value, 'version': card.version.value,
                                'tel': [t.value for t in c.get('tel', [])],
                                'email': [e.value for e in c.get('email', [])],
                                'owner': c['x-tend-owner'][0].value, 'n': str(card.n.value.family)})
            print(json.dumps(out))
            """
        let r = try runProgram("/usr/bin/env", ["python3", "-c", script] + paths)
        guard r.code == 0 else {
            throw ParserMissing(
                message: r.err.contains("No module named 'vobject'")
                    ? "Python's vobject is missing: .ci/run installs it" : r.err)
        }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
    }

    func testVCardExportParsesAndImportsBackLosingNothing() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        try tend.ok(
            "add", "Inês Gonçalves, Lda", "--tz", "Europe/Lisbon", "--prefers", "email", "--best-time",
            "after 14:00; not Fri", "--email", "ines@example.pt", "--phone", "+351 21 000 0000", "--tag", "vip",
            "--needs", "a quote in EUR\nwith VAT", "--dir", demo)
        let env = ["TEND_DIR": demo]
        let s = try state(demo)
        for version in ["3.0", "4.0"] {
            let file = tend.dir + "/book-\(version).vcf"
            XCTAssertEqual(
                try tend.run(["export", "--format", "vcf", "--all", "--vcard", version, "--out", file], env: env).code,
                0)
            let cards = try parseVCards([file])
            XCTAssertEqual(cards.count, s.contacts.count)
            XCTAssertEqual(Set(cards.map { $0["version"] as? String }), [version])
            let ines = try XCTUnwrap(cards.first { ($0["fn"] as? String) == "Inês Gonçalves, Lda" })
            XCTAssertEqual(ines["email"] as? [String], ["ines@example.pt"])
            XCTAssertEqual(ines["owner"] as? String, "ann")
            XCTAssertEqual((ines["tel"] as? [String])?.first?.filter(\.isNumber), "351210000000")
        }
        // The 3.0 file into an empty book: every contact back, with what only Tend knows.
        let copy = tend.dir + "/copy"
        let r = try tend.run(["import", tend.dir + "/book-3.0.vcf", "--dir", copy])
        XCTAssertEqual(r.code, 0, r.err)
        let back = try state(copy)
        XCTAssertEqual(back.contacts.count, s.contacts.count)
        for c in s.contacts.values {
            let b = try XCTUnwrap(back.contacts[c.id], "\(c.name) keeps its id")
            XCTAssertEqual(
                [b.name, b.owner, b.company, b.bestTime, b.needs, b.timeZone, b.prefers?.rawValue ?? ""],
                [c.name, c.owner, c.company, c.bestTime, c.needs, c.timeZone, c.prefers?.rawValue ?? ""], c.name)
            XCTAssertEqual(b.phones, c.phones, c.name)
            XCTAssertEqual(b.emails, c.emails, c.name)
            XCTAssertEqual(b.tags, c.tags, c.name)
        }
    }

    func testAVdirHoldsOneCardPerContactWrittenOnlyWhenChangedAndForgottenOnesRemoved() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        let env = ["TEND_DIR": demo]
        let dir = tend.dir + "/contacts"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mine\r\nUID:mine\r\nEND:VCARD\r\n".write(
            toFile: dir + "/mine.vcf", atomically: true, encoding: .utf8)
        let s = try state(demo)
        let first = try tend.run(["export", "--format", "vdir", "--all", "--out", dir], env: env)
        XCTAssertEqual(first.out, "\(dir): \(s.contacts.count) written, 0 unchanged, 0 removed\n", first.err)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "mine.vcf" }.sorted()
        XCTAssertEqual(files, s.contacts.keys.map { $0 + ".vcf" }.sorted(), "one card per contact, named by UID")
        let cards = try parseVCards(files.map { dir + "/" + $0 })
        XCTAssertEqual(cards.count, files.count)
        for c in cards { XCTAssertEqual((c["uid"] as? String).map { $0 + ".vcf" }.map(files.contains), true) }
        let mtime = { (f: String) in
            try FileManager.default.attributesOfItem(atPath: dir + "/" + f)[.modificationDate] as! Date
        }
        let before = try mtime(files[0])

        let again = try tend.run(["export", "--format", "vdir", "--all", "--out", dir], env: env)
        XCTAssertEqual(again.out, "\(dir): 0 written, \(s.contacts.count) unchanged, 0 removed\n")
        XCTAssertEqual(try mtime(files[0]), before, "an unchanged card is not rewritten")

        let dana = try XCTUnwrap(s.contactsByName.first { $0.name == "Dana Wu" })
        try tend.ok("assign", dana.id, "carol", "--dir", demo)
        let zoe = try XCTUnwrap(s.contactsByName.first { $0.name == "Tom Becker" })
        try tend.ok("forget", zoe.id, "--yes", "--dir", demo)
        let third = try tend.run(["export", "--format", "vdir", "--all", "--out", dir], env: env)
        XCTAssertEqual(third.out, "\(dir): 1 written, \(s.contacts.count - 2) unchanged, 1 removed\n", third.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/\(zoe.id).vcf"), "the forgotten one's card goes")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/mine.vcf"), "a card Tend did not write stays")
    }

    func testICalendarFeedParsesWithStableUIDsAndRightDates() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        let env = ["TEND_DIR": demo]
        let file = tend.dir + "/tend.ics"
        XCTAssertEqual(try tend.run(["export", "--format", "ics", "--all", "--out", file], env: env).code, 0)
        let raw = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(raw.hasPrefix("BEGIN:VCALENDAR\r\n") && raw.hasSuffix("END:VCALENDAR\r\n"))
        XCTAssertFalse(raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        for line in raw.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 75, line) }
        let first = try parseICS(file)

        let s = try state(demo)
        var expected: [String: String] = [:]
        for (cid, step) in s.nextSteps where step.time == nil { expected["next-\(cid)@tend"] = step.due.iso }
        for p in s.commitments.values where p.status == .open { expected["promise-\(p.id)@tend"] = p.due.iso }
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(
            Set(first.keys),
            Set(expected.keys).union(s.nextSteps.filter { $0.value.time != nil }.map { "next-\($0.key)@tend" }))
        for (uid, due) in expected { XCTAssertEqual(first[uid]?[0], due, uid) }

        // Move one step: the same UID, a later date, a higher SEQUENCE; every other entry unchanged.
        let (cid, step) = s.nextSteps.first {
            $0.value.time == nil && $0.value.due > Day(year: 2026, month: 11, day: 23)!
        }!
        let moved = step.due.adding(days: 7)
        let later = ["TEND_NOW": "2026-11-23T10:00:00Z"]
        XCTAssertEqual(try tend.run(["next", cid, moved.iso], env: env.merging(later) { $1 }).code, 0)
        XCTAssertEqual(
            try tend.run(["export", "--format", "ics", "--all", "--out", file], env: env.merging(later) { $1 }).code, 0)
        let second = try parseICS(file)
        let uid = "next-\(cid)@tend"
        XCTAssertEqual(second[uid]?[0], moved.iso)
        XCTAssertGreaterThan(Int(second[uid]![1])!, Int(first[uid]![1])!, "SEQUENCE grows")
        XCTAssertEqual(Set(second.keys), Set(first.keys))
        for (k, v) in first where k != uid { XCTAssertEqual(second[k], v, k) }

        // The same step set again, an hour later: not a revision, so SEQUENCE stays.
        let again = ["TEND_NOW": "2026-11-23T11:00:00Z"]
        XCTAssertEqual(try tend.run(["next", cid, moved.iso], env: env.merging(again) { $1 }).code, 0)
        XCTAssertEqual(
            try tend.run(["export", "--format", "ics", "--all", "--out", file], env: env.merging(again) { $1 }).code, 0)
        XCTAssertEqual(try parseICS(file)[uid], second[uid], "unchanged entry, unchanged SEQUENCE")

        // A timed step reminds 10 minutes before; a day-long one has no alarm; alarm_minutes = 0 none.
        XCTAssertEqual(
            try tend.run(["next", cid, "2026-11-30 14:30", "--via", "call"], env: env.merging(again) { $1 }).code, 0)
        XCTAssertEqual(
            try tend.run(["export", "--format", "ics", "--all", "--out", file], env: env.merging(again) { $1 }).code, 0)
        let timed = try parseICS(file)
        XCTAssertEqual(timed[uid]?[4], "-PT10M")
        XCTAssertTrue(timed.filter { $0.key.hasPrefix("promise-") }.allSatisfy { $0.value[4].isEmpty })
        try "[calendar]\nalarm_minutes = 0\n".write(toFile: demo + "/config.toml", atomically: true, encoding: .utf8)
        XCTAssertEqual(
            try tend.run(["export", "--format", "ics", "--all", "--out", file], env: env.merging(again) { $1 }).code, 0)
        XCTAssertEqual(try parseICS(file)[uid]?[4], "", "alarm_minutes = 0: no reminder")

        XCTAssertEqual(
            try tend.run(["export", "--format", "ics", "--all", "--todos", "--out", file], env: env).code, 0)
        XCTAssertEqual(Set(try parseICS(file).values.map { $0[2] }), ["VTODO"])
    }
}

/// A parser no one on this project wrote could not run (not installed, or it rejected the file).
struct ParserMissing: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
