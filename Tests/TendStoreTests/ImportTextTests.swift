import Foundation
import XCTest

@testable import TendStore

/// What encoding an import is read in: never guessed silently into mojibake.
final class ImportTextTests: XCTestCase {
    func decode(_ bytes: [UInt8], _ forced: ImportText.Encoding? = nil) throws -> (String, ImportText.Encoding) {
        let r = try ImportText.decode(bytes, forced: forced)
        return (r.text, r.encoding)
    }

    func testUTF8WithAndWithoutBOMAndUTF16WithBOM() throws {
        let name = "José Álvarez · Müller · 李雷"
        XCTAssertEqual(try decode(Array(name.utf8)).0, name)
        XCTAssertEqual(try decode([0xEF, 0xBB, 0xBF] + Array(name.utf8)).0, name)
        let le: [UInt8] = [0xFF, 0xFE] + name.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + name.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertEqual(try decode(le).1, .utf16)
        XCTAssertEqual(try decode(le).0, name)
        XCTAssertEqual(try decode(be).0, name)
    }

    func testMostlyUTF8WithOneStrayByteIsRefusedAtThatByte() {
        // "Name\nJosé Alvarez\nMüller\xE9\n": valid UTF-8 around one Latin-1 byte on line 3.
        let bytes = Array("Name\nJosé Alvarez\nMüller".utf8) + [0xE9] + Array("\n".utf8)
        XCTAssertThrowsError(try decode(bytes)) { e in
            let f = e as! ImportText.Failure
            XCTAssertEqual(f.line, 3)
            XCTAssertEqual(f.offset, 26)
            XCTAssertTrue(
                f.message.hasPrefix("not valid UTF-8 at byte 26 (0xE9); the rest of the file is UTF-8"), f.message)
        }
        XCTAssertEqual(try decode(bytes, .windows1252).0, "Name\nJosÃ© Alvarez\nMÃ¼lleré\n", "forced, as asked")
    }

    func testWindows1252OnlyWhenThereIsNoUTF8AtAll() throws {
        let bytes: [UInt8] = Array("Name\nJos".utf8) + [0xE9] + Array(" Alvarez, ".utf8) + [0x80] + Array("5\n".utf8)
        let (text, enc) = try decode(bytes)
        XCTAssertEqual(enc, .windows1252)
        XCTAssertEqual(text, "Name\nJosé Alvarez, €5\n")
        XCTAssertThrowsError(try decode(bytes, .utf8)) { e in
            XCTAssertEqual((e as! ImportText.Failure).line, 2)
        }
    }

    func testBinaryAndUndefinedBytesAreRefusedWithTheirPlace() {
        XCTAssertThrowsError(try decode(Array("PK".utf8) + [0x03, 0x04, 0x14])) { e in
            let f = e as! ImportText.Failure
            XCTAssertEqual(f.line, 1)
            XCTAssertTrue(f.message.hasPrefix("not text: byte 2 is 0x03"), f.message)
        }
        XCTAssertThrowsError(try decode(Array("a\nb".utf8) + [0x81])) { e in
            XCTAssertEqual(
                (e as! ImportText.Failure).message, "not Windows-1252 text at byte 3 (0x81 means nothing in it)")
        }
        XCTAssertThrowsError(try decode([0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00])) { e in
            XCTAssertTrue((e as! ImportText.Failure).message.hasPrefix("not valid UTF-16 at byte 4"), "\(e)")
        }
        XCTAssertThrowsError(try decode(Array("plain".utf8), .utf16))
    }
}
