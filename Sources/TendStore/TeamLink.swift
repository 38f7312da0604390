import TendCore

/// The team beyond this data dir, when it has one (the team server): what the TUI's shell asks of
/// it, so the shell never links the server's client library. The files stay the store: every call
/// here works on what is already in the logs and only adds to them.
public protocol TeamLink: AnyObject {
    /// Sends this machine's new events and brings the other machines' into their replica files;
    /// returns how many arrived. Throws when the server cannot be reached in time.
    func exchange(_ store: Store) throws -> Int

    /// Check and claim decided by the team: on the server, with every event for the contact that
    /// was committed before, under a lock the whole team takes. Falls back to `Store.claim` when
    /// the server is not reachable (`offline` says so afterwards).
    func claim(_ store: Store, contact: String, rep: String, clock: Clock, anyway: Bool) throws -> ClaimDecision

    /// A descriptor that becomes readable when another machine wrote (LISTEN), nil when there is none.
    var wakeups: Int32? { get }

    /// Reads what woke the descriptor; true when another machine wrote.
    func drainWakeups() -> Bool

    /// Why the last call could not reach the server, or nil when it did.
    var offline: String? { get }
}
