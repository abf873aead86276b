import Glibc
import Synchronization

/// The server's table of open connections and whether each is between
/// requests. A graceful stop ends idle connections at once and lets busy
/// ones finish the request in hand.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let fd: Int32
        var idle: Bool
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var stopping = false
    }

    private let state = Mutex(State())
    private let stopSignal = Mutex(false)

    var count: Int { state.withLock { $0.entries.count } }
    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Registers a connection; nil when over `limit` or stopping.
    func register(fd: Int32, limit: Int) -> Int? {
        state.withLock { state in
            guard !state.stopping, state.entries.count < limit else { return nil }
            state.nextID += 1
            state.entries[state.nextID] = Entry(fd: fd, idle: false)
            return state.nextID
        }
    }

    func remove(_ id: Int) { _ = state.withLock { $0.entries.removeValue(forKey: id) } }

    /// Records whether the connection waits for a new request. Returns false
    /// when it is idle and the server is stopping: the connection should close.
    @discardableResult
    func markIdle(_ id: Int, idle: Bool) -> Bool {
        state.withLock { state in
            state.entries[id]?.idle = idle
            return !(idle && state.stopping)
        }
    }

    /// Starts a graceful stop: idle connections are woken (their read returns
    /// end-of-stream) and close; busy ones close after their response.
    func beginStop() {
        state.withLock { state in
            state.stopping = true
            for entry in state.entries.values where entry.idle {
                shutdown(entry.fd, Int32(SHUT_RD))
            }
        }
        stopSignal.withLock { $0 = true }
    }

    /// Ends every connection still open, for when the grace period is over.
    func forceCloseAll() {
        state.withLock { state in
            for entry in state.entries.values { shutdown(entry.fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Sleeps, waking early if the server stops (a held-open fault must not
    /// delay shutdown).
    func sleep(milliseconds: Int) {
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        while ContinuousClock.now < deadline {
            if stopSignal.withLock({ $0 }) { return }
            usleep(5_000)
        }
    }
}
