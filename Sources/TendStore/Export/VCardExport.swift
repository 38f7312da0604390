import Foundation
import TendCore

/// `tend export --format vcf` (one file of cards) and `--format vdir --out DIR` (one `.vcf` per
/// contact, the folder layout vdirsyncer syncs to any CardDAV server, and so to phones).
///
/// vCard 3.0 by default (RFC 2426: what phones and most CardDAV servers take), 4.0 on request
/// (RFC 6350). What vCard has no property for (owner, preferred channel, best time, needs, Tend's
/// id) rides in `X-TEND-…` properties, which `tend import` reads: a round trip loses nothing.
public enum VCardExport {
    public enum Version: String, Sendable { case v3 = "3.0", v4 = "4.0" }

    public static func text(_ s: State, include: (Contact) -> Bool, version: Version) -> String {
        s.contactsByName.filter(include).map { card($0, version: version) }.joined()
    }

    /// The file name a contact gets in a vdir: its UID (the one kept from the phone's card when it
    /// came from one, else Tend's id), made safe for a file name.
    public static func fileName(_ c: Contact) -> String {
        let uid = c.uid.isEmpty ? c.id : c.uid
        let safe = uid.unicodeScalars.map { u -> String in
            u.isASCII && (CharacterSet.alphanumerics.contains(u) || "-_.@".unicodeScalars.contains(u))
                ? String(u) : "_"
        }.joined()
        return (safe.isEmpty ? c.id : safe) + ".vcf"
    }

    public static func card(_ c: Contact, version: Version) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:\(version.rawValue)"]
        lines.append("UID:" + escape(c.uid.isEmpty ? c.id : c.uid))
        lines.append("FN:" + escape(c.name))
        // N is required in 3.0: the last word as the family name, the rest given (a guess a phone
        // shows the same way; FN stays the name as typed).
        let words = c.name.split(separator: " ").map(String.init)
        let family = words.count > 1 ? words.last! : c.name
        let given = words.count > 1 ? words.dropLast().joined(separator: " ") : ""
        lines.append("N:\(escape(family));\(escape(given));;;")
        if !c.company.isEmpty { lines.append("ORG:" + escape(c.company)) }
        for (i, phone) in c.phones.enumerated() {
            let pref = i == 0 ? (version == .v3 ? ",PREF" : ";PREF=1") : ""
            lines.append(
                version == .v3
                    ? "TEL;TYPE=VOICE\(pref):\(escape(phone))"
                    : "TEL;VALUE=uri;TYPE=voice\(pref):tel:\(phone.filter { !$0.isWhitespace })")
        }
        for (i, email) in c.emails.enumerated() {
            let pref = i == 0 ? (version == .v3 ? ",PREF" : ";PREF=1") : ""
            lines.append(
                version == .v3 ? "EMAIL;TYPE=INTERNET\(pref):\(escape(email))" : "EMAIL\(pref):\(escape(email))")
        }
        if !c.tags.isEmpty { lines.append("CATEGORIES:" + c.tags.map(escape).joined(separator: ",")) }
        if !c.timeZone.isEmpty {
            lines.append(version == .v3 ? "TZ;VALUE=text:\(escape(c.timeZone))" : "TZ:\(escape(c.timeZone))")
        }
        lines.append("X-TEND-ID:" + escape(c.id))
        lines.append("X-TEND-OWNER:" + escape(c.owner))
        if let p = c.prefers { lines.append("X-TEND-PREFERS:" + p.rawValue) }
        if !c.bestTime.isEmpty { lines.append("X-TEND-BEST-TIME:" + escape(c.bestTime)) }
        if !c.needs.isEmpty { lines.append("X-TEND-NEEDS:" + escape(c.needs)) }
        lines.append("END:VCARD")
        return lines.map(ICalendar.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// TEXT escaping: backslash, `,`, `;`, newline (RFC 6350 3.4, 2426 the same): iCalendar's rule.
    static func escape(_ s: String) -> String { ICalendar.escape(s) }

    /// What a vdir export did.
    public struct VdirResult: Equatable, Sendable {
        public var written = 0, unchanged = 0, removed = 0
    }

    /// Writes one card per contact into `dir`: each file atomically and only when its bytes
    /// changed (so a sync sends only what changed), and removes the cards Tend wrote for people no
    /// longer in the book (forgotten, merged). Files Tend did not write are left alone.
    public static func writeVdir(
        _ s: State, include: (Contact) -> Bool, version: Version, dir: String
    ) throws -> VdirResult {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw StoreError("cannot make \(dir): \(error.localizedDescription)")
        }
        var result = VdirResult()
        var keep = Set<String>()
        for c in s.contactsByName where include(c) {
            let name = fileName(c)
            keep.insert(name)
            let bytes = Array(card(c, version: version).utf8)
            let path = dir + "/" + name
            if let old = fm.contents(atPath: path), Array(old) == bytes {
                result.unchanged += 1
                continue
            }
            try AtomicFile.write(bytes, to: path, mode: 0o600)
            result.written += 1
        }
        for file in (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        where file.hasSuffix(".vcf") && !keep.contains(file) {
            let path = dir + "/" + file
            // Only a card Tend wrote: it names itself with X-TEND-ID.
            guard let data = fm.contents(atPath: path), String(decoding: data, as: UTF8.self).contains("\r\nX-TEND-ID:")
            else { continue }
            do { try fm.removeItem(atPath: path) } catch {
                throw StoreError("cannot remove \(path): \(error.localizedDescription)")
            }
            result.removed += 1
        }
        return result
    }
}
