import XCTest

@testable import TendCore

/// `CaseHashable` compares and hashes a case by its one-byte discriminator: for every enum that
/// uses it, that must mean exactly what comparing names meant.
final class CaseHashableTests: XCTestCase {
    func check<E: CaseHashable & CaseIterable>(_: E.Type, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(MemoryLayout<E>.size, 1, "\(E.self) is one byte", file: file, line: line)
        let all = Array(E.allCases)
        XCTAssertEqual(
            all.map(\.ordinal), (0..<all.count).map(UInt8.init), "\(E.self) in order", file: file, line: line)
        var seen: [E: String] = [:]
        for a in all {
            seen[a] = a.rawValue
            for b in all {
                XCTAssertEqual(a == b, a.rawValue == b.rawValue, "\(a) == \(b)", file: file, line: line)
                if a == b { XCTAssertEqual(a.hashValue, b.hashValue, file: file, line: line) }
            }
        }
        XCTAssertEqual(seen.count, all.count, file: file, line: line)
        for a in all { XCTAssertEqual(seen[a], a.rawValue, file: file, line: line) }
        XCTAssertEqual(Set(all).count, all.count, file: file, line: line)
    }

    func testEveryCaseHashableEnumComparesAndHashesAsItsName() {
        check(Channel.self)
        check(Outcome.self)
        check(Stage.self)
        check(CommitmentKind.self)
        check(CommitmentStatus.self)
        check(EventType.self)
        check(ContactField.self)
        check(AgendaItem.Section.self)
        check(Board.Kind.self)
        check(Review.Section.self)
        check(GuardHit.Kind.self)
    }

    func testStagesAreOrderedAsDeclared() {
        let all = Stage.allCases
        for (i, a) in all.enumerated() {
            for (j, b) in all.enumerated() { XCTAssertEqual(a < b, i < j, "\(a) < \(b)") }
        }
    }
}
