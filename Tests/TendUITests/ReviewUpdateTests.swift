import TendCore
import XCTest

@testable import TendUI

/// The weekly review, key by key, on the demo team.
final class ReviewUpdateTests: XCTestCase {
    func appended(_ effects: [Effect]) -> [Change]? {
        guard case .append(let changes, _)? = effects.last else { return nil }
        return changes.map(\.change)
    }

    /// Applies what the shell would write, as events, and reloads the model.
    func commit(_ m: inout Model, _ changes: [Change]) {
        var state = m.state
        for (i, c) in changes.enumerated() {
            state.apply(
                Event(
                    id: "t\(m.undo.count)-\(i)", at: Timestamp(ms: m.clock.now.ms + Int64(m.undo.count * 10 + i)),
                    rep: m.rep, type: c.type, fields: c.fields))
        }
        _ = Update.update(&m, .appended(ids: ["t\(m.undo.count)"], purpose: .user(label: "ok"), state: state))
    }

    func testXKeepsAPromiseAndTheCursorMovesOn() throws {
        var m = Demo.model()
        m.press(action: .review)
        XCTAssertEqual(m.screen, .review)
        let first = m.review.items[m.sel.review]
        XCTAssertEqual(first.section, .promises)
        let changes = try XCTUnwrap(appended(m.press(action: .done)))
        XCTAssertEqual(
            changes, [.promiseDone(id: first.promise!), .reviewed(week: "2026-W48", item: first.key, action: "done")])
        commit(&m, changes)
        XCTAssertEqual(m.review.handledCount, 1)
        XCTAssertEqual(m.sel.review, 1, "on to the next item")
        XCTAssertTrue(m.render(80, 24).lines[2].contains("1 of 11"), m.render(80, 24).lines[2])
    }

    func testEscalateNeedsTheRiskInWords() throws {
        var m = Demo.model()
        m.press(action: .review)
        m.sel.review = try XCTUnwrap(m.review.items.firstIndex { $0.section == .silentQuotes })
        m.press(action: .escalate)
        XCTAssertNil(appended(m.press(.enter)), "an escalation without the risk is refused")
        guard case .prompt(let p) = m.mode else { return XCTFail() }
        XCTAssertTrue(p.error?.contains("states the risk") == true)
        m.type("they lose the Q1 delivery slot")
        let changes = try XCTUnwrap(appended(m.press(.enter)))
        guard case .note(_, let text) = changes[0], case .setNextStep(_, let step) = changes[1] else {
            return XCTFail("\(changes)")
        }
        XCTAssertEqual(text, "Risk if they do not act: they lose the Q1 delivery slot")
        XCTAssertEqual(step.reason, .escalate)
        XCTAssertEqual(step.what, "call the decision maker")
        guard case .reviewed(_, let key, "escalate") = changes[2] else { return XCTFail("\(changes)") }
        XCTAssertTrue(key.hasPrefix("quote:"))
    }

    func testNoFollowUpNeedsAReasonAndNurtureMovesTheStage() throws {
        var m = Demo.model()
        m.press(action: .review)
        let i = try XCTUnwrap(m.review.items.firstIndex { $0.section == .noNextStep })
        m.sel.review = i
        m.press(action: .rest)
        XCTAssertNil(appended(m.press(.enter)))
        m.type("moved to a competitor for good")
        guard case .rest(_, let reason)? = appended(m.press(.enter))?.first else { return XCTFail() }
        XCTAssertEqual(reason, "moved to a competitor for good")
        m.mode = .normal
        m.saving = false
        m.sel.review = i + 1
        guard
            case .setStage(let s)? = appended(m.press(action: .nurture))?.first(where: {
                if case .setStage = $0 { return true }; return false
            })
        else { return XCTFail() }
        XCTAssertEqual(s.stage, .nurture)
    }

    func testEveryOtherReviewKeyWritesItsChangeAndTheMark() throws {
        var m = Demo.model()
        m.press(action: .review)
        func at(_ section: Review.Section) throws -> Review.Item {
            m.mode = .normal
            m.saving = false
            m.sel.review = try XCTUnwrap(m.review.items.firstIndex { $0.section == section })
            return m.review.items[m.sel.review]
        }
        func last(_ changes: [Change]?) -> String? {
            guard case .reviewed(_, _, let action)? = changes?.last else { return nil }
            return action.rawValue
        }
        var item = try at(.promises)
        m.press(action: .setNext)
        m.type("fri")
        var changes = appended(m.press(.enter))
        XCTAssertEqual(changes?.first, .promiseMoved(id: item.promise!, due: Day.parseISO("2026-11-27")!))
        XCTAssertEqual(last(changes), "setNext")

        item = try at(.promises)
        m.press(action: .drop)
        m.type("they bought elsewhere")
        changes = appended(m.press(.enter))
        XCTAssertEqual(changes?.first, .promiseDropped(id: item.promise!, reason: "they bought elsewhere"))
        XCTAssertEqual(last(changes), "drop")

        item = try at(.silentQuotes)
        m.press(action: .followUp)
        m.type("wed call")
        changes = appended(m.press(.enter))
        guard case .setNextStep(let c, let step)? = changes?.first else {
            return XCTFail("\(String(describing: changes))")
        }
        XCTAssertEqual(c, item.contact)
        XCTAssertEqual(step.due, Day.parseISO("2026-11-25"))
        XCTAssertEqual(last(changes), "followUp")

        _ = try at(.silentQuotes)
        changes = appended(m.press(action: .won))
        XCTAssertTrue(
            changes?.contains {
                if case .setStage(let s) = $0 { return s.stage == .won }; return false
            } == true)
        XCTAssertEqual(last(changes), "won")

        _ = try at(.silentQuotes)
        m.press(action: .lost)
        m.type("price")
        changes = appended(m.press(.enter))
        XCTAssertTrue(
            changes?.contains {
                if case .setStage(let s) = $0 { return s.stage == .lost && s.reason == "price" }; return false
            } == true)
        XCTAssertEqual(last(changes), "lost")
    }

    func testAReviewResumesWhereItWasLeft() {
        var m = Demo.model()
        m.press(action: .review)
        // Overdue items need an action (a glance is refused); the others may be just seen.
        for _ in 0..<3 {
            let item = m.review.items[m.sel.review]
            if item.overdue {
                XCTAssertNil(appended(m.press(action: .seen)), "seen is refused on an overdue item")
                commit(&m, appended(m.press(action: .done)) ?? [])
            } else {
                commit(&m, appended(m.press(action: .seen)) ?? [])
            }
        }
        XCTAssertEqual(m.review.handledCount, 3)
        XCTAssertTrue(m.review.sessionLines[0].hasPrefix("this session: "), m.review.sessionLines[0])
        // Quit and come back: a new model on the same state opens on the fourth item.
        var again = Demo.model()
        again.state = m.state
        again.press(.char("3"))
        XCTAssertEqual(again.sel.review, 3)
    }

    func testKeysThatDoNotFitTheItemSaySo() {
        var m = Demo.model()
        m.press(action: .review)
        XCTAssertEqual(m.press(action: .escalate), [])
        XCTAssertTrue(
            m.message?.text.contains("does not apply to promises") == true, "\(String(describing: m.message))")
    }

    func testTheDemoTeamsHistoryGivesEveryFollowUpFigure() {
        let st = Stats.build(
            Demo.state, rep: nil, since: Demo.clock.today.adding(days: -(Stats.windowDays - 1)), settings: Settings(),
            clock: Demo.clock)
        XCTAssertEqual(st.quotesWon, 5, "won quotes in the last 30 days")
        XCTAssertEqual(st.quotesLost, 3)
        XCTAssertEqual(st.medianDaysToAnswer, 8, "quotes answered in 7 or 8 days")
        let lead = try? XCTUnwrap(st.medianHoursToFirstTouch)
        XCTAssertLessThan(lead ?? 99, 8, "leads of last week were touched the same day")
        XCTAssertGreaterThan(st.promisesDue, 0)
    }

    func testANarrowStatsScreenSaysWhichDaysItShowsAndCountsThem() {
        let st = Stats.build(
            Demo.state, rep: nil, since: Demo.clock.today.adding(days: -(Stats.windowDays - 1)), settings: Settings(),
            clock: Demo.clock)
        let lines = StatsText.lines(st, width: 40, ascii: false).map(\.0)
        let title = lines.first { $0.hasPrefix("Touches per day") } ?? ""
        XCTAssertTrue(title.hasPrefix("Touches per day, 11-04 to 11-23"), "20 days shown, 20 days named: \(title)")
        let ann = lines.first { $0.hasPrefix("  ann") } ?? ""
        let counts = st.touchesPerDay.first { $0.rep == "ann" }!.counts.suffix(20)
        XCTAssertTrue(ann.hasSuffix("  \(counts.reduce(0, +))"), "the total is of the days shown: \(ann)")
    }

    func testReviewAndStatsScreens() {
        var m = Demo.model()
        m.press(action: .review)
        assertGolden(m.render(80, 24), "review-80x24")
        m.press(action: .stats)
        assertGolden(m.render(80, 24), "stats-80x24")
        m.ascii = true
        let ascii = m.render(80, 24).text
        XCTAssertFalse(ascii.contains("█") || ascii.contains("▁"), "LANG=C charts are ASCII")
        XCTAssertTrue(ascii.contains("####"))
    }
}
