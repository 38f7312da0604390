import Foundation
import XCTest
import TendCore
@testable import TendUI

final class SmokeTests: XCTestCase {
    func testModelInit() {
        let clock = Clock(now: Timestamp(ms: 0), timeZone: TimeZone(identifier: "UTC")!)
        let m = Model(state: State(), settings: Settings(), rep: "ann", clock: clock, idSeed: 1)
        XCTAssertEqual(m.rep, "ann")
    }
}
