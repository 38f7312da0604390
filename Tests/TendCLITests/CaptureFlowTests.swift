import Foundation
import XCTest

/// The issue's scripted run: add → quote → ann logs a call → bob logs one 40 minutes later →
/// a note with a promise. Bob is warned, the promise is on the agenda, each rep has a 0600 log.
final class CaptureFlowTests: CLITestCase {
    func testTheGuardWarnsBobAndThePromiseLandsOnTheAgenda() throws {
        let id = try add("Dana Wu", "--company", "Acme GmbH", "--prefers", "call")
        XCTAssertEqual(id.count, 6)
        let quote = try tend.ok("quote", "Dana Wu", "--amount", "8400")
        XCTAssertTrue(quote.contains("next: quote follow-up 1/4 on Tue 2026-11-24"), quote)

        tend.now = "2026-11-23T09:05:00Z"
        try tend.ok("log", "dana", "--via", "call", "--outcome", "no-answer")

        tend.rep = "bob"
        tend.now = "2026-11-23T09:45:00Z"
        let bob = try tend.run(["log", "Dana Wu", "--via", "call", "--outcome", "voicemail"])
        XCTAssertEqual(bob.code, 0, "the touch happened: it is recorded")
        XCTAssertEqual(bob.err, "warning: ann called Dana Wu 40 min ago (no-answer)\n")

        tend.rep = "ann"
        tend.now = "2026-11-23T10:00:00Z"
        let note = try tend.ok("note", id, "Wants 12 seats. * send price list @fri")
        XCTAssertTrue(note.contains("send price list  due Fri 2026-11-27"), note)

        let today = try XCTUnwrap(try tend.json("today", "--json") as? [String: Any])
        let items = try XCTUnwrap(today["items"] as? [[String: Any]])
        let promise = try XCTUnwrap(items.first { $0["kind"] as? String == "promise" })
        XCTAssertEqual(promise["due"] as? String, "2026-11-27")
        XCTAssertEqual(promise["why"] as? String, "promised: send price list")
        XCTAssertEqual(promise["name"] as? String, "Dana Wu")

        for rep in ["ann", "bob"] {
            let attrs = try FileManager.default.attributesOfItem(atPath: tend.dir + "/data/log/\(rep).jsonl")
            XCTAssertEqual((attrs[.posixPermissions] as! NSNumber).intValue & 0o777, 0o600, rep)
        }
        XCTAssertEqual(tend.logLines("bob").count, 2, "bob's touch and the cadence's next step")
    }

    func testAGuardWarningInsideTheWindowWithoutTheCap() throws {
        try add("Zoë Müller")
        tend.now = "2026-11-23T09:00:00Z"
        try tend.ok("log", "zoe", "--via", "email", "--outcome", "bounced")
        tend.rep = "carol"
        tend.now = "2026-11-23T09:30:00Z"
        let r = try tend.run(["log", "zoe", "--via", "sms", "--outcome", "no-answer"])
        XCTAssertEqual(r.err, "warning: ann emailed Zoë Müller 30 min ago (bounced)\n")
        tend.now = "2026-11-23T14:00:00Z"
        tend.rep = "dave"
        let later = try tend.run(["log", "zoe", "--via", "call", "--outcome", "connected"])
        XCTAssertTrue(later.err.contains("daily cap"), "third attempt of the day: \(later.err)")
    }

    func testShowListsEveryRepsTouchesNewestFirstAndOpenPromisesBySide() throws {
        let id = try add("Dana Wu", "--email", "dana@acme.example", "--needs", "EU hosting")
        try tend.ok("deal", id, "--title", "Gym", "--per-period", "175", "--quantity", "4", "--periods", "12")
        try tend.ok("promise", id, "send the contract", "--due", "fri")
        try tend.ok("promise", id, "decide", "--due", "2026-12-04", "--waiting-on")
        tend.now = "2026-11-23T10:00:00Z"
        try tend.ok(
            "log", id, "--via", "call", "--outcome", "connected", "--note", "liked it", "--next", "2026-12-01 14:30")
        tend.rep = "bob"
        tend.now = "2026-11-23T15:00:00Z"
        try tend.ok("log", id, "--via", "email", "--outcome", "replied")
        let text = try tend.ok("show", "dana")
        XCTAssertTrue(text.contains("Gym · prospect · €8,400 (175 × 4 × 12)"), text)
        XCTAssertTrue(text.contains("Next step: next step · Tue 2026-12-01 14:30 · call"), text)
        let weOwe = try XCTUnwrap(text.range(of: "We owe")), waiting = try XCTUnwrap(text.range(of: "Waiting on them"))
        XCTAssertLessThan(weOwe.lowerBound, waiting.lowerBound)
        let bobLine = try XCTUnwrap(text.range(of: "15:00  bob  email · replied"))
        let annLine = try XCTUnwrap(text.range(of: "10:00  ann  call · connected"))
        XCTAssertLessThan(bobLine.lowerBound, annLine.lowerBound, "newest first")

        let json = try XCTUnwrap(try tend.json("show", id, "--json") as? [String: Any])
        let timeline = try XCTUnwrap(json["timeline"] as? [[String: Any]])
        XCTAssertEqual(timeline.map { $0["rep"] as? String }, ["bob", "ann"])
        let deal = try XCTUnwrap((json["deals"] as? [[String: Any]])?.first)
        XCTAssertEqual((deal["value"] as? [String: Any])?["cents"] as? Int, 840_000)
    }

    func testStageCommandsScheduleTheCadence() throws {
        let id = try add("José Álvarez")
        try tend.ok("deal", id, "--title", "Plan", "--value", "4200")
        let won = try tend.ok("won", id, "--used", "2026-11-20")
        XCTAssertTrue(won.contains("next: post-purchase check-in on Fri 2026-11-27"), won)
        let other = try add("Mia Schulz")
        let nurture = try tend.ok("nurture", other, "--reason", "budget next year")
        XCTAssertTrue(nurture.contains("next: nurture call on Thu 2026-11-26"), nurture)
        let third = try add("Emma Rossi")
        try tend.ok("quote", third, "--amount", "900")
        try tend.ok("lost", third, "--reason", "cheaper vendor")
        let list = try XCTUnwrap(try tend.json("list", "--stage", "lost", "--json") as? [[String: Any]])
        XCTAssertEqual(list.map { $0["name"] as? String }, ["Emma Rossi"])
        XCTAssertTrue(list[0]["next_step"] is NSNull, "a lost deal leaves no next step")
    }

    func testALookerWhoAnswersIsOfferedTheMoveBackToProspect() throws {
        let id = try add("Mia Schulz")
        try tend.ok("nurture", id, "--reason", "budget next year")
        let replied = try tend.ok("log", id, "--via", "email", "--outcome", "replied", "--note", "budget is back")
        XCTAssertTrue(replied.contains("next: nurture call on Wed 2026-12-23"), "30 days from the answer: \(replied)")
        XCTAssertTrue(replied.contains("they answered: tend prospect \(id) moves them back to prospect"), replied)
        let back = try tend.ok("prospect", id)
        XCTAssertTrue(back.contains("Mia Schulz: Looking is now prospect"), back)
        XCTAssertTrue(
            back.contains("next: follow up the conversation on Thu 2026-11-26"),
            "3 working days after the answer: \(back)")
        try tend.fails(["prospect", id], "is already a prospect")
        let quiet = try tend.ok("log", id, "--via", "call", "--outcome", "connected")
        XCTAssertFalse(quiet.contains("they answered"), "only a looker is offered the move: \(quiet)")
    }

    func testTimeAwayIsAnEventTheTeamSeesAndTheCadencePlansAround() throws {
        let id = try add("Mia Schulz")
        try tend.ok("next", id, "2026-11-20")  // overdue since Friday
        try tend.ok("assign", id, "bob")
        let other = try add("Ravi Patel")
        try tend.ok("assign", other, "bob")
        try tend.ok("deal", other, "--title", "Plan", "--value", "900")
        let won = try tend.ok("won", other, "--used", "2026-11-18", "--rep", "bob")
        XCTAssertTrue(won.contains("next: post-purchase check-in on Wed 2026-11-25"), won)
        let planned = try add("Lena Fischer")
        try tend.ok("assign", planned, "bob")
        try tend.ok("next", planned, "2026-11-24", "--what", "demo at their office")

        let away = try tend.ok("away", "2026-11-23..2026-11-27", "--rep", "bob")
        XCTAssertTrue(
            away.hasPrefix("bob away Mon 2026-11-23 → Fri 2026-11-27 (5 days): no cadence plans bob's steps then\n"),
            away)
        XCTAssertTrue(away.contains("moved 1 cadence step past the time away"), away)
        XCTAssertTrue(away.contains("planned by hand in that time (move them, or ask someone to cover): Lena Fischer"))
        let ravi = try XCTUnwrap(try tend.json("show", other, "--json") as? [String: Any])
        XCTAssertEqual((ravi["next_step"] as? [String: Any])?["due"] as? String, "2026-11-30", "moved past Friday")
        let lena = try XCTUnwrap(try tend.json("show", planned, "--json") as? [String: Any])
        XCTAssertEqual((lena["next_step"] as? [String: Any])?["due"] as? String, "2026-11-24", "a typed step stays")

        XCTAssertTrue(try tend.ok("away", "--list").contains("bob       Mon 2026-11-23 → Fri 2026-11-27"))
        let mine = try tend.ok("today")
        XCTAssertTrue(mine.contains("Away: bob until Fri 2026-11-27"), "ann's agenda says so: \(mine)")
        let team = try tend.ok("today", "--all")
        XCTAssertTrue(team.contains("Overdue, owner away: someone cover (1)"), team)
        // A cadence step planned now for bob's contact lands after his time away.
        try tend.ok("deal", id, "--title", "Plan", "--value", "900")
        let later = try tend.ok("won", id, "--used", "2026-11-18", "--rep", "bob")
        XCTAssertTrue(
            later.contains("next: post-purchase check-in on Mon 2026-11-30"), "not during Mon–Fri away: \(later)")
        try tend.fails(["away", "2026-11-27..2026-11-23"], "is after 2026-11-23")
        try tend.fails(["away", "2026-11-02..2026-11-03"], "is in the past")
        try tend.fails(["away", "--clear"], "ann has no time away")
        XCTAssertEqual(try tend.ok("away", "--clear", "--rep", "bob"), "bob: time away cleared\n")
        XCTAssertFalse(try tend.ok("today").contains("Away:"))
    }

    func testDoneAndDropClosePromises() throws {
        let id = try add("Dana Wu")
        let out = try tend.ok("note", id, "* send list * call CFO @tomorrow")
        let ids = out.split(separator: "\n").dropFirst().compactMap {
            $0.split(separator: " ").dropFirst().first.map(String.init)
        }
        XCTAssertEqual(ids.count, 2, out)
        try tend.ok("done", ids[0])
        try tend.ok("drop", String(ids[1].prefix(4)), "--reason", "not needed")
        try tend.fails(["done", ids[0]], "already done")
        let json = try XCTUnwrap(try tend.json("show", id, "--json") as? [String: Any])
        let statuses = (json["commitments"] as? [[String: Any]])?.compactMap { $0["status"] as? String }.sorted()
        XCTAssertEqual(statuses, ["done", "dropped"])
    }

    func testTheSamePersonTwiceIsRefusedAndAMergeMakesThemOne() throws {
        var bob = tend
        bob.rep = "bob"
        let dana = try bob.ok("add", "Dana Wu", "--email", "dana@acme.example", "--phone", "+49 30 1234567")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try tend.fails(
            ["add", "Dana W.", "--phone", "030 1234567"],
            "already in the book: Dana Wu (owner bob, \(dana)); use it, or --new")
        XCTAssertFalse(refused.contains("Fatal"), refused)
        XCTAssertEqual(tend.logLines("ann").count, 0, "nothing written")
        let twin = try add("Dana W.", "--email", "DANA@acme.example", "--new")
        try tend.ok("log", twin, "--via", "call", "--outcome", "no-answer")
        let merged = try tend.ok("merge", twin, dana)
        XCTAssertTrue(merged.hasPrefix("merged Dana W. (\(twin)) into Dana Wu (\(dana)): 1 touches"), merged)
        // bob, 30 minutes later, on the contact he knows: the guard has seen ann's call on the twin.
        bob.now = "2026-11-23T09:30:00Z"
        let call = try bob.run(["call", dana])
        XCTAssertEqual(call.code, 3, call.err)
        XCTAssertTrue(call.err.contains("ann called Dana Wu"), call.err)
        XCTAssertTrue(try tend.ok("show", twin).hasPrefix("Dana Wu"), "the old id names the one that stays")
    }

    func testANoteFromStandardInputKeepsItsLinesAndTheirPromises() throws {
        let dana = try add("Dana Wu")
        let piped = try tend.run(
            ["note", dana, "-"],
            prefix: ["/bin/sh", "-c", "printf 'first line\\n\\n* they: confirm the date @wed\\n' | \"$0\" \"$@\""])
        XCTAssertEqual(piped.code, 0, piped.err)
        XCTAssertTrue(piped.out.contains("waiting on"), piped.out)
        XCTAssertTrue(piped.out.contains("confirm the date  due Wed 2026-11-25"), piped.out)
        XCTAssertTrue(tend.logLines("ann").joined().contains(#""text":"first line\n\n* they: confirm the date @wed""#))
        let empty = try tend.run(["note", dana, "-"], prefix: ["/bin/sh", "-c", "printf '\\n\\n' | \"$0\" \"$@\""])
        XCTAssertEqual(empty.code, 1)
        XCTAssertTrue(empty.err.contains("the note on standard input is empty; nothing was saved"), empty.err)
        XCTAssertEqual(
            tend.logLines("ann").count, 3, "the contact, the note and its promise; nothing for the empty one")
    }

    /// A contact in another time zone: every screen says what time it is there.
    func testAContactsTimeZoneShowsTheirLocalTime() throws {
        try tend.fails(["add", "Rita Reis", "--tz", "Lisbonia"], "give a time zone name like Europe/Lisbon")
        let rita = try add("Rita Reis", "--tz", "America/New_York")
        _ = try tend.ok("next", rita, "today", "--what", "call back")
        tend.now = "2026-11-23T15:00:00Z"
        let today = try tend.ok("today")
        XCTAssertTrue(today.contains("call back · 10:00 there"), today)
        XCTAssertTrue(try tend.ok("show", rita).contains("tz       America/New_York (10:00 there)"))
        let json = try XCTUnwrap(try tend.json("show", rita, "--json") as? [String: Any])
        XCTAssertEqual(json["tz"] as? String, "America/New_York")
        let card = tend.dir + "/tz.vcf"
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kenji Sato\r\nTZ:Asia/Tokyo\r\nEND:VCARD\r\n".write(
            toFile: card, atomically: true, encoding: .utf8)
        _ = try tend.ok("import", card)
        XCTAssertTrue(try tend.ok("show", "Kenji Sato").contains("Asia/Tokyo (00:00 there)"))
    }
}
