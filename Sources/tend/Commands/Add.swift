import ArgumentParser
import TendCore
import TendStore

extension Tend {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
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
        @Option(help: "Their time zone, e.g. Europe/Lisbon (screens then show the time there).") var tz: String?
        @Option(help: "Tag (repeatable).") var tag: [String] = []
        @Option(help: "Owner rep (default: you).") var owner: String?
        @Flag(help: "Add them even though someone in the book has the same phone or email.") var new = false

        func validate() throws {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("the name is empty") }
            if let p = prefers { _ = try parseEnum(p, Channel.self, option: "--prefers") }
            if let tz, TimeZoneName.valid(tz) == nil {
                throw CLIError("--tz \"\(tz)\": give a time zone name like Europe/Lisbon or America/New_York")
            }
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
            c.timeZone = tz.flatMap(TimeZoneName.valid) ?? ""
            c.needs = needs ?? ""
            c.tags = tag
            // One person, one contact: the whole team's book is checked for the same email or phone,
            // or the guard and claims (keyed by contact) would never see the two as one.
            if !new, let twin = twin(of: c, in: ctx.state) {
                throw CLIError(
                    "already in the book: \(safe(twin.name)) (owner \(twin.owner), \(twin.id)); "
                        + "use it, or --new to add another contact")
            }
            let same = ctx.state.contacts.values.filter { $0.name.lowercased() == c.name.lowercased() }
            try ctx.append([.addContact(c)])
            for s in same { warn("\(safe(s.name)) already exists as \(s.id); refer to the new one by its id \(c.id)") }
            print(c.id)
        }

        /// Someone already in the book with one of `c`'s emails or phones.
        func twin(of c: Contact, in state: State) -> Contact? {
            let emails = Set(c.emails.compactMap(ImportValues.emailKey)),
                phones = Set(c.phones.compactMap(ImportValues.phoneKey))
            guard !emails.isEmpty || !phones.isEmpty else { return nil }
            return state.contactsByName.first { other in
                other.emails.contains { ImportValues.emailKey($0).map(emails.contains) ?? false }
                    || other.phones.contains { ImportValues.phoneKey($0).map(phones.contains) ?? false }
            }
        }
    }
}
