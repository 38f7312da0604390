import Foundation
import XCTest

@testable import TendStore

/// CSV injection: what a spreadsheet would run as a formula goes out as text, and comes back exact.
final class CSVExportTests: XCTestCase {
    func testEveryFormulaStartIsDefusedButAPhoneNumberIsNot() {
        for cell in ["=1+1", "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\tx", "\r=1", "'quoted", "''twice"] {
            XCTAssertEqual(CSVExport.defuse(cell), "'" + cell, cell.debugDescription)
        }
        for cell in ["+49 30 1234", "+1 (555) 010-0199", "-", "030/1234.56", "Dana Wu", "", "5 + 3", "a=b"] {
            let expected = cell == "-" ? "'-" : cell  // a lone dash is no phone number
            XCTAssertEqual(CSVExport.defuse(cell), expected, cell.debugDescription)
        }
    }

    func testRestoreTakesOffExactlyWhatDefuseAdded() {
        for cell in [
            "=1+1", "'=1+1", "''", "'", "'quoted", "+49 30 1234", "'+49 30 1234", "-2+3+cmd|' /C calc'!A0",
            "@x", "plain", "", "\tx", "'\t",
        ] {
            XCTAssertEqual(CSVExport.restore(CSVExport.defuse(cell)), cell, cell.debugDescription)
        }
        // A cell another program wrote with an apostrophe of its own keeps it unless it is one of ours.
        XCTAssertEqual(CSVExport.restore("'Dana"), "'Dana")
    }
}
