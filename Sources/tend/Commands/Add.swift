import ArgumentParser
import TendCore

extension Tend {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a contact; prints its id.",
            discussion: """
                Example:
                  tend add "Dana Wu" --company "Acme GmbH" --phone "+49 30 1234" --email dana@acme.example \\
                    --prefers email --best-time "mornings" --needs "10 seats, EU hosting" --tag referral
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The person's name.") var name: String
        @Option(help: "Company.") var company: String?
        @Option(help: "Phone number (repeatable).") var phone: [String] = []
        @Option(help: "Email address (repeatable).") var email: [String] = []
        @Option(help: "Preferred channel: call, email, meeting, sms or other.") var prefers: String?
        @Option(name: .customLong("best-time"), help: "When they are best reached, e.g. \"mornings\".") var bestTime:
            String?
        @Option(help: "What they need, in their words.") var needs: String?
        @Option(help: "Tag (repeatable).") var tag: [String] = []
        @Option(help: "Owner rep (default: you).") var owner: String?

        func validate() throws {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("the name is empty") }
            if let p = prefers { _ = try parseEnum(p, Channel.self, option: "--prefers") }
        }

        func run() throws {
            let ctx = try Context.make(global, scope: .contacts)  // a new contact needs only the contact index
            let owner = owner ?? ctx.rep
            var c = Contact(
                id: ctx.store.newEntityID(), name: name.trimmingCharacters(in: .whitespaces),
                owner: owner, created: ctx.clock.now)
            c.company = company ?? ""
            c.phones = phone
            c.emails = email
            c.prefers = try prefers.map { try parseEnum($0, Channel.self, option: "--prefers") }
            c.bestTime = bestTime ?? ""
            c.needs = needs ?? ""
            c.tags = tag
            let same = ctx.state.contacts.values.filter { $0.name.lowercased() == c.name.lowercased() }
            try ctx.append([.addContact(c)])
            for s in same { warn("\(safe(s.name)) already exists as \(s.id); refer to the new one by its id \(c.id)") }
            print(c.id)
        }
    }
}
