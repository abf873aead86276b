/// A request log in numbers: totals, and counts by route, status and credential.
public struct RequestLogSummary: Codable, Sendable, Hashable {
    public var total = 0
    public var faulted = 0
    public var throttled = 0
    public var sentDuringBackoff = 0
    /// `GET /services/data/:version/query` → requests.
    public var byRoute: [String: Int] = [:]
    /// `"200"`, `"403"`, or `"none"` when no answer was sent.
    public var byStatus: [String: Int] = [:]
    /// Credential → requests (`anonymous` for none).
    public var byCredential: [String: Int] = [:]
    /// Entries dropped from the front of the log once it was full.
    public var dropped = 0

    public init() {}

    public init(entries: [RequestLogEntry], dropped: Int = 0) {
        self.dropped = dropped
        for entry in entries { add(entry) }
    }

    public mutating func add(_ entry: RequestLogEntry) {
        total += 1
        if entry.faulted { faulted += 1 }
        if entry.throttled { throttled += 1 }
        if entry.sentDuringBackoff { sentDuringBackoff += 1 }
        byRoute[entry.route, default: 0] += 1
        byStatus[entry.status.map(String.init) ?? "none", default: 0] += 1
        byCredential[entry.credential ?? "anonymous", default: 0] += 1
    }
}
