import ArgumentParser
import TendCore

extension Tend {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Record a touch: a call, email, meeting or message, and what came of it.",
            discussion: """
                The touch is recorded even when the team guard is hit (it happened), with a warning \
                naming who tried last. `*` clauses in --note become promises, as in `tend note`.
                Without --next, the cadence plans the next step (quote follow-ups, check-in, nurture).
                Outcomes: \(choices(Outcome.self)).
                Example:
                  tend log "Dana Wu" --via call --outcome no-answer
                  tend log dana --via call --outcome connected --note "wants 12 seats * send price list @fri" --next mon
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "Channel: \(choices(Channel.self)).") var via: String
        @Option(help: "What happened: \(choices(Outcome.self)).") var outcome: String
        @Option(help: "What was said; `*` clauses become promises.") var note: String = ""
        @Option(parsing: .unconditional, help: "Next step date (default: the cadence's proposal).") var next: String?
        @Option(help: "What the next step is.") var what: String = ""

        func validate() throws {
            _ = try parseEnum(via, Channel.self, option: "--via")
            _ = try parseEnum(outcome, Outcome.self, option: "--outcome")
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let channel = try parseEnum(via, Channel.self, option: "--via")
            let result = try parseEnum(outcome, Outcome.self, option: "--outcome")
            let capture = try ctx.capture(note)
            let explicit = try next.map { text -> NextStep in
                let (day, time) = try ctx.date(text, for: "--next")
                if let odd = ctx.settings.oddity(of: day, today: ctx.today) { warn("--next: \(odd)") }
                return NextStep(due: day, time: time, channel: channel, what: what)
            }

            let hit = Guard.check(
                ctx.state.touches[c.id] ?? [], now: ctx.clock.now, rule: ctx.settings.guardRule, clock: ctx.clock)
            var b = try ctx.batch()
            let touchID = b.add(.touch(contact: c.id, channel: channel, outcome: result, note: capture.note))
            let promises = ctx.addPromises(capture, contact: c, source: touchID, to: &b)
            let after = ctx.state.applying(
                [.touch(contact: c.id, channel: channel, outcome: result, note: "")], rep: ctx.rep, at: ctx.clock.now)
            let decision = Cadence.afterTouch(
                contact: c.id, in: after, explicit: explicit,
                settings: ctx.settings, clock: ctx.clock)
            if let change = decision.change(for: c.id) { b.add(change) }
            try ctx.commit(b)

            if let hit, result.isAttempt { warn(hit.sentence(contactName: safe(c.name), me: ctx.rep)) }
            print("logged \(channel.rawValue) · \(result.rawValue) with \(safe(c.name))")
            ctx.printPromises(promises)
            switch decision {
            case .set(let s): print("next: \(s.summary) on \(s.due.friendly)\(s.time.map { " \($0)" } ?? "")")
            case .clear: print("next step done; none planned")
            case .keep: break
            }
            // A looker who answers may be buying again: say how to move them back.
            if result.isConversation, let deal = ctx.state.mainDeal(of: c.id), deal.stage == .nurture {
                print("they answered: tend prospect \(c.id) moves them back to prospect")
            }
        }
    }
}
