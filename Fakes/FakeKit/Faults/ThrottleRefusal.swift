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

    public init(reason: Reason, quota: ThrottleQuota?, maxConcurrent: Int?, retryAfterSeconds: Int) {
        self.reason = reason
        self.quota = quota
        self.maxConcurrent = maxConcurrent
        self.retryAfterSeconds = retryAfterSeconds
    }
}
