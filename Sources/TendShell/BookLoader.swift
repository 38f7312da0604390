import Foundation
import TendStore

/// The rest of the book, read on a thread of its own while the terminal UI paints its first frame
/// from one rep's agenda (`Store.Scope.agenda`): on a big team the other reps' promises are most of
/// a start's decoding, and the first screen shows none of them.
///
/// The shell completes its store with them right after that first frame (`Shell.adoptWholeBook`),
/// before it handles a key or a change on disk: keys typed meanwhile wait in the terminal, none is
/// lost, and nothing is ever written from the partial state.
///
/// `tend` starts it once the first frame is painted, not beside it: on two cores the reading
/// competed with the agenda's two halves and made the frame 7 ms later; the book is still in
/// (about 30 ms more) long before a person answers the screen with a key.
public final class BookLoader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Store.WholePromises, Error>?
    private var thread: Thread?

    /// `read` runs on another thread, from `start()` (at once with `startNow`).
    public init(startNow: Bool = true, _ read: @escaping @Sendable () throws -> Store.WholePromises) {
        thread = Thread { [self] in
            result = Result { try read() }
            done.signal()
        }
        if startNow { start() }
    }

    /// Starts the reading, if it has not started (called from one thread: the shell's).
    public func start() {
        thread?.start()
        thread = nil
    }

    /// What was read (starts the reading if need be, and waits for it).
    public func wait() -> Result<Store.WholePromises, Error> {
        start()
        done.wait()
        done.signal()  // a second wait returns at once
        return result!
    }
}
