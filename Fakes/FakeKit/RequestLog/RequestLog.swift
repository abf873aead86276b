import Foundation
import Synchronization

/// Every request one fake received (admin requests aside), in arrival
/// order, with what the fault layer did and whether the caller ignored a
/// request to back off. The fault pipeline writes it; the scorer reads it.
///
/// Back-off is tracked per credential: a throttled answer with a known wait
/// (`Retry-After`, a throttle window's reset) makes that caller's requests
/// before the moment "sent during back-off"; a refusal that names no moment
/// (a spent daily allowance) makes every further request count as such
/// while it is still refused.
public final class RequestLog: Sendable {
    private struct Backoff {
        var until: Date?
        var untilLifted = false
    }

    private struct State {
        var entries: [RequestLogEntry] = []
        var nextSequence = 1
        var dropped = 0
        var backoff: [String: Backoff] = [:]
    }

    private let state = Mutex(State())
    /// The most entries kept; older ones are dropped (and counted) beyond it.
    public let capacity: Int

    public init(capacity: Int = 1_000_000) {
        precondition(capacity > 0, "a request log keeps at least one entry")
        self.capacity = capacity
    }

    /// Records one answered request. `arrival` is the journal-clock time it
    /// arrived; `metered`: whether it is a call the limits count (only those
    /// can be sent during back-off: logging in again is not ignoring a limit).
    @discardableResult
    public func record(
        arrival: Date, method: String, path: String, route: String, status: Int?, connection: String, credential: String?,
        faults: [String], backoff signal: BackoffSignal?, metered: Bool = true
    ) -> RequestLogEntry {
        let key = credential ?? ""
        let throttled = signal != nil
        return state.withLock { state in
            var backoff = state.backoff[key] ?? Backoff()
            let during = metered && ((backoff.until.map { arrival < $0 } ?? false) || (backoff.untilLifted && throttled))
            switch signal {
            case .retryAfter(let seconds):
                let until = arrival.addingTimeInterval(seconds)
                backoff.until = max(backoff.until ?? until, until)
            case .untilLifted:
                backoff.untilLifted = true
            case nil:
                if metered { backoff.untilLifted = false }
            }
            if backoff.until != nil || backoff.untilLifted || state.backoff[key] != nil { state.backoff[key] = backoff }
            let entry = RequestLogEntry(
                sequence: state.nextSequence, time: arrival, method: method, path: path, route: route, status: status, connection: connection,
                credential: credential, faults: faults, throttled: throttled, sentDuringBackoff: during)
            state.nextSequence += 1
            state.entries.append(entry)
            if state.entries.count > capacity {
                // Drop a tenth at once, so a full log does not shift its array on every request.
                let excess = state.entries.count - capacity + capacity / 10
                state.entries.removeFirst(min(excess, state.entries.count))
                state.dropped += excess
            }
            return entry
        }
    }

    /// Every entry kept, in arrival order.
    public var entries: [RequestLogEntry] { state.withLock { $0.entries } }

    /// Entries with a sequence number greater than `sequence`.
    public func entries(after sequence: Int) -> [RequestLogEntry] {
        state.withLock { state in
            guard let first = state.entries.first else { return [] }
            return Array(state.entries.dropFirst(max(0, sequence - first.sequence + 1)))
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }

    public var summary: RequestLogSummary {
        let (entries, dropped) = state.withLock { ($0.entries, $0.dropped) }
        return RequestLogSummary(entries: entries, dropped: dropped)
    }

    /// Forgets every entry and every back-off (the admin API's reset). Sequence numbers go on.
    public func clear() {
        state.withLock { state in
            state.entries = []
            state.backoff = [:]
            state.dropped = 0
        }
    }

    /// A short, stable name for a secret (`token:3f2a9c1e`): enough to tell
    /// callers apart in evidence without writing the secret into it.
    public static func fingerprint(_ secret: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in secret.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return "token:" + padded.prefix(8)
    }
}
