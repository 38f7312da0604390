import ArgumentParser
import Foundation
import TendCore
import TendStore
import TendTeam

extension Tend {
    struct Call: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "call",
            abstract: "Claim a contact before calling: the team sees \"you · calling now\" until you log the touch.",
            discussion: """
                Refuses (exit 3) when someone else is calling them now or the team guard is hit, \
                saying who, how and how long ago; --anyway calls regardless. The claim ends when you \
                log the touch, run `tend release`, or after 15 minutes (config.toml: guard.claim_minutes).
                Example:
                  tend call "Dana Wu"
                  tend log dana --via call --outcome no-answer
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Flag(help: "Call even though the guard is hit or someone else is calling.") var anyway = false

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let now = ctx.clock.now
            // Check and claim under the data dir's claim lock: of two reps at the same instant, one wins.
            let decision: ClaimDecision
            do {
                decision = try TeamSession.claim(
                    ctx.store, contact: c.id, rep: ctx.rep, clock: ctx.clock, anyway: anyway)
            } catch let e as StoreError {
                throw CLIError(e.description)
            } catch let e as TeamRefusal {
                throw CLIError(e.description)
            }
            switch decision {
            case .granted:
                TeamSession.publish(ctx.store, rep: ctx.rep)
            case .claimed(let claim):
                throw ExitWith(
                    3, "\(claim.sentence(contactName: safe(c.name), me: ctx.rep, now: now)); --anyway to call too")
            case .stopped(let mark):
                throw ExitWith(
                    3, "\(safe(mark.sentence(contactName: c.name, clock: ctx.clock))); --anyway to call regardless")
            case .guarded(let hit):
                throw ExitWith(
                    3,
                    "\(hit.sentence(contactName: safe(c.name), me: ctx.rep)); next try after "
                        + "\(ctx.clock.describe(hit.retryAfter)); --anyway to call regardless"
                )
            }
            let reach = c.phones.first ?? c.emails.first ?? "no phone on file"
            let best = c.bestTime.isEmpty ? "" : " · best \(safe(c.bestTime))"
            print("calling \(safe(c.name)) · \(safe(reach))" + best)
            print("then: tend log \(c.id) --via call --outcome OUTCOME   (or tend release \(c.id))")
        }
    }
}

/// An error with its own exit code: 3 means "refused because of the team" (guard or claim).
struct ExitWith: Error, CustomStringConvertible {
    var code: Int32
    var description: String
    init(_ code: Int32, _ d: String) { self.code = code; description = d }
}
