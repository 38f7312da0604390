import Foundation
import XCTest

final class ReviewReportTests: CLITestCase {
    func testReviewPrintsTheChecklistAndJSONAgrees() throws {
        let id = try add("Dana Wu")
        try tend.ok("promise", id, "send the price list", "--due", "wed")
        try tend.ok("quote", id, "--amount", "900", "--sent", "2026-11-10")
        let text = try tend.ok("review", "--print")
        XCTAssertTrue(text.contains("Weekly review for ann · 2026-W48 · 0 of 2 handled"), text)
        XCTAssertTrue(
            text.contains("Promises (1)") && text.contains("send the price list · we owe · due Wed 11-25"), text)
        XCTAssertTrue(text.contains("Silent quotes (1)") && text.contains("13 days silent"), text)
        let json = try XCTUnwrap(try tend.json("review", "--json") as? [String: Any])
        XCTAssertEqual(json["total"] as? Int, 2)
        XCTAssertEqual(
            (json["items"] as? [[String: Any]])?.map { $0["section"] as? String }, ["promises", "silent-quotes"])
    }

    func testReportJSONAndCSVAndChannelCounts() throws {
        let id = try add("Dana Wu")
        for (via, outcome) in [("call", "no-answer"), ("call", "voicemail"), ("email", "replied")] {
            try tend.ok("log", id, "--via", via, "--outcome", outcome)
        }
        let show = try tend.ok("show", id)
        XCTAssertTrue(show.contains("answers  call 0/2 · email 1/1 → email"), show)
        let report = try XCTUnwrap(try tend.json("report", "--json") as? [String: Any])
        XCTAssertEqual((report["touches_per_day"] as? [String: [Int]])?["ann"]?.last, 3)
        let csv = try tend.ok("report", "--csv")
        XCTAssertTrue(csv.hasPrefix("rep,day,touches\n"), csv)
        XCTAssertTrue(csv.contains("ann,2026-11-23,3\n"), csv)
        let ascii = try tend.run(["report"], env: ["LANG": "C"])
        XCTAssertFalse(ascii.out.contains("▁") || ascii.out.contains("█"), ascii.out)
    }

    /// Under a locale that is not UTF-8, text output is ASCII (transliterated, layout kept);
    /// JSON stays UTF-8.
    func testUnderLANGCTextIsTransliteratedAndJSONIsNot() throws {
        _ = try add("Zoë Müller", "--company", "Łódź Logistik")
        _ = try add("李雷")
        for args in [["list"], ["today"], ["show", "zoe"], ["report"]] {
            let r = try tend.run(args, env: ["LANG": "C", "LC_ALL": ""])
            XCTAssertEqual(r.code, 0, r.err)
            XCTAssertTrue(r.out.unicodeScalars.allSatisfy { $0.isASCII }, "\(args): \(r.out)")
        }
        let list = try tend.run(["list"], env: ["LANG": "C"]).out
        XCTAssertTrue(list.contains("Zoe Muller - Lodz Logistik"), list)
        XCTAssertTrue(list.contains("li lei"), list)
        XCTAssertTrue(try tend.run(["list", "--json"], env: ["LANG": "C"]).out.contains("Zoë Müller"))
    }

    func testTotalsInSeveralCurrenciesAreNeverAddedTogether() throws {
        let a = try add("Euro Emma"), b = try add("Dollar Dan")
        _ = try tend.ok("deal", a, "--title", "Plan", "--value", "53300")
        _ = try tend.ok("deal", b, "--title", "Plan", "--value", "8400", "--currency", "USD")
        let report = try XCTUnwrap(try tend.json("report", "--json") as? [String: Any])
        let prospect = try XCTUnwrap(
            (report["pipeline"] as? [[String: Any]])?.first { $0["stage"] as? String == "prospect" })
        XCTAssertEqual(prospect["value"] as? [String: Int], ["EUR": 5_330_000, "USD": 840_000])
        let text = try tend.ok("report")
        XCTAssertTrue(text.contains("€53,300") && text.contains("+ $8,400"), text)
        XCTAssertFalse(text.contains("€61,700"), text)
    }
}
