#if canImport(Glibc)
import Glibc
#endif

/// SIGINT, SIGTERM and SIGHUP set a flag the loop reads, so the terminal is restored on the way out
/// (a signal also cuts the loop's wait short, so it is noticed at once).
public enum Signals {
    nonisolated(unsafe) public static var caught: Int32 = 0

    public static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in Signals.caught = s }
        }
    }
}
