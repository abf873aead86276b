import Foundation

/// Where a throttle's quota stands after one request: what the dialect
/// reports on every answer (`Sforce-Limit-Info: api-usage=used/limit`,
/// `X-RateLimit-*`), so the headers always agree with what is refused.
public struct ThrottleQuota: Sendable, Equatable {
    public let limit: Int
    /// Requests admitted in the current window, this one included.
    public let used: Int
    public var remaining: Int { max(0, limit - used) }
    /// Whole seconds until the window resets (at least 1).
    public let resetSeconds: Int
    /// When the window resets, on the journal clock.
    public let resetsAt: Date

    public init(limit: Int, used: Int, resetSeconds: Int, resetsAt: Date) {
        self.limit = limit
        self.used = used
        self.resetSeconds = resetSeconds
        self.resetsAt = resetsAt
    }
}
