import Foundation
import Synchronization

/// Every request one fake received (admin requests aside), with what the
/// fault layer did and whether the caller ignored a request to back off.
/// The fault pipeline writes it; the scorer reads it.
///
/// Back-off is tracked per credential: a throttled answer with a known wait
/// (`Retry-After`, a throttle window's reset) makes that caller's metered
/// requests before the moment "sent during back-off"; a refusal that names
/// no moment (a spent daily allowance) makes every further metered request
/// count as such while it is still refused.
///
/// Written on every request by every connection thread, so it is striped:
/// each thread appends to one of several shards under that shard's own lock
/// (rarely contended; Swift's `Mutex` is a priority-inheritance futex on
/// Linux, and one shared lock cost the fake 40 % of its throughput), sequence
/// numbers come from an atomic counter, and readers merge the shards. Routes
/// are named when the log is read, not on the hot path.
public final class RequestLog: Sendable {
    /// An entry as stored: `RequestLogEntry` without its route.
    struct Stored {
        let sequence: Int
        let time: Date
        let method: String
        let path: String
        let status: Int?
        let connection: String
        let credential: String?
        let faults: [String]
        let throttled: Bool
        let sentDuringBackoff: Bool
    }

    private struct ShardState {
        var entries: [Stored] = []
        var dropped = 0
        /// Secret (token, key) → the caller's name, resolved once per shard.
        var names: [String: String] = [:]
        /// The last secret seen and its name: a connection sends the same one
        /// request after request, and comparing is cheaper than hashing.
        var lastKey = ""
        var lastName = ""

        /// The name of a secret this shard has seen; nil when it has not.
        mutating func name(for key: String) -> String? {
            if key == lastKey { return lastName }
            guard let name = names[key] else { return nil }
            lastKey = key
            lastName = name
            return name
        }

        mutating func remember(_ key: String, as name: String) {
            if names.count < RequestLog.namesPerShard { names[key] = name }
            lastKey = key
            lastName = name
        }

        mutating func append(_ stored: Stored, limit: Int) {
            entries.append(stored)
            if entries.count > limit {
                // Drop a tenth at once, so a full shard does not shift its array on every request.
                let excess = entries.count - limit + limit / 10
                entries.removeFirst(excess)
                dropped += excess
            }
        }
    }

    private final class Shard: Sendable {
        let state = Mutex(ShardState())
    }

    private struct Backoff {
        var until: Date?
        var untilLifted = false
    }

    private let shards: [Shard]
    private let nextSequence = Atomic<Int>(0)
    private let backoffs = Mutex<[String: Backoff]>([:])
    /// Credentials with back-off state: while none has any, no request takes `backoffs`' lock.
    private let backoffCount = Atomic<Int>(0)
    private let route: @Sendable (String, String) -> String
    /// The most entries kept; older ones are dropped (and counted) beyond it.
    public let capacity: Int
    private static let shardCount = 16
    /// Names cached per shard at most (a fuzzer's random tokens must not grow it without end).
    fileprivate static let namesPerShard = 4096

    /// - Parameter route: names a request's route from its method and path, when the log is read.
    public init(capacity: Int = 1_000_000, route: @escaping @Sendable (String, String) -> String = { RouteFolding.route(method: $0, path: $1) }) {
        precondition(capacity >= Self.shardCount, "a request log keeps at least one entry per shard")
        self.capacity = capacity
        self.route = route
        shards = (0..<Self.shardCount).map { _ in Shard() }
    }

    // MARK: writing

    /// Records one answered request. `arrival` is the journal-clock time it
    /// arrived; `credential` names the caller; `metered`: whether it is a
    /// call the limits count (only those can be sent during back-off:
    /// logging in again is not ignoring a limit).
    @discardableResult
    public func record(
        arrival: Date, method: String, path: String, status: Int?, connection: String, credential: String?, faults: [String],
        backoff signal: BackoffSignal?, metered: Bool = true
    ) -> RequestLogEntry {
        let stored = append(
            arrival: arrival, method: method, path: path, status: status, connection: connection, credentialKey: credential,
            name: { $0 }, faults: faults, backoff: signal, metered: metered)
        return entry(stored)
    }

    /// `record` for the pipeline: the caller is given by its secret, named by
    /// `name` the first time this shard sees it (a lookup that may take a lock).
    /// One shard lock in the common case: a known caller and no back-off anywhere.
    @discardableResult
    func append(
        arrival: Date, method: String, path: String, status: Int?, connection: String, credentialKey: String?,
        name: (String) -> String, faults: [String], backoff signal: BackoffSignal?, metered: Bool
    ) -> Stored {
        let shard = shards[Self.shardIndex()]
        let sequence = nextSequence.wrappingAdd(1, ordering: .relaxed).newValue
        let limit = capacity / Self.shardCount
        func stored(_ credential: String?, during: Bool) -> Stored {
            Stored(
                sequence: sequence, time: arrival, method: method, path: path, status: status, connection: connection, credential: credential,
                faults: faults, throttled: signal != nil, sentDuringBackoff: during)
        }
        if signal == nil, backoffCount.load(ordering: .relaxed) == 0 {
            let appended = shard.state.withLock { state -> Stored? in
                var credential: String?
                if let credentialKey {
                    guard let known = state.name(for: credentialKey) else { return nil }
                    credential = known
                }
                let entry = stored(credential, during: false)
                state.append(entry, limit: limit)
                return entry
            }
            if let appended { return appended }
        }
        var credential: String?
        if let credentialKey {
            credential = shard.state.withLock { $0.name(for: credentialKey) }
            if credential == nil {
                let resolved = name(credentialKey)
                credential = resolved
                shard.state.withLock { $0.remember(credentialKey, as: resolved) }
            }
        }
        let during =
            signal != nil || backoffCount.load(ordering: .relaxed) > 0
            ? trackBackoff(credential ?? "", arrival: arrival, signal: signal, metered: metered) : false
        let entry = stored(credential, during: during)
        shard.state.withLock { $0.append(entry, limit: limit) }
        return entry
    }

    /// Whether this request was sent during its caller's back-off; updates the back-off.
    private func trackBackoff(_ key: String, arrival: Date, signal: BackoffSignal?, metered: Bool) -> Bool {
        backoffs.withLock { backoffs in
            var backoff = backoffs[key] ?? Backoff()
            let during = metered && ((backoff.until.map { arrival < $0 } ?? false) || (backoff.untilLifted && signal != nil))
            switch signal {
            case .retryAfter(let seconds):
                let until = arrival.addingTimeInterval(seconds)
                backoff.until = max(backoff.until ?? until, until)
            case .untilLifted:
                backoff.untilLifted = true
            case nil:
                if metered { backoff.untilLifted = false }
            }
            if backoff.until != nil || backoff.untilLifted {
                backoffs[key] = backoff
            } else {
                backoffs[key] = nil
            }
            backoffCount.store(backoffs.count, ordering: .relaxed)
            return during
        }
    }

    /// Spreads connection threads over the shards.
    private static func shardIndex() -> Int {
        let thread = UInt64(pthread_self())
        // Thread handles are far-apart addresses: mix the bits before taking a few.
        return Int((thread &* 0x9E37_79B9_7F4A_7C15) >> 60) % shardCount
    }

    // MARK: reading

    private func entry(_ stored: Stored) -> RequestLogEntry {
        RequestLogEntry(
            sequence: stored.sequence, time: stored.time, method: stored.method, path: stored.path, route: route(stored.method, stored.path),
            status: stored.status, connection: stored.connection, credential: stored.credential, faults: stored.faults,
            throttled: stored.throttled, sentDuringBackoff: stored.sentDuringBackoff)
    }

    private func merged(after sequence: Int) -> (entries: [Stored], dropped: Int) {
        var all: [Stored] = []
        var dropped = 0
        for shard in shards {
            shard.state.withLock { state in
                dropped += state.dropped
                // Not a binary search: two threads on one shard may append slightly out of order.
                all.append(contentsOf: state.entries.lazy.filter { $0.sequence > sequence })
            }
        }
        return (all.sorted { $0.sequence < $1.sequence }, dropped)
    }

    /// Every entry kept, in sequence order.
    public var entries: [RequestLogEntry] { merged(after: 0).entries.map(entry) }

    /// Entries with a sequence number greater than `sequence`.
    public func entries(after sequence: Int) -> [RequestLogEntry] { merged(after: sequence).entries.map(entry) }

    public var count: Int { shards.reduce(0) { total, shard in total + shard.state.withLock { $0.entries.count } } }

    public var summary: RequestLogSummary {
        let (stored, dropped) = merged(after: 0)
        return RequestLogSummary(entries: stored.map(entry), dropped: dropped)
    }

    /// Forgets every entry and every back-off (the admin API's reset). Sequence numbers go on.
    public func clear() {
        for shard in shards { shard.state.withLock { $0 = ShardState() } }
        backoffs.withLock { backoffs in
            backoffs = [:]
            backoffCount.store(0, ordering: .relaxed)
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
