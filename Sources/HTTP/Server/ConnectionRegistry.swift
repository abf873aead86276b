import Glibc
import Synchronization

/// The server's table of open connections and whether each is between
/// requests. A graceful stop ends idle connections at once and lets busy
/// ones finish the request in hand.
///
/// The per-request path touches only atomics: a lock taken twice per request
/// by every connection thread was the top cost under load (Swift's `Mutex` is
/// a priority-inheritance futex on Linux, slow when contended).
final class ConnectionRegistry: Sendable {
    /// One open connection's shared state.
    final class Handle: Sendable {
        let fd: Int32
        let idle = Atomic<Bool>(false)
        init(fd: Int32) { self.fd = fd }
    }

    private struct Table {
        var handles: [Int: Handle] = [:]
        var nextID = 0
    }

    private let table = Mutex(Table())
    private let stopping = Atomic<Bool>(false)
    private let openCount = Atomic<Int>(0)

    var count: Int { openCount.load(ordering: .acquiring) }
    var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Registers a connection; nil when over `limit` or stopping.
    func register(fd: Int32, limit: Int) -> Handle? {
        table.withLock { table in
            guard !isStopping, table.handles.count < limit else { return nil }
            table.nextID += 1
            let handle = Handle(fd: fd)
            table.handles[table.nextID] = handle
            openCount.wrappingAdd(1, ordering: .releasing)
            return handle
        }
    }

    func remove(_ handle: Handle) {
        table.withLock { table in
            if let key = table.handles.first(where: { $0.value === handle })?.key {
                table.handles.removeValue(forKey: key)
                openCount.wrappingSubtract(1, ordering: .releasing)
            }
        }
    }

    /// Records whether the connection waits for a new request. Returns false
    /// when it is idle and the server is stopping: the connection should close.
    ///
    /// Store-then-load here and in `beginStop` (both sequentially consistent)
    /// guarantee that either this call sees the stop or the stop sees the
    /// connection idle and wakes it.
    @discardableResult
    func markIdle(_ handle: Handle, idle: Bool) -> Bool {
        handle.idle.store(idle, ordering: .sequentiallyConsistent)
        return !(idle && isStopping)
    }

    /// Starts a graceful stop: idle connections are woken (their read returns
    /// end-of-stream) and close; busy ones close after their response.
    func beginStop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        table.withLock { table in
            for handle in table.handles.values where handle.idle.load(ordering: .sequentiallyConsistent) {
                shutdown(handle.fd, Int32(SHUT_RD))
            }
        }
    }

    /// Ends every connection still open, for when the grace period is over.
    func forceCloseAll() {
        table.withLock { table in
            for handle in table.handles.values { shutdown(handle.fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Sleeps, waking early if the server stops (a held-open fault must not
    /// delay shutdown).
    func sleep(milliseconds: Int) { sleep(for: .milliseconds(milliseconds)) }

    /// Sleeps for `duration` to within a tenth of a millisecond or so,
    /// checking for a stop every 5 ms.
    func sleep(for duration: Duration) { sleep(until: ContinuousClock.now + duration) }

    /// Sleeps until `deadline` (see `sleep(for:)`).
    func sleep(until deadline: ContinuousClock.Instant) {
        while !isStopping {
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return }
            let micros = left.components.seconds * 1_000_000 + left.components.attoseconds / 1_000_000_000_000
            usleep(UInt32(max(1, min(micros, 5_000))))
        }
    }
}
