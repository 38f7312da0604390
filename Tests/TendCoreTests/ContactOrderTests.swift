import XCTest

@testable import TendCore

/// Contacts by name: sorted by moving them, the same order as sorting copies.
final class ContactOrderTests: XCTestCase {
    func testPermutingBySwapsPutsEachElementWhereTheOrderSays() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 2, 3, 10, 257] {
            for _ in 0..<20 {
                let original = (0..<n).map { "e\($0)" }
                let order = Array(0..<n).shuffled(using: &rng)
                var moved = original
                moved.permute(to: order)
                XCTAssertEqual(moved, order.map { original[$0] }, "\(order)")
            }
        }
    }

    func testContactsByNameCaseAsideThenIdAndByOwner() {
        var book = Book()
        for (id, name, owner) in [
            ("c5", "bea", "ann"), ("c1", "Bea", "bob"), ("c3", "Ádám", "ann"), ("c2", "zoë", "ann"),
            ("c4", "Bea", "ann"),
        ] {
            book.contact(id, name, owner: owner)
        }
        let all = book.state.contactsByName.map(\.id)
        let expected = book.state.contacts.values.sorted {
            ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id)
        }
        XCTAssertEqual(all, expected.map(\.id))
        XCTAssertEqual(all, ["c1", "c4", "c5", "c2", "c3"], "bea/Bea by id; Ádám after z, as Swift orders it")
        XCTAssertEqual(book.state.contactsByName(owner: "ann").map(\.id), ["c4", "c5", "c2", "c3"])
    }
}
