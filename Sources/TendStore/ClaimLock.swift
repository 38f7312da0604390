import Foundation
import TendCore

#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Check and claim in one step for every rep sharing this data dir: a lock file all of them
    /// take around reading the logs, deciding (`ClaimDecision.decide`) and appending the claim, so two
    /// reps pressing `c` on one contact at the same instant get one yes and one "ann is calling".
    /// (Each rep's appends are already safe alone; only check-then-claim needs the shared lock.)
    public func claim(
        _ contact: String, rep: String, clock: Clock, anyway: Bool = false
    ) throws -> ClaimDecision {
        try withClaimLock {
            try reload()
            let decision = ClaimDecision.decide(
                contact, rep: rep, state: state, settings: settings, clock: clock, anyway: anyway)
            if decision == .granted {
                try append(
                    [.claim(contact: contact, minutes: settings.guardRule.claimMinutes)], rep: rep, now: clock.now)
            }
            return decision
        }
    }

    /// Runs `body` holding the data dir's claim lock (the team server's claim takes it too, so the
    /// reps of one machine and the machines of one team are all in one order).
    public func withClaimLock<T>(_ body: () throws -> T) throws -> T {
        try ensureDirectories()
        let path = logDir + "/.claims.lock"
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError("cannot open \(path): \(String(cString: strerror(errno))); nothing was saved")
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw StoreError("cannot lock \(path); nothing was saved") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
