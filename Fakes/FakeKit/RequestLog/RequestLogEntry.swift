import Foundation

/// One request a fake received, as the scorer reads it: when, what, who,
/// how it was answered, and whether faults, throttling or back-off were involved.
public struct RequestLogEntry: Codable, Sendable, Hashable {
    /// Position in this log, from 1.
    public let sequence: Int
    /// When the request arrived, on the world's journal clock.
    public let time: Date
    public let method: String
    /// The path, without the query string.
    public let path: String
    /// The route it counts under (`GET /api/v1/partners/:id`).
    public let route: String
    /// The status answered; nil when no answer was sent (a reset or held connection).
    public let status: Int?
    /// How the connection ended: `send`, `reset`, `closeMidBody` or `holdOpen`.
    public let connection: String
    /// The caller: an OAuth client id or PRM key name (the journal's actor),
    /// `token:<fingerprint>` for an unknown or revoked token, nil without credentials.
    public let credential: String?
    /// What the fault layer did (`latency:50`, `outage:status`, `throttle:quota`); empty when nothing.
    public let faults: [String]
    /// Whether a fault touched the request (`faults` is not empty), written
    /// out for readers of the JSON, who should not have to derive it.
    public let faulted: Bool
    /// Whether the answer refused it for a limit (a throttle fault, the PRM's
    /// own quota, Salesforce's spent daily allowance).
    public let throttled: Bool
    /// Whether it was sent while its credential had been told to back off:
    /// before the `Retry-After` moment given to that caller, or (Salesforce)
    /// after `REQUEST_LIMIT_EXCEEDED` until the throttle window reset.
    public let sentDuringBackoff: Bool

    public init(
        sequence: Int, time: Date, method: String, path: String, route: String, status: Int?, connection: String, credential: String?,
        faults: [String], throttled: Bool, sentDuringBackoff: Bool
    ) {
        self.sequence = sequence
        self.time = time
        self.method = method
        self.path = path
        self.route = route
        self.status = status
        self.connection = connection
        self.credential = credential
        self.faults = faults
        self.faulted = !faults.isEmpty
        self.throttled = throttled
        self.sentDuringBackoff = sentDuringBackoff
    }
}
