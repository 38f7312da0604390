import Foundation
import XCTest

/// Moving in from real tools: files real programs exported (Fixtures/import/real, each cited in its
/// README), read unedited, with email, phone and company in their fields — and a second import of
/// the same file never makes a twin.
final class RealExportTests: CLITestCase {
    static let real = ImportExportTests.fixtures + "/real"
    static let made = ImportExportTests.fixtures + "/made"

    /// Every contact as `tend export --format json` gives it, by name.
    func contacts(_ t: TendRunner? = nil) throws -> [String: [String: Any]] {
        let r = try (t ?? tend).run(["export", "--format", "json", "--all"])
        XCTAssertEqual(r.code, 0, r.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let list = try XCTUnwrap(json["contacts"] as? [[String: Any]])
        return Dictionary(list.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func fresh(_ name: String) throws -> TendRunner {
        var t = tend
        t.dir = tend.dir + "/" + name
        try FileManager.default.createDirectory(atPath: t.dir, withIntermediateDirectories: true)
        return t
    }

    func testEveryRealExportImportsWholeAndASecondImportCreatesNobody() throws {
        let expected: [String: Int] = [
            "google-contacts-old-header-multivalue.csv": 1, "google-contacts-outlook-csv-export.csv": 1,
            "outlook-com-web-export.csv": 1, "outlook365-desktop-export.csv": 6,
            "windows-live-mail-de-semicolon.csv": 1,
            "thunderbird-export-de-utf8.csv": 1, "thunderbird-export-quoted-multiline.csv": 2,
            "thunderbird-export-full-row.csv": 1, "thunderbird-dos-crcrlf.vcf": 1,
            "thunderbird-legacy-export-2.1-lowercase.vcf": 2,
            "thunderbird-cardbook-v4.vcf": 2, "outlook-wab-v2_1-quoted-printable.vcf": 1,
            "android-2.1-email-only-cards-qp.vcf": 6,
            "iphone-ios5-3.0-photo-crcrlf.vcf": 1, "gmail-list-v3.vcf": 3, "gmail-single-v3-folded-note.vcf": 1,
            "gmail-single2-v3.vcf": 1, "macos-addressbook-3.0-company-photo-mixed-eol.vcf": 1,
            "macos-addressbook-2.1-export.vcf": 1, "evolution-3.0-couchdb.vcf": 1, "thebat-2.1-qp-latin2.vcf": 1,
        ]
        let files = try FileManager.default.contentsOfDirectory(atPath: RealExportTests.real).filter {
            $0 != "README.md"
        }
        XCTAssertEqual(Set(files), Set(expected.keys), "every real fixture has its expected count")
        for (file, count) in expected.sorted(by: { $0.key < $1.key }) {
            let t = try fresh(file)
            let first = try t.run(["import", RealExportTests.real + "/" + file])
            XCTAssertEqual(first.code, 0, "\(file): \(first.err)")
            XCTAssertTrue(first.out.hasPrefix("Imported \(file): \(count) created, 0 merged"), "\(file): \(first.out)")
            let again = try t.run(["import", RealExportTests.real + "/" + file])
            XCTAssertTrue(
                again.out.hasPrefix("Imported \(file): 0 created, 0 merged, \(count) skipped"),
                "\(file) again: \(again.out)")
        }
    }

    func testGoogleOutlookThunderbirdAndLinkedInColumnsLandInTheirFields() throws {
        let google = try fresh("google")
        let g = try google.ok("import", RealExportTests.real + "/google-contacts-old-header-multivalue.csv")
        XCTAssertTrue(g.contains("read as Google Contacts CSV (older headers)"), g)
        let max = try XCTUnwrap(try contacts(google)["Dr. Max Middle Name Mustermann jr."])
        let emails = try XCTUnwrap(max["emails"] as? [String])
        XCTAssertTrue(
            emails.contains("privat@folker-kinzel.de") && emails.contains("ohneLabel2@folker.de"), "\(emails)")
        XCTAssertEqual(max["company"] as? String, "Firma")
        XCTAssertTrue(try XCTUnwrap(max["phones"] as? [String]).contains("Tel geschäftlich"))

        let google21 = try fresh("google21")
        let dry = try google21.ok("import", RealExportTests.made + "/google-contacts-2021-header.csv", "--dry-run")
        XCTAssertTrue(
            dry.contains(
                "read as Google Contacts CSV; columns: First Name → first_name, Last Name → last_name, Organization Name → company"
            ), dry)
        try google21.ok("import", RealExportTests.made + "/google-contacts-2021-header.csv")
        let dana = try XCTUnwrap(try contacts(google21)["Dana Wu"])
        XCTAssertEqual(dana["emails"] as? [String], ["dana@acme.example", "dana.wu@mail.example"])
        XCTAssertEqual(dana["phones"] as? [String], ["+49 151 2345678", "+49 30 1234567"])
        XCTAssertEqual(dana["company"] as? String, "Acme GmbH")
        XCTAssertEqual(dana["tags"] as? [String], ["Customers"], "Google's own myContacts group is not a tag")

        let outlook = try fresh("outlook")
        XCTAssertTrue(
            try outlook.ok("import", RealExportTests.real + "/google-contacts-outlook-csv-export.csv").contains(
                "read as Outlook CSV"))
        let mo = try XCTUnwrap(try contacts(outlook)["Max Mustermann"])
        XCTAssertFalse((mo["emails"] as? [String] ?? []).isEmpty, "\(mo)")
        XCTAssertFalse((mo["phones"] as? [String] ?? []).isEmpty, "\(mo)")
        XCTAssertFalse((mo["company"] as? String ?? "").isEmpty, "\(mo)")

        let tb = try fresh("tb")
        XCTAssertTrue(
            try tb.ok("import", RealExportTests.real + "/thunderbird-export-de-utf8.csv").contains(
                "read as German address book CSV"))
        XCTAssertTrue(
            try XCTUnwrap(try contacts(tb)["Dr. Max Middle Name Mustermann jr."]?["emails"] as? [String]).contains(
                "privat@folker-kinzel.de"))

        let li = try fresh("li")
        let imported = try li.ok("import", RealExportTests.made + "/linkedin-connections.csv")
        XCTAssertTrue(
            imported.hasPrefix("Imported linkedin-connections.csv: 2 created"),
            "the Notes: preamble is not a person: \(imported)")
        XCTAssertTrue(imported.contains("read as LinkedIn connections CSV"), imported)
        let jonas = try XCTUnwrap(try contacts(li)["Jonas Berg"])
        XCTAssertEqual(jonas["emails"] as? [String], ["jonas.berg@nordwind.example"])
        XCTAssertEqual(jonas["company"] as? String, "Nordwind AB")
    }

    func testAReImportFindsTheCardByItsUIDEvenAfterARename() throws {
        try tend.ok("import", RealExportTests.real + "/thunderbird-cardbook-v4.vcf")
        let marina = try XCTUnwrap(try contacts()["Möhrke Marina"])
        XCTAssertEqual(marina["uid"] as? String, "9e49143d-201c-46cc-b1ca-b84cac8211e9", "the card's identity is kept")
        // The same card, renamed and with a new address on the phone: still one person.
        var text = try String(contentsOfFile: RealExportTests.real + "/thunderbird-cardbook-v4.vcf", encoding: .utf8)
        text = text.replacingOccurrences(of: "FN:Möhrke Marina", with: "FN:Marina Möhrke-Lang")
        for e in (marina["emails"] as? [String] ?? []) {
            text = text.replacingOccurrences(of: e, with: "marina.new@mail.example")
        }
        let phones = marina["phones"] as? [String] ?? []
        for p in phones { text = text.replacingOccurrences(of: p, with: "+49 170 0000000") }
        let renamed = tend.dir + "/renamed.vcf"
        try text.write(toFile: renamed, atomically: true, encoding: .utf8)
        let dry = try tend.ok("import", renamed, "--dry-run")
        XCTAssertTrue(dry.contains("merged   line 1  Marina Möhrke-Lang → Möhrke Marina ("), dry)
        XCTAssertTrue(dry.contains(") on vCard UID: email"), dry)
        XCTAssertTrue(dry.hasPrefix("Would import renamed.vcf: 0 created, "), dry)
    }

    func testShortNumbersAreNoKeyAndNameWithCompanyIsTheLastResort() throws {
        let out = try tend.ok("import", RealExportTests.made + "/cells.csv")
        XCTAssertTrue(
            out.hasPrefix("Imported cells.csv: 4 created, 0 merged"),
            "two people sharing extension 555 stay two: \(out)")
        XCTAssertEqual(
            try contacts()["Ada Lovelace"]?["emails"] as? [String], ["ada@engines.example", "ada.l@mail.example"])
        let more = tend.dir + "/more.csv"
        try "Name,Company,Email\nno key,same gmbh,nokey@same.example\nNo Key,Other GmbH,\n".write(
            toFile: more, atomically: true, encoding: .utf8)
        let dry = try tend.ok("import", more, "--dry-run")
        XCTAssertTrue(
            dry.contains("merged   line 2  no key → No Key (") && dry.contains(") on name and company: email"), dry)
        XCTAssertTrue(dry.contains("created  line 3  No Key"), "another company is another person: \(dry)")
    }

    func testPhoneCardsAreReadWhole() throws {
        let android = try tend.ok("import", RealExportTests.real + "/android-2.1-email-only-cards-qp.vcf")
        XCTAssertTrue(
            android.contains("created  line 1  john.doe@comapny.com (the card has no name: named from its EMAIL)"),
            android)
        XCTAssertTrue(
            android.contains("created  line 6  jane.doe@company.com (the card has no name: named from its EMAIL)"),
            android)

        let phone = try fresh("iphone")
        try phone.ok("import", RealExportTests.real + "/iphone-ios5-3.0-photo-crcrlf.vcf")
        let john = try XCTUnwrap(
            try contacts(phone)["Mr. John Richter James Doe Sr."], "CR CR LF line ends and a folded PHOTO")
        XCTAssertEqual(john["company"] as? String, "IBM (Accounting)", "the department is kept")
        XCTAssertEqual((john["emails"] as? [String])?.first, "john.doe@ibm.com")
        XCTAssertEqual((john["phones"] as? [String])?.count, 7, "item2.TEL included")

        let v4 = try fresh("v4")
        try v4.ok("import", RealExportTests.made + "/vcard4-several-fn.vcf")
        let taro = try XCTUnwrap(try contacts(v4)["Taro Yamada"], "the preferred of two FN")
        XCTAssertEqual(taro["company"] as? String, "Yamada Trading (Export, Asia)")
        XCTAssertEqual(taro["uid"] as? String, "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    }
}
