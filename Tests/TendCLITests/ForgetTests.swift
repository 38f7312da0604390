import Foundation
import XCTest

/// Right to erasure: after `tend forget`, the person's data is gone from every log each rep's Tend
/// has run on, and they appear nowhere.
final class ForgetTests: CLITestCase {
    func testForgetStripsEveryRepsOwnLogAndTheFoldForgetsThem() throws {
        let id = try add("Dana Wu", "--company", "Acme GmbH", "--phone", "+49 30 1234", "--email", "dana@acme.example")
        try tend.ok("deal", id, "--title", "Dana's fleet", "--value", "900")
        try tend.ok("note", id, "lives at Gartenstraße 5 * send brochure @fri")
        var bob = tend
        bob.rep = "bob"
        try bob.ok("log", id, "--via", "call", "--outcome", "connected", "--note", "Dana's husband answered")
        let keep = try add("Zoë Müller")

        try tend.fails(["forget", id], "run again with --yes")
        XCTAssertTrue(tend.logLines("ann").joined().contains("Gartenstraße"), "nothing erased without --yes")
        let out = try tend.ok("forget", id, "--yes")
        XCTAssertTrue(out.hasPrefix("forgot \(id): 4 lines stripped from log/ann.jsonl"), out)

        let annLog = tend.logLines("ann").joined(separator: "\n")
        for secret in ["Dana", "Acme", "+49 30 1234", "dana@acme.example", "Gartenstraße", "brochure", "fleet"] {
            XCTAssertFalse(annLog.contains(secret), "ann's log still holds \(secret)")
        }
        XCTAssertTrue(tend.logLines("bob").joined().contains("husband"), "bob's log is bob's Tend's to rewrite")
        try bob.ok("today")
        XCTAssertFalse(tend.logLines("bob").joined().contains("husband"), "bob's Tend stripped it on its next run")

        try tend.fails(["show", id], "unknown contact")
        let list = try XCTUnwrap(try tend.json("list", "--json") as? [[String: Any]])
        XCTAssertEqual(list.compactMap { $0["id"] as? String }, [keep])
        XCTAssertEqual(
            try tend.ok("check"),
            "ok: 2 logs, \(tend.logLines("ann").count + tend.logLines("bob").count) events, no problems\n")
        let modes = try FileManager.default.attributesOfItem(atPath: tend.dir + "/data/log/ann.jsonl")
        XCTAssertEqual(
            (modes[.posixPermissions] as! NSNumber).intValue & 0o777, 0o600, "the rewritten log is still private")
    }
}
