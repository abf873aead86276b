import CProcessSupport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every connector process group this runner has started and not yet seen
/// gone: what an interrupted run must stop, and what the watchdog process
/// (`sv_watchdog_start`) kills if the runner itself is killed.
public enum ConnectorGroups {
    struct State {
        var live: Set<pid_t> = []
        /// Set once the run is stopping: no new group is admitted.
        var closed = false
    }

    private static let state = Mutex(State())

    /// Takes a freshly started group in. False when the run is stopping: the
    /// caller must stop it at once.
    static func admit(_ group: pid_t) -> Bool {
        _ = sv_watchdog_start()
        return state.withLock { state in
            guard !state.closed else { return false }
            state.live.insert(group)
            _ = sv_watchdog_guard(group)
            return true
        }
    }

    /// The group is gone (no member left in /proc): the watchdog forgets it,
    /// so it can never signal an unrelated group that later reuses the id.
    static func remove(_ group: pid_t) {
        state.withLock { state in
            if state.live.remove(group) != nil { _ = sv_watchdog_release(group) }
        }
    }

    /// No new connector may start from now on.
    public static func close() { state.withLock { $0.closed = true } }

    public static var isClosed: Bool { state.withLock { $0.closed } }

    /// Sends `signal` to every live group.
    public static func signalAll(_ signal: Int32) {
        for group in state.withLock({ $0.live }) { kill(-group, signal) }
    }
}
