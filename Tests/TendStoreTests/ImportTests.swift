import Foundation
import TendCore
import XCTest

@testable import TendStore

/// The fixture files live with the end-to-end tests, which import them through the binary.
func fixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../TendCLITests/Fixtures/import/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

final class CSVTableTests: XCTestCase {
    func testBOMCRLFQuotedNewlineAndTrailingEmptyFields() throws {
        let t = try CSVTable(text: try fixture("plain.csv"))
        XCTAssertEqual(t.header.first, "Name", "the BOM must not stick to the first header")
        XCTAssertEqual(t.header.count, 10)
        XCTAssertEqual(t.rows.map(\.line), [2, 4, 5], "the quoted note spans lines 2-3, so Bo starts on line 4")
        XCTAssertEqual(t.rows[0].fields[4], "Wants 10 seats.\r\nEU hosting, please.")
        XCTAssertEqual(t.rows[1].fields.count, 10, "trailing empty fields are kept")
        XCTAssertEqual(t.rows[2].fields[0], "Émile \"Mimi\" Roux")
    }

    func testSniffsSemicolonAndTab() throws {
        XCTAssertEqual(try CSVTable(text: try fixture("semicolon.csv")).delimiter, ";")
        let tab = try CSVTable(text: "Name\tEmail\nA\ta@x.example\n")
        XCTAssertEqual(tab.delimiter, "\t")
        XCTAssertEqual(tab.rows[0].fields, ["A", "a@x.example"])
        XCTAssertEqual(try CSVTable(text: "Name\nA, B\n").delimiter, ",", "one column: comma")
    }

    func testUnterminatedQuoteIsReportedWhereItOpens() throws {
        XCTAssertThrowsError(try CSVTable(text: try fixture("bad-quote.csv"))) { e in
            let p = (e as! ImportError).problems
            XCTAssertEqual(p.map(\.line), [3])
            XCTAssertTrue(p[0].message.contains("never ends"), p[0].message)
        }
    }

    func testAGiantFieldStopsAtItsLine() throws {
        let text = "Name,Notes\nAda,short\nBob," + String(repeating: "x", count: 10 * 1024 * 1024) + "\n"
        XCTAssertThrowsError(try CSVTable(text: text)) { e in
            let p = (e as! ImportError).problems
            XCTAssertEqual(p.map(\.line), [3])
            XCTAssertTrue(p[0].message.contains("longer than 64 KB"), p[0].message)
        }
    }
}

final class ColumnMapTests: XCTestCase {
    func testPipedriveHeaders() throws {
        let t = try CSVTable(text: try fixture("pipedrive.csv"))
        let m = ColumnMap(header: t.header)
        XCTAssertEqual(
            m.fields,
            [
                .deal, .value, .currency, .stage, .status, .closeDate, .name, .company, .email, .phone,
                .owner, .lostReason, .nextStep, .nextChannel, .nextDate, .activityDone, nil,
            ])
        let r = m.record(t.rows[0].fields, line: t.rows[0].line)
        XCTAssertEqual(r.all(.email), ["kai@becker.example", "einkauf@becker.example"], "comma-joined cell")
        XCTAssertEqual(r.extras.map(\.column), ["Deal - Label"], "an unknown column is kept")
    }

    func testHubSpotHeaders() throws {
        let t = try CSVTable(text: try fixture("hubspot.csv"))
        let m = ColumnMap(header: t.header)
        XCTAssertEqual(
            m.fields,
            [
                nil, .firstName, .lastName, .email, .phone, .phone, .title, .company, .owner, .tag, .tag,
                .deal, .stage, .value, .closeDate,
            ])
    }

    func testMapOverridesAndIgnores() {
        let m = ColumnMap(header: ["Kunde", "Email", "Internal"], overrides: ["kunde": .name, "INTERNAL": .ignore])
        XCTAssertEqual(m.fields, [.name, .email, .ignore])
        let r = m.record(["Ada", "ada@x.example", "secret"], line: 2)
        XCTAssertEqual(r.first(.name), "Ada")
        XCTAssertTrue(r.extras.isEmpty, "an ignored column is not kept as a note")
        XCTAssertEqual(m.unknownOverrides, [])
        XCTAssertEqual(
            ColumnMap(header: ["Name"], overrides: ["Nmae": .name]).unknownOverrides, ["Nmae"], "a typo is caught")
    }
}

final class VCardTests: XCTestCase {
    func testVersion21QuotedPrintableAcrossASoftBreak() throws {
        let r = try VCard.parse(try fixture("phone-v21.vcf")).records
        XCTAssertEqual(
            r.map { $0.first(.name) }, ["Jörg Müller", "Yui Nakamura"],
            "ü's two bytes straddle the = break; N alone names Yui")
        XCTAssertEqual(r[0].all(.phone), ["+49 89 5550100", "+49 160 5550199"], "the PREF number first")
        XCTAssertEqual(r[0].all(.notes), ["Met at the fair.\nLikes espresso machines."])
        XCTAssertTrue(r[0].extras.isEmpty, "an empty ADR:;;;;;; is not kept")
        XCTAssertEqual(r[1].line, 12)
    }

    func testVersion30FoldingEscapesLabelsAndGroups() throws {
        let result = try VCard.parse(try fixture("mac-v30.vcf"))
        XCTAssertEqual(result.records.count, 1)
        XCTAssertEqual(result.skipped.map(\.line), [16], "the group card is skipped")
        let r = result.records[0]
        XCTAssertEqual(r.first(.company), "Okoye, Adeyemi & Partners (Sales)", "the department is kept")
        XCTAssertEqual(r.all(.email), ["chidi.home@mail.example", "chidi@okoye.example"], "type=pref first")
        XCTAssertTrue(r.first(.notes).hasPrefix("Prefers calls after 3pm; asks"))
        XCTAssertTrue(r.first(.notes).contains("that a Mac folds onto the next line"), r.first(.notes))
        XCTAssertEqual(
            r.extras.first.map { "\($0.column)=\($0.value)" }, "Assistant=+234 1 555 0142", "item1's label is kept")
    }

    func testVersion40SeveralTelephones() throws {
        let r = try VCard.parse(try fixture("contacts-v40.vcf")).records[0]
        XCTAssertEqual(r.all(.phone), ["+1-555-555-0111", "+1-555-555-0100", "+1-555-555-0122"])
        XCTAssertEqual(r.all(.tag), ["clinic", "referral"])
    }

    func testACardWithoutEndIsAnError() throws {
        XCTAssertThrowsError(try VCard.parse(try fixture("bad-vcard.vcf"))) { e in
            XCTAssertEqual((e as! ImportError).problems.map(\.line), [1])
        }
        XCTAssertThrowsError(try VCard.parse("BEGIN:VCARD\nVERSION:3.0\nNOTE:who?\nEND:VCARD\n")) { e in
            XCTAssertEqual(
                (e as! ImportError).problems.first?.message, "card has no name, organisation, email or phone")
        }
        XCTAssertThrowsError(try VCard.parse("Name,Email\n")) { e in
            XCTAssertTrue((e as! ImportError).problems[0].message.contains("no BEGIN:VCARD"))
        }
    }
}

final class ImportValuesTests: XCTestCase {
    let today = Day(year: 2026, month: 11, day: 23)!

    func testDates() {
        let d = Day(year: 2026, month: 12, day: 1)!
        for text in [
            "2026-12-01", "2026-12-01 14:30", "2026-12-01T14:30:00Z", "01.12.2026", "12/01/2026", "2026/12/01",
            "1.12.26",
        ] {
            XCTAssertEqual(ImportValues.day(text, today: today), d, text)
        }
        XCTAssertEqual(
            ImportValues.day("25/12/2026", today: today), Day(year: 2026, month: 12, day: 25), "day first when over 12")
        XCTAssertEqual(
            ImportValues.day("45631", today: today), Day(year: 2024, month: 12, day: 5), "an Excel day number")
        XCTAssertEqual(ImportValues.day("tomorrow", today: today), Day(year: 2026, month: 11, day: 24))
        for bad in ["31.02.2026", "soon", "13/13/2026", "2026-13-01"] {
            XCTAssertNil(ImportValues.day(bad, today: today), bad)
        }
    }

    func testAmounts() {
        XCTAssertEqual(ImportValues.cents("8400"), 840_000)
        XCTAssertEqual(ImportValues.cents("8,400.50"), 840_050)
        XCTAssertEqual(ImportValues.cents("8.400,50"), 840_050)
        XCTAssertEqual(ImportValues.cents("€ 8 400"), 840_000)
        XCTAssertEqual(ImportValues.cents("950,5"), 95_050)
        XCTAssertNil(ImportValues.cents("lots"))
    }

    func testStages() {
        XCTAssertEqual(ImportValues.stage("Proposal Made", status: "Open"), .quoted)
        XCTAssertEqual(ImportValues.stage("Qualified", status: "Won"), .won)
        XCTAssertEqual(ImportValues.stage("contractsent", status: ""), .quoted)
        XCTAssertEqual(ImportValues.stage("closedlost", status: ""), .lost)
        XCTAssertEqual(ImportValues.stage("nurture", status: ""), .nurture)
        XCTAssertEqual(ImportValues.stage("Discovery", status: ""), .prospect)
    }
}

final class ImportPlanTests: XCTestCase {
    let clock = Clock(now: Timestamp.parseISO("2026-11-23T09:00:00Z")!, timeZone: TimeZone(identifier: "UTC")!)
    var counter = 0

    func plan(_ csv: String, state: State = State()) throws -> ImportPlan {
        let t = try CSVTable(text: csv)
        let m = ColumnMap(header: t.header)
        var n = 0
        return try ImportPlan.make(
            t.rows.map { m.record($0.fields, line: $0.line) }, state: state, clock: clock,
            options: .init(rep: "ann", source: "t.csv", currency: "EUR"),
            newID: { taken in
                repeat { n += 1 } while taken.contains("id\(n)")
                return "id\(n)"
            })
    }

    func fold(_ p: ImportPlan) -> State {
        var t = clock.now.ms
        return State.fold(
            p.steps.map { s in
                t += 1
                return Event(
                    id: "e\(t)", at: s.at ?? Timestamp(ms: t), rep: "ann", type: s.change.type, fields: s.change.fields)
            })
    }

    func testMergesByEmailOrPhoneInsteadOfMakingATwin() throws {
        var dana = Contact(id: "dana", name: "Dana Wu", owner: "ann", created: Timestamp(ms: 0))
        dana.emails = ["dana@acme.example"]
        dana.phones = ["+49 30 1234567"]
        var s = State()
        s.contacts["dana"] = dana
        let p = try plan(
            """
            Name,Email,Phone,Company
            Dana W.,DANA@acme.example,,Acme GmbH
            Dana Wu,,030 1234567,
            Dana Wu,dana@acme.example,,Acme GmbH
            Bo,bo@x.example,,
            Bo Again,,,
            Bo L.,bo@x.example,+46 8 555,Nordwind
            """, state: s)
        XCTAssertEqual(p.created, 2)
        XCTAssertEqual(p.merged, 2, "line 2 adds the company; line 7 adds a phone to the Bo made on line 5")
        XCTAssertEqual(p.skipped, 2, "lines 3 and 4 bring nothing new")
        guard case .merged(_, let into, let on, let added) = p.outcomes[0].outcome else {
            return XCTFail("\(p.outcomes)")
        }
        XCTAssertEqual(on, "email DANA@acme.example")
        XCTAssertEqual(into, "Dana Wu (dana)")
        XCTAssertEqual(added, ["company"])
    }

    func testEveryProblemIsFoundBeforeAnythingIsPlanned() throws {
        XCTAssertThrowsError(
            try plan(
                """
                Name,Next follow-up,Value,Last touch
                Ada,2026-12-01,100,
                ,,,
                Cy,someday,lots,2027-01-01
                """)
        ) { e in
            let p = (e as! ImportError).problems
            XCTAssertEqual(p.map(\.line), [3, 4, 4, 4])
            XCTAssertEqual(p[0].message, "no name, email or phone: nobody to import")
            let cy = p.dropFirst().map(\.message).joined(separator: "\n")
            XCTAssertTrue(cy.contains("next follow-up \"someday\" is not a date"), cy)
            XCTAssertTrue(cy.contains("value \"lots\" is not an amount"), cy)
            XCTAssertTrue(cy.contains("last touch 2027-01-01 is in the future"), cy)
        }
    }

    func testDealsStagesNextStepsAndUnmappedColumns() throws {
        let p = try plan(
            """
            Name,Deal,Stage,Value,Next follow-up,Next step,Last touch,Last outcome,Source
            Ada,Pilot,quoted,1200,2026-11-30,send the contract,2026-11-20,call connected,fair
            Ada,Renewal,won,500,,,,,
            Bo,,,,,,,,
            """)
        let s = fold(p)
        XCTAssertTrue(s.problems.isEmpty, "\(s.problems)")
        let ada = try XCTUnwrap(s.contacts.values.first { $0.name == "Ada" })
        XCTAssertEqual(
            s.deals(of: ada.id).map(\.title), ["Pilot", "Renewal"], "the second row adds a deal to the same contact")
        XCTAssertEqual(s.deals(of: ada.id).map(\.stage), [.quoted, .won])
        XCTAssertEqual(s.nextSteps[ada.id]?.due, Day(year: 2026, month: 11, day: 30))
        XCTAssertEqual(s.nextSteps[ada.id]?.what, "send the contract")
        XCTAssertEqual(s.touches[ada.id]?.map { clock.day(of: $0.at) }, [Day(year: 2026, month: 11, day: 20)!])
        XCTAssertEqual(s.touches[ada.id]?.first?.outcome, .connected)
        XCTAssertEqual(s.notes[ada.id]?.map(\.text), ["From t.csv: Source: fair"])
        XCTAssertEqual(p.withoutNextStep.map(\.name), ["Bo"], "Ada has a step; Bo is listed for the review")
    }
}

final class ICalendarTextTests: XCTestCase {
    func testFoldingNeverSplitsACharacterAndEscapes() {
        let long = "SUMMARY:" + String(repeating: "ü", count: 60)
        let folded = ICalendar.fold(long)
        for line in folded.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 75) }
        XCTAssertEqual(folded.replacingOccurrences(of: "\r\n ", with: ""), long)
        XCTAssertEqual(ICalendar.escape("a,b;c\\d\ne\u{1B}"), "a\\,b\\;c\\\\d\\ne")
    }
}
