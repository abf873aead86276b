import FakeKit
import Foundation

/// One fake's traffic as evidence, from its request log: requests by route,
/// what the fault layer did, and requests sent while told to back off.
public struct RequestSummary: Sendable, Codable, Hashable {
    public var total: Int
    /// `GET /services/data/:version/query` → count (the request log's routes).
    public var byRoute: [String: Int]
    /// Requests a fault touched, by fault (`outage`, `throttle`, `latency`).
    public var faulted: [String: Int]
    /// Requests refused for being over a quota (the dialect's 403/429).
    public var throttled: Int
    /// Requests sent while the client had been told to back off (Retry-After, REQUEST_LIMIT_EXCEEDED).
    public var sentDuringBackoff: Int

    public init(_ entries: [RequestLogEntry]) {
        total = entries.count
        var routes: [String: Int] = [:]
        var faulted: [String: Int] = [:]
        for entry in entries {
            routes[entry.route, default: 0] += 1
            for fault in entry.faults { faulted[String(fault.prefix { $0 != ":" && $0 != "#" }), default: 0] += 1 }
        }
        byRoute = routes
        self.faulted = faulted
        throttled = entries.filter(\.throttled).count
        sentDuringBackoff = entries.filter(\.sentDuringBackoff).count
    }

    public init(total: Int = 0, byRoute: [String: Int] = [:], faulted: [String: Int] = [:], throttled: Int = 0, sentDuringBackoff: Int = 0) {
        self.total = total
        self.byRoute = byRoute
        self.faulted = faulted
        self.throttled = throttled
        self.sentDuringBackoff = sentDuringBackoff
    }
}
