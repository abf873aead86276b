import Synchronization

/// The org's daily API request allowance, as `Sforce-Limit-Info:
/// api-usage=N/M` and `limits/` report it. The fault layer can exhaust it.
/// Atomics, not a lock: every request reads and bumps it.
public final class APIUsage: Sendable {
    private let used: Atomic<Int>
    private let limit: Atomic<Int>

    public init(limit: Int) {
        used = Atomic(0)
        self.limit = Atomic(limit)
    }

    /// Counts one request; returns the usage after it.
    @discardableResult
    public func record() -> (used: Int, limit: Int) {
        (used.wrappingAdd(1, ordering: .relaxed).newValue, limit.load(ordering: .relaxed))
    }

    public var current: (used: Int, limit: Int) { (used.load(ordering: .relaxed), limit.load(ordering: .relaxed)) }

    public func set(used newUsed: Int? = nil, limit newLimit: Int? = nil) {
        if let newUsed { used.store(newUsed, ordering: .relaxed) }
        if let newLimit { limit.store(newLimit, ordering: .relaxed) }
    }

    /// The header value, exactly as Salesforce writes it (clients parse it
    /// with an anchored pattern).
    public var headerValue: String {
        let (used, limit) = current
        return "api-usage=\(used)/\(limit)"
    }
}
