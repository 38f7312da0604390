import Foundation
import TendCore
import TendStore
import TendTeam

/// The double-call story across machines: each rep in their own data dir, all sharing one team
/// server, their commands interleaved in time order as on a real morning. A fresh test-clock
/// schema and the reps' roles are made for the run and dropped after it.
extension DoubleCallScenario {
    static func runTeam(url: String, clock: Clock, keep dir: String?) throws -> String {
        let base = dir ?? FileManager.default.temporaryDirectory.path + "/tend-scenario-\(getpid())"
        var ids = IDGenerator()
        let schema = "tend_scenario_" + ids.entityID(length: 6, taken: { _ in false }).lowercased()
        let server = try TeamServer(url: url, schema: schema)
        let admin: PGConnection
        do {
            admin = try server.connect(timeoutMs: 5000, application: "tend:admin")
            try server.initialize(
                admin,
                settings: ["settings": TeamSettings.text(of: Settings()), "time_zone": TimeZone.current.identifier],
                testClock: true)
            for (rep, _) in reps { try server.addRep(admin, rep: rep) }
        } catch let e as TeamError {
            throw CLIError("scenario: \(e.description)")
        }
        defer {
            _ = try? admin.query("DROP SCHEMA \(schema) CASCADE")
            for (rep, _) in reps {
                _ = try? admin.query("DROP OWNED BY \(server.role(of: rep))")
                _ = try? admin.query("DROP ROLE IF EXISTS \(server.role(of: rep))")
            }
            if dir == nil { try? FileManager.default.removeItem(atPath: base) }
        }
        try? FileManager.default.removeItem(atPath: base + "/team")
        // Each rep logs in as their own role: the server checks that they write only as themselves.
        var machines = Machines(dir: { base + "/team/" + $0 })
        machines.environment = ["TEND_TEAM_URL": url, "TEND_TEAM_SCHEMA": schema]
        let on = try simulate(machines, useGuard: true, clock: clock, roles: { server.role(of: $0) })
        let window = Duration.ago(minutes: Settings().guardRule.windowMinutes).replacingOccurrences(
            of: " ago", with: "")
        return """
            double-call across machines: \(reps.count) reps, each in their own data dir, one team server \
            (schema \(schema), dropped after), one shared list of \(contacts.count) contacts, 2 days
            with the guard:    \(on.attempts) attempts, \(on.withinWindow) within \(window) of another attempt \
            (\(on.withinHour) within the hour); one person tried \(on.mostTried) times; \(on.heldBack) calls held \
            back by `tend call`
            """ + (dir == nil ? "" : "\ndata: " + reps.map { "\(base)/team/\($0.0)" }.joined(separator: ", "))
    }
}
