import Foundation
import TendStore

/// The rest of the book, read on a thread of its own while the terminal UI paints its first frame
/// from one rep's agenda (`Store.Scope.agenda`): on a big team the other reps' promises are most of
/// a start's decoding, and the first screen shows none of them.
///
/// The shell completes its store with them right after that first frame (`Shell.adoptWholeBook`),
/// before it handles a key or a change on disk: keys typed meanwhile wait in the terminal, none is
/// lost, and nothing is ever written from the partial state.
public final class BookLoader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Store.WholePromises, Error>?

    /// Starts reading now; `read` runs on another thread.
    public init(_ read: @escaping @Sendable () throws -> Store.WholePromises) {
        Thread { [self] in
            result = Result { try read() }
            done.signal()
        }.start()
    }

    /// What was read (waits for it).
    public func wait() -> Result<Store.WholePromises, Error> {
        done.wait()
        done.signal()  // a second wait returns at once
        return result!
    }
}
