/// What an answer told its client about backing off, as the request log
/// keeps it per credential.
public enum BackoffSignal: Sendable, Equatable {
    /// Wait this many seconds (`Retry-After`, or a throttle window's reset).
    case retryAfter(seconds: Double)
    /// Wait until the limit is lifted, at a time the answer does not say
    /// (Salesforce's spent daily allowance): a request counts as sent during
    /// back-off while it is still refused.
    case untilLifted
}
