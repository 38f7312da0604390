import Foundation
import XCTest

/// A fresh folder per test, removed afterwards.
class TempDirTestCase: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.path + "/tend-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func read(_ path: String) -> String {
        (try? String(contentsOfFile: dir + "/" + path, encoding: .utf8)) ?? ""
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(
            atPath: (dir + "/" + path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try text.write(toFile: dir + "/" + path, atomically: false, encoding: .utf8)
    }

    func append(_ path: String, _ text: String) throws {
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: dir + "/" + path))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data(text.utf8))
        try fh.close()
    }

    func mode(_ path: String) throws -> Int {
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/" + path)
        return (attrs[.posixPermissions] as! NSNumber).intValue
    }
}
