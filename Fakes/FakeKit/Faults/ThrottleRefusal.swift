import Foundation

/// Why a throttle refused a request, for the dialect to answer in its own words.
public struct ThrottleRefusal: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        /// The window's quota is spent.
        case quota
        /// Too many requests in flight at once.
        case concurrency
    }

    public let reason: Reason
    /// The quota when the reason is `quota` (nil for a concurrency refusal of a throttle without one).
    public let quota: ThrottleQuota?
    public let maxConcurrent: Int?
    /// Whole seconds the client is told to wait (`Retry-After`).
    public let retryAfterSeconds: Int
    /// The throttle's `retryAfter`: whether the answer names that wait (nil: the dialect's habit).
    public let sendsRetryAfter: Bool?

    public init(reason: Reason, quota: ThrottleQuota?, maxConcurrent: Int?, retryAfterSeconds: Int, sendsRetryAfter: Bool? = nil) {
        self.reason = reason
        self.quota = quota
        self.maxConcurrent = maxConcurrent
        self.retryAfterSeconds = retryAfterSeconds
        self.sendsRetryAfter = sendsRetryAfter
    }
}
