import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Call: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Claim a contact before calling: the team sees \"you · calling now\" until you log the touch.",
            discussion: """
                Refuses (exit 3) when someone else is calling them now or the team guard is hit,
                saying who, how and how long ago; --anyway calls regardless. The claim ends when you
                log the touch, run `tend release`, or after 15 minutes (config.toml: guard.claim_minutes).
                Example:
                  tend call "Dana Wu"
                  tend log dana --via call --outcome no-answer
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
        @Flag(help: "Call even though the guard is hit or someone else is calling.") var anyway = false

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let now = ctx.clock.now
            if !anyway {
                if let claim = ctx.state.activeClaim(c.id, now: now), claim.rep != ctx.rep {
                    throw ExitWith(
                        3, "\(claim.sentence(contactName: safe(c.name), me: ctx.rep, now: now)); --anyway to call too")
                }
                if let hit = Guard.check(
                    ctx.state.touches[c.id] ?? [], now: now, rule: ctx.settings.guardRule, clock: ctx.clock)
                {
                    throw ExitWith(
                        3,
                        "\(hit.sentence(contactName: safe(c.name), me: ctx.rep)); next try after "
                            + "\(ctx.clock.describe(hit.retryAfter)); --anyway to call regardless"
                    )
                }
            }
            try ctx.append([.claim(contact: c.id, minutes: ctx.settings.guardRule.claimMinutes)])
            let reach = c.phones.first ?? c.emails.first ?? "no phone on file"
            let best = c.bestTime.isEmpty ? "" : " · best \(safe(c.bestTime))"
            print("calling \(safe(c.name)) · \(safe(reach))" + best)
            print("then: tend log \(c.id) --via call --outcome OUTCOME   (or tend release \(c.id))")
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Release your calling-now claim on a contact without logging a touch.",
            discussion: "Example:\n  tend release \"Dana Wu\"")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            guard let claim = ctx.state.activeClaim(c.id, now: ctx.clock.now), claim.rep == ctx.rep else {
                throw CLIError("you have no claim on \(safe(c.name)) to release")
            }
            try ctx.append([.release(contact: c.id)])
            print("released \(safe(c.name))")
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a contact to another rep's book.",
            discussion: "Example:\n  tend assign \"Dana Wu\" bob")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
        @Argument(help: "The rep who owns it from now on.") var owner: String

        func run() throws {
            let ctx = try Context.make(global)
            guard DataDir.validRep(owner) else {
                throw CLIError("bad rep name \"\(owner)\": use letters, digits and -_.")
            }
            let c = try ctx.contact(contact)
            guard c.owner != owner else { throw CLIError("\(safe(c.name)) is already \(owner)'s") }
            try ctx.append([.updateContact(id: c.id, fields: [.owner: .string(owner)])])
            print("\(safe(c.name)): \(c.owner) → \(owner)")
        }
    }
}

/// An error with its own exit code: 3 means "refused because of the team" (guard or claim).
struct ExitWith: Error, CustomStringConvertible {
    var code: Int32
    var description: String
    init(_ code: Int32, _ d: String) { self.code = code; description = d }
}
