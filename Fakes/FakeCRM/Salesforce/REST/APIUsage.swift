import Synchronization

/// The org's daily API request allowance, as `Sforce-Limit-Info:
/// api-usage=N/M` and `limits/` report it. The fault layer can exhaust it.
public final class APIUsage: Sendable {
    private let state: Mutex<(used: Int, limit: Int)>

    public init(limit: Int) { state = Mutex((0, limit)) }

    /// Counts one request; returns the usage after it.
    @discardableResult
    public func record() -> (used: Int, limit: Int) {
        state.withLock { state in
            state.used += 1
            return state
        }
    }

    public var current: (used: Int, limit: Int) { state.withLock { $0 } }

    public func set(used: Int? = nil, limit: Int? = nil) {
        state.withLock { state in
            if let used { state.used = used }
            if let limit { state.limit = limit }
        }
    }

    /// The header value, exactly as Salesforce writes it (clients parse it
    /// with an anchored pattern).
    public var headerValue: String {
        let (used, limit) = current
        return "api-usage=\(used)/\(limit)"
    }
}
