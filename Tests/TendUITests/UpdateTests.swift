import TendCore
import XCTest

@testable import TendUI

/// Key sequences in, model and effects out: the flows a rep runs every day.
final class UpdateTests: XCTestCase {
    func appended(_ effects: [Effect]) -> [Change]? {
        guard case .append(let changes, _)? = effects.last else { return nil }
        return changes.map(\.change)
    }

    func testANoAnswerCallIsThreeKeys() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        let contact = try XCTUnwrap(Update.selectedContact(m))
        XCTAssertEqual(
            m.press(action: .call), [.claim(contact: contact, minutes: 15, anyway: false)],
            "the call screen claims the contact for the team")
        XCTAssertEqual(m.press(.char("2")), [])
        let changes = try XCTUnwrap(appended(m.press(.enter)))
        XCTAssertEqual(changes.first, .touch(contact: contact, channel: .call, outcome: .noAnswer, note: ""))
        XCTAssertTrue(m.saving)
        _ = Update.update(&m, .appended(ids: ["e1", "e2"], purpose: .user(label: "logged"), state: m.state))
        XCTAssertEqual(m.mode, .normal)
        XCTAssertEqual(m.undo, [["e1", "e2"]])
    }

    func testYCopiesTheAddressTheChannelAdviceNames() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        let tom = try XCTUnwrap(m.state.contacts[Update.selectedContact(m)!])
        XCTAssertEqual(m.press(action: .copy), [.copy(tom.phones[0])])
        XCTAssertEqual(m.message?.text, "copied Tom Becker's phone: \(tom.phones[0])")
        var byEmail = Demo.model(rep: "carol")
        let i = try XCTUnwrap(
            byEmail.agenda.items.firstIndex {
                byEmail.state.channelStats($0.contact).channel(for: byEmail.state.contacts[$0.contact]!) == .email
            })
        byEmail.sel.today = i
        let writer = try XCTUnwrap(byEmail.state.contacts[byEmail.agenda.items[i].contact])
        XCTAssertEqual(byEmail.press(action: .copy), [.copy(writer.emails[0])], "they answer email: the address")
        var none = Demo.model()
        none.press(action: .stats)
        XCTAssertEqual(none.press(action: .copy), [])
        XCTAssertEqual(none.message?.text, "select a contact first")
    }

    func testALookerWhoAnswersIsAskedOnceAboutTheMoveBackToProspect() throws {
        var m = Demo.model()
        m.select("Mia Schulz")
        let contact = try XCTUnwrap(Update.selectedContact(m))
        let deal = try XCTUnwrap(m.state.mainDeal(of: contact))
        XCTAssertEqual(deal.stage, .nurture)
        m.press(.char("c"), .char("1"))
        m.type("budget is back")
        m.press(.ctrl("d"))
        let effects = m.press(.enter)
        guard case .append(let changes, .user(_, let then))? = effects.last else { return XCTFail("\(effects)") }
        XCTAssertEqual(then, .reopen(contact: contact, deal: deal.id))
        let state = m.state.applying(changes.map(\.change), rep: m.rep, at: m.clock.now)
        _ = Update.update(&m, .appended(ids: ["t1"], purpose: .user(label: "logged", then: then), state: state))
        guard case .prompt(let p) = m.mode else { return XCTFail("no question: \(m.mode)") }
        let asked = m.render().text
        XCTAssertTrue(asked.contains("They answered. Back to prospect? y yes · n keep nurturing"))
        XCTAssertTrue(asked.contains("y prospect") && !asked.contains("Esc cancel"), "the footer names what Esc does")
        XCTAssertTrue(
            HelpView.lines().contains { $0.1 == "a looker answered: move them back to prospect" }, "? lists it")
        XCTAssertNil(appended(m.press(.char("x"))), "another key only says which keys answer")
        guard case .prompt(let still) = m.mode else { return XCTFail("the question went away") }
        XCTAssertEqual(still.kind, p.kind)
        XCTAssertEqual(still.error, "y prospect · n keep nurturing")
        let moved = try XCTUnwrap(appended(m.press(.char("y"))))
        XCTAssertEqual(moved.first, .setStage(StageChange(deal: deal.id, stage: .prospect)))

        var declined = Demo.model()
        declined.mode = .prompt(Prompt(.reopen(contact: contact, deal: deal.id)))
        XCTAssertEqual(declined.press(.char("n")), [])
        XCTAssertEqual(declined.mode, .normal, "n keeps them in nurture and changes nothing")

        var notALooker = Demo.model()
        notALooker.select("Tom Becker")
        notALooker.press(.char("c"), .char("1"), .ctrl("d"))
        guard case .append(_, .user(_, let none))? = notALooker.press(.enter).last else { return XCTFail() }
        XCTAssertNil(none, "only a looker is asked")
    }

    func testAConnectedCallCapturesANoteWithTwoPromisesAndANextStep() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        let contact = try XCTUnwrap(Update.selectedContact(m))
        m.press(.char("c"), .char("1"))
        guard case .call(let flow) = m.mode else { return XCTFail("not on the call screen") }
        XCTAssertEqual(flow.stage, .note, "a conversation asks for the note")
        m.type("wants 12 seats")
        m.press(.enter)
        m.type("* send price list @fri")
        m.press(.enter)
        m.type("* intro to CFO")
        m.press(.enter, .enter)
        m.type("tue 14:30 walk through the offer")
        let effects = m.press(.enter)
        let changes = try XCTUnwrap(appended(effects))
        XCTAssertEqual(changes.count, 4)
        XCTAssertEqual(
            changes[0],
            .touch(
                contact: contact, channel: .call, outcome: .connected,
                note: "wants 12 seats\n* send price list @fri\n* intro to CFO"))
        guard case .promise(let p1) = changes[1], case .promise(let p2) = changes[2] else {
            return XCTFail("\(changes)")
        }
        XCTAssertEqual([p1.text, p2.text], ["send price list", "intro to CFO"])
        XCTAssertEqual([p1.due, p2.due], [Day.parseISO("2026-11-27")!, Day.parseISO("2026-11-24")!])
        XCTAssertNil(p1.source, "the source is the batch's first change, filled in by the store")
        guard case .append(let planned, _)? = effects.last else { return XCTFail("no append") }
        XCTAssertEqual(planned.map(\.sourceInBatch), [nil, 0, 0, nil], "both promises point at the touch")
        guard case .setNextStep(_, let step) = changes[3] else { return XCTFail("\(changes[3])") }
        XCTAssertEqual(step.due, Day.parseISO("2026-11-24"))
        XCTAssertEqual(step.time, LocalTime(hour: 14, minute: 30))
        XCTAssertEqual(step.what, "walk through the offer")
    }

    func testSomeoneElsesCallShowsAndAsksBeforeCalling() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        let contact = try XCTUnwrap(Update.selectedContact(m))
        var state = m.state
        state.apply(
            Event(
                id: "claim1", at: Timestamp(ms: m.clock.now.ms - 120_000), rep: "bob", type: "claim",
                fields: ["contact": .string(contact), "minutes": 15]))
        _ = Update.update(&m, .reloaded(state))
        XCTAssertTrue(m.render(120, 40).text.contains("bob · calling now"))
        m.press(action: .call)
        guard case .confirmCall(_, .claimed(let claim)) = m.mode else { return XCTFail("\(m.mode)") }
        XCTAssertEqual(claim.rep, "bob")
        XCTAssertTrue(m.render(80, 24).text.contains("bob is calling Tom Becker now (started 2 min ago)"))
        m.press(.escape)
        XCTAssertEqual(m.mode, .normal)
    }

    func testCancellingACallReleasesTheClaim() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        let contact = try XCTUnwrap(Update.selectedContact(m))
        m.press(action: .call)
        var state = m.state  // the shell wrote the claim
        state.apply(
            Event(
                id: "c1", at: m.clock.now, rep: "ann", type: "claim",
                fields: ["contact": .string(contact), "minutes": 15]))
        _ = Update.update(&m, .reloaded(state))
        XCTAssertEqual(m.press(.escape), [.append([PlannedChange(.release(contact: contact))], purpose: .bookkeeping)])
    }

    func testTheGuardAsksBeforeASecondCall() {
        var m = Demo.model()
        m.select("Dana Wu")
        m.press(action: .call)
        guard case .confirmCall(_, .guarded(let hit)) = m.mode else { return XCTFail("\(m.mode)") }
        XCTAssertEqual(hit.last.rep, "bob")
        XCTAssertTrue(m.render(80, 24).text.contains("bob called Dana Wu 30 min ago (no-answer)"))
        m.press(.char("n"))
        XCTAssertEqual(m.mode, .normal)
        m.press(.char("c"), .char("y"))
        guard case .call = m.mode else { return XCTFail("y goes on to the call") }
    }

    func testAFailedSaveKeepsTheTypedNote() {
        var m = Demo.model()
        m.select("Tom Becker")
        m.press(action: .addNote)
        m.type("* send the contract")
        XCTAssertNotNil(appended(m.press(.ctrl("d"))))
        _ = Update.update(&m, .appendFailed("disk full writing log/ann.jsonl: the change was NOT saved"))
        guard case .call(let flow) = m.mode else { return XCTFail("the note screen stays open") }
        XCTAssertEqual(flow.note.text, "* send the contract")
        XCTAssertTrue(m.render(80, 24).text.contains("disk full"))
        XCTAssertFalse(m.saving)
    }

    func testEscOnANoteAsksBeforeDiscarding() {
        var m = Demo.model()
        m.press(action: .addNote)
        m.type("half a thought")
        m.press(.escape)
        guard case .call = m.mode else { return XCTFail("one Esc keeps the text") }
        m.press(.escape)
        XCTAssertEqual(m.mode, .normal)
    }

    func testUndoAnnulsTheLastBatchOfThisSession() throws {
        var m = Demo.model()
        XCTAssertEqual(m.press(action: .undo), [])
        _ = Update.update(&m, .appended(ids: ["a", "b"], purpose: .user(label: "first"), state: m.state))
        _ = Update.update(&m, .appended(ids: ["c"], purpose: .user(label: "second"), state: m.state))
        XCTAssertEqual(appended(m.press(action: .undo)), [.annul(events: ["c"])])
        _ = Update.update(&m, .appended(ids: ["x"], purpose: .undo, state: m.state))
        XCTAssertEqual(m.undo, [["a", "b"]])
        XCTAssertEqual(m.message?.text, "undone: second")
    }

    func testSearchJumpsAsYouTypeAndNFindsTheNext() {
        var m = Demo.model()
        m.press(action: .search)
        m.type("zoe")
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Zoë Müller")
        m.press(.enter)
        let first = m.sel.today
        m.press(action: .searchNext)
        XCTAssertNotEqual(m.sel.today, first, "Zoë is on the agenda twice")
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Zoë Müller")
        m.press(action: .search)
        m.type("pilot scope")  // a next step's text is not searched, but notes are; no match keeps the cursor
        m.press(.escape)
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Zoë Müller")
    }

    func testTypingSearchesNamesAndEnterSearchesNotesToo() throws {
        var m = Demo.model()
        func noteText(_ c: String) -> String {
            ((m.state.notes[c] ?? []).map(\.text) + (m.state.touches[c] ?? []).map(\.note)).joined(separator: "\n")
        }
        func whoText(_ c: String) -> String {
            let x = m.state.contacts[c]!
            return ([x.name, x.company, x.needs] + x.tags).joined(separator: " ").lowercased()
        }
        let items = m.agenda.items
        // A word of some later item's notes that no item's name, company or tags contain.
        var pick: (Int, String)?
        for (i, item) in items.enumerated().reversed() where i > 0 {
            for w in noteText(item.contact).split(whereSeparator: { !$0.isLetter }).map(String.init) where w.count >= 6
            {
                if items.allSatisfy({ !whoText($0.contact).contains(w.lowercased()) }) { pick = (i, w); break }
            }
            if pick != nil { break }
        }
        let (_, word) = try XCTUnwrap(pick, "the demo has notes")
        m.press(action: .search)
        m.type(word)
        XCTAssertTrue(m.agenda.items.isEmpty, "typing looks at names, companies and tags only, not notes")
        m.press(.enter)
        XCTAssertFalse(m.agenda.items.isEmpty, "Enter searches the notes too")
        for i in m.agenda.items { XCTAssertTrue(noteText(i.contact).lowercased().contains(word.lowercased())) }
    }

    func testSlashFiltersEveryListAndEscClearsIt() throws {
        var m = Demo.model()
        let all = m.agenda.items.count
        m.press(action: .search)
        m.type("mul")
        XCTAssertEqual(Set(m.agenda.items.map(\.name)), ["Zoë Müller"], "accent- and case-insensitive, rows filtered")
        let g = m.render(80, 24)
        let row = try XCTUnwrap(g.lines.firstIndex { $0.contains("Zoë Müller") })
        let col = try XCTUnwrap(g.lines[row].range(of: "Müller")).lowerBound
        let x = TextWidth.width(String(g.lines[row][..<col]))
        XCTAssertEqual((x..<(x + 3)).map { g[$0, row].role }, [.match, .match, .match], "the match highlighted")
        XCTAssertNotEqual(g[x + 3, row].role, .match)
        m.press(.enter)
        XCTAssertTrue(m.render().lines[23].hasPrefix("Esc clear /mul"), "the footer says the list is filtered")
        XCTAssertTrue(m.render(160, 40).lines[0].contains("/mul (Esc clears)"), "and the title bar if there is room")
        m.press(action: .searchNext)
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Zoë Müller", "n moves among the rows left")

        m.press(action: .board)
        XCTAssertEqual(m.boardColumns.flatMap(\.cards).map(\.name), ["Zoë Müller"], "the Board keeps the filter")
        XCTAssertEqual(Update.selectedContact(m), m.boardColumns.flatMap(\.cards).first?.contact, "cursor on it")
        m.press(action: .review)
        XCTAssertTrue(m.review.items.allSatisfy { $0.name == "Zoë Müller" } && !m.review.items.isEmpty)
        m.press(.escape)
        XCTAssertEqual(m.message?.text, "filter cleared")
        m.press(action: .today)
        XCTAssertEqual(m.agenda.items.count, all, "Esc brought every row back")

        m.press(action: .search)
        m.type("zzzz")
        XCTAssertTrue(m.agenda.items.isEmpty)
        let empty = m.render(80, 24).lines.joined(separator: "\n")
        XCTAssertTrue(empty.contains("No row matches /zzzz. Esc clears the filter."), empty)
        XCTAssertFalse(empty.contains("Nothing due"), "a filter that hides every row is not an empty day")
        m.press(.escape)
        XCTAssertEqual(m.agenda.items.count, all, "Esc while typing puts back what was there")
        m.press(action: .search)
        m.type("qqqq")
        m.press(.enter)
        XCTAssertEqual(m.message?.text, "no match for \"qqqq\" · Esc clears the filter")
    }

    /// Typing on narrows the rows the last keystroke kept, and row lookups are memoised per list:
    /// at every keystroke (on, back, Enter, typing again) each list must hold exactly what a fresh
    /// model, with no memo, filters out of the whole list.
    /// What is typed matches the letters as the screen shows them under `LANG=C`: Ø as O, Ł as L,
    /// Æ as AE, ß as ss, accents off.
    func testSearchFindsLettersWithMarksByTheirPlainSpelling() {
        for (name, typed) in [
            ("Sara Ørsted", "orsted"), ("Łukasz Nowak", "lukasz"), ("Đorđe Ilić", "dorde ilic"),
            ("Ægir Berg", "aegir"), ("Jörg Straße", "strasse"), ("Zoë Müller", "zoe mul"),
        ] {
            XCTAssertTrue(SearchIndex.contains(SearchIndex.fold(name), SearchIndex.fold(typed)), "\(typed) in \(name)")
            XCTAssertFalse(SearchIndex.contains(SearchIndex.fold(name), SearchIndex.fold("xq")), name)
        }
        XCTAssertEqual(SearchIndex.fold("李雷"), Array("李雷".utf8), "other scripts as they are")
    }

    func testEveryKeystrokeOfAFilterKeepsWhatAFreshFilterOfTheWholeListKeeps() {
        var m = Demo.model()
        m.filter = .all
        func check(_ what: String, file: StaticString = #filePath, line: UInt = #line) {
            var fresh = Model(state: m.state, settings: m.settings, rep: m.rep, clock: m.clock)
            fresh.filter = m.filter
            fresh.listFilter = m.listFilter
            XCTAssertEqual(
                m.agenda.items.map(\.contact), fresh.agenda.items.map(\.contact), what, file: file, line: line)
            XCTAssertEqual(
                m.review.items.map(\.contact), fresh.review.items.map(\.contact), what, file: file, line: line)
            XCTAssertEqual(
                m.board.columns.map { $0.cards.map(\.contact) }, fresh.board.columns.map { $0.cards.map(\.contact) },
                what, file: file, line: line)
            // The strip too: what typing on reuses gives a fresh count, and that is the count by
            // hand of the silent quotes and due check-ins the filter keeps.
            let strip = Figures.texts(m).map(\.1)
            XCTAssertEqual(strip, Figures.count(fresh).map(\.1), what, file: file, line: line)
            func keeps(_ contact: String) -> Bool { !m.listFilter.isOn || m.listFilter.keeps(contact, m.searchIndex) }
            func shown(_ contact: String) -> Bool {
                m.shownRep == nil || m.state.contacts[contact]?.owner == m.shownRep
            }
            let silent = m.state.deals.values.filter { d in
                d.stage == .quoted && (m.state.daysSilent(d, clock: m.clock) ?? -1) >= m.settings.silentQuoteDays
                    && shown(d.contact) && keeps(d.contact)
            }
            let checkIns = m.state.nextSteps.filter { id, s in
                s.reason == .checkIn && s.due <= m.clock.today && shown(id) && keeps(id)
            }
            XCTAssertTrue(strip[3].hasPrefix("\(silent.count) silent"), "\(what): \(strip)", file: file, line: line)
            XCTAssertEqual(strip[4], "\(checkIns.count) check-ins", what, file: file, line: line)
            silentSeen = max(silentSeen, silent.count)
            checkInsSeen = max(checkInsSeen, checkIns.count)
        }
        var silentSeen = 0, checkInsSeen = 0
        check("no filter")
        let whole = m.agenda.items.count
        m.press(action: .search)
        var counts: [Int] = []
        for c in "mül" {
            m.press(.char(c))
            check("typed up to \(c)")
            counts.append(m.agenda.items.count)
        }
        XCTAssertTrue(
            counts[0] < whole && counts[2] > 0, "the filter narrows, and Zoë Müller stays: \(whole) \(counts)")
        m.press(.backspace)
        check("one back")
        m.press(.backspace)
        XCTAssertEqual(m.agenda.items.count, counts[0], "back to \"m\": the rows the shorter query kept return")
        check("back to m")
        m.type("a")
        check("another branch: ma")
        m.press(.enter)
        check("Enter: notes searched too")
        // A rep's own lists after everyone's: each list's memo is of its own rows.
        m.filter = .mine
        check("ann's lists")
        XCTAssertGreaterThan(silentSeen, 0, "the demo has silent quotes to count")
        XCTAssertGreaterThan(checkInsSeen, 0, "and check-ins due")
    }

    func testStageMoveToQuotedAsksTheAmountThenPlansFollowUps() throws {
        var m = Demo.model()
        m.press(action: .board)
        let contact = try XCTUnwrap(Update.selectedContact(m))
        XCTAssertEqual(m.state.stage(of: contact), .prospect)
        m.press(action: .stageForward)
        guard case .prompt(let p) = m.mode, case .quoteAmount = p.kind else { return XCTFail("\(m.mode)") }
        m.press(.ctrl("u"))
        m.type("lots")
        m.press(.enter)
        guard case .prompt(let bad) = m.mode else { return XCTFail() }
        XCTAssertNotNil(bad.error)
        m.press(.ctrl("u"))
        m.type("21000")
        let changes = try XCTUnwrap(appended(m.press(.enter)))
        guard case .setStage(let s) = changes[0] else { return XCTFail("\(changes)") }
        XCTAssertEqual(s.stage, .quoted)
        XCTAssertEqual(s.quoteCents, 2_100_000)
        guard case .setNextStep(_, let step) = changes.last else { return XCTFail("\(changes)") }
        XCTAssertEqual(step.reason, .quoteFollowUp(step: 1, of: 4))
    }

    func testLostAsksTheReason() throws {
        var m = Demo.model()
        m.press(.char("2"), .char("l"))  // the quotes column
        m.press(.char(">"), .char("l"))
        XCTAssertNil(appended(m.press(.enter)), "an empty reason is refused")
        m.type("went with a competitor")
        let changes = try XCTUnwrap(appended(m.press(.enter)))
        guard case .setStage(let s) = changes[0] else { return XCTFail() }
        XCTAssertEqual(s.stage, .lost)
        XCTAssertEqual(s.reason, "went with a competitor")
    }

    func testXMarksThePromiseOrNextStepDone() throws {
        var m = Demo.model()
        let i = try XCTUnwrap(
            m.agenda.items.firstIndex {
                if case .promise = $0.kind { return true }; return false
            })
        m.sel.today = i
        guard case .promise(let id, _) = m.agenda.items[i].kind else { return }
        XCTAssertEqual(appended(m.press(action: .done)), [.promiseDone(id: id)])
    }

    func testXOnANextStepClearsItAndSaysWhatComesNext() throws {
        var m = Demo.model()
        let i = try XCTUnwrap(
            m.agenda.items.firstIndex {
                if case .nextStep = $0.kind { return true }; return false
            })
        m.sel.today = i
        let contact = m.agenda.items[i].contact
        let step = try XCTUnwrap(m.state.nextSteps[contact])
        let effects = m.press(action: .done)
        XCTAssertEqual(appended(effects), [.clearNextStep(contact: contact)])
        guard case .append(_, .user(let label, _))? = effects.last else { return XCTFail("\(effects)") }
        XCTAssertEqual(label, "done: \(step.summary) · s plans the next one")
        XCTAssertTrue(m.saving, "a second x waits for this one to be saved")
        XCTAssertEqual(m.press(action: .done), [], "nothing is sent twice")
    }

    func testSnoozeTakesADateAndRejectsABadOne() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        m.press(action: .setNext)
        m.type("someday")
        XCTAssertNil(appended(m.press(.enter)))
        m.press(.ctrl("u"))
        m.type("3d call after the board meeting")
        guard case .setNextStep(_, let step)? = appended(m.press(.enter))?.first else { return XCTFail() }
        XCTAssertEqual(step.due, Day.parseISO("2026-11-26"))
        XCTAssertEqual(step.what, "call after the board meeting")
    }

    func testTheCommandLineSplitsWordsLikeAShell() throws {
        var m = Demo.model()
        m.press(action: .command)
        m.type(#"add "Dana Wu" --company 'Acme GmbH'"#)
        XCTAssertEqual(m.press(.enter), [.runCommand(["add", "Dana Wu", "--company", "Acme GmbH"])])
        _ = Update.update(&m, .commandDone(output: "k3x9p2\n", ok: true))
        XCTAssertEqual(m.message?.text, "k3x9p2")
    }

    func testViewsSwitchWithTabAndNumbersAndKeepTheirCursor() {
        var m = Demo.model()
        m.press(.char("j"), .char("j"))
        m.press(.tab)
        XCTAssertEqual(m.screen, .board)
        m.press(.char("1"))
        XCTAssertEqual(m.sel.today, 2)
        m.press(action: .cycleRep)
        XCTAssertEqual(m.filter, .all)
        XCTAssertTrue(m.render(80, 24).lines[0].contains("everyone"))
    }

    func testANewEventFromAnotherRepKeepsTheCursorOnTheSameContact() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        m.press(action: .command)
        m.type("add")  // a half-typed command survives the refresh
        var state = m.state
        // carol adds a contact that sorts before Tom on ann's agenda (no next step, owned by ann).
        state.apply(
            Event(
                id: "zz", at: Timestamp(ms: m.clock.now.ms + 1), rep: "carol", type: "contact",
                fields: ["contact": "new1", "name": "Aaron New", "owner": "ann"]))
        state.apply(
            Event(
                id: "zz2", at: Timestamp(ms: m.clock.now.ms + 2), rep: "carol", type: "next",
                fields: ["contact": "new1", "due": "2026-11-20"]))
        _ = Update.update(&m, .reloaded(state))
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Tom Becker")
        XCTAssertEqual(m.mode, .command(TextInput("add")))
    }

    func testEveryKeyInTheTableDoesSomethingOrSaysWhy() {
        for b in KeyMap.bindings {
            for screen in Screen.allCases where b.screens.isEmpty || b.screens.contains(screen) {
                for key in b.keys {
                    XCTAssertNotNil(KeyMap.action(for: key, on: screen), "\(key) on \(screen)")
                }
            }
        }
        XCTAssertEqual(KeyMap.action(for: .char("l"), on: .board), .right)
        XCTAssertNotEqual(KeyMap.action(for: .char("l"), on: .today), .logTouch, "l is movement, never logging")
        for screen in [Screen.today, .board, .contact] {
            XCTAssertEqual(KeyMap.action(for: .char("L"), on: screen), .logTouch, "L logs on \(screen)")
        }
    }

    func testSOnTheCallScreenLogsTheCallAndMarksDoNotContact() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        m.press(action: .call)
        guard case .call = m.mode else { return XCTFail("\(m.mode)") }
        m.press(.char("S"))
        guard case .prompt(let p) = m.mode, case .doNotContact = p.kind else { return XCTFail("\(m.mode)") }
        XCTAssertEqual(m.press(.enter), [], "their words are required")
        m.type("please stop calling")
        let changes = try XCTUnwrap(appended(m.press(.enter)))
        XCTAssertEqual(changes.count, 2)
        guard case .touch(_, .call, .connected, let note) = changes[0] else { return XCTFail("\(changes)") }
        XCTAssertEqual(note, "asked not to be contacted: please stop calling")
        guard case .stop(_, "please stop calling", false) = changes[1] else { return XCTFail("\(changes)") }
    }

    func testAPastNextStepIsAskedAboutOnceThenKept() throws {
        var m = Demo.model()
        m.select("Tom Becker")
        m.press(action: .setNext)
        m.type("yesterday call back")
        XCTAssertEqual(m.press(.enter), [], "asked, not saved")
        guard case .prompt(let p) = m.mode else { return XCTFail("\(m.mode)") }
        XCTAssertEqual(
            p.error, "Sun 2026-11-22 is in the past: it shows as overdue; Enter again to keep it, or change the date")
        let changes = try XCTUnwrap(appended(m.press(.enter)), "the second Enter keeps it")
        guard case .setNextStep(_, let step) = changes.first else { return XCTFail("\(changes)") }
        XCTAssertEqual(step.due, Day(year: 2026, month: 11, day: 22))
    }
}
