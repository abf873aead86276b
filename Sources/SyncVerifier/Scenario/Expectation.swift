import FakeKit

/// An outcome that must hold within a deadline. The runner polls the fakes in
/// process until it holds (and notes the journal time it first did) or the
/// deadline passes. `noWrite` is the exception: it must hold for the whole window.
public struct Expectation: Sendable {
    public enum Kind: Sendable {
        /// At least one record matches `where` and carries `fields`; the first is bound.
        case record(side: SystemID, object: String, where: [String: Matcher], fields: [String: Matcher], bind: String?)
        /// No record matches `where`.
        case noRecord(side: SystemID, object: String, where: [String: Matcher])
        /// Exactly `equals` records match `where` (no duplicates).
        case count(side: SystemID, object: String, where: [String: Matcher], equals: Int)
        /// The connector posted an alert naming `object` and/or `recordId`, or containing `contains`.
        case alert(object: String?, recordId: Template?, contains: String?)
        /// No alert at all arrives in the window (clean runs).
        case noAlert
        /// The connector writes nothing of this kind during the window.
        case noWrite(side: SystemID, object: String?, operation: String?, field: String?)
        /// The PRM booked exactly `bookings` incentives of each kind for the registration.
        case incentives(registration: Template, bookings: Int)
        /// The connector's control API answers `/health` and its `/history` is not empty.
        case controlHistory
        /// Some record the connector wrote on `side` (of `object`, if given) holds
        /// this value in some field, whatever the connector calls the field.
        case value(side: SystemID, object: String?, equals: Template)
        /// The requests `side`'s fake received (its request log, as WireMock's
        /// journal is asserted on) that match `where` number at least, at most
        /// or exactly so many — or, with `perSyncedRecord`, so many per record
        /// the connector wrote. Only an `atLeast` is met early; the others
        /// must hold at the end of the window.
        case requests(side: SystemID, where: [String: Matcher], bounds: RequestBounds)
    }

    /// How many requests an expectation allows.
    public struct RequestBounds: Sendable, Hashable {
        public var atLeast: Double?
        public var atMost: Double?
        public var equals: Double?
        /// Counted per record the connector wrote (both systems), not in total.
        public var perSyncedRecord: Bool

        /// Only a lower bound: met as soon as it holds, like a record expectation.
        public var metEarly: Bool { atMost == nil && equals == nil }

        public func accepts(_ value: Double) -> Bool {
            (atLeast.map { value >= $0 } ?? true) && (atMost.map { value <= $0 } ?? true) && (equals.map { abs(value - $0) < 1e-9 } ?? true)
        }

        public var text: String {
            [atLeast.map { "at least \(ReportFormatting.number($0, digits: 2))" }, atMost.map { "at most \(ReportFormatting.number($0, digits: 2))" },
             equals.map { "exactly \(ReportFormatting.number($0, digits: 2))" }].compactMap { $0 }.joined(separator: " and ")
                + (perSyncedRecord ? " per synced record" : "")
        }
    }

    /// What a `requests` expectation's `where` may name: the request log's fields, in this order in messages.
    public static let requestFields = ["method", "path", "route", "status", "connection", "caller", "faulted", "throttled", "sentDuringBackoff"]

    /// A request-log entry as the fields a `requests` expectation matches on (keyed by `requestFields`).
    public static func requestFields(of entry: RequestLogEntry) -> [String: JSONValue] {
        [
            "method": .string(entry.method), "path": .string(entry.path), "route": .string(entry.route),
            "status": entry.status.map { .int($0) } ?? .null, "connection": .string(entry.connection),
            "caller": entry.credential.map { .string($0) } ?? .null, "faulted": .bool(entry.faulted), "throttled": .bool(entry.throttled),
            "sentDuringBackoff": .bool(entry.sentDuringBackoff),
        ]
    }

    public var kind: Kind
    public var withinSeconds: Double

    public var keyword: String {
        switch kind {
        case .record: "record"
        case .noRecord: "noRecord"
        case .count: "count"
        case .alert: "alert"
        case .noAlert: "noAlert"
        case .noWrite: "noWrite"
        case .incentives: "incentives"
        case .controlHistory: "controlHistory"
        case .value: "value"
        case .requests: "requests"
        }
    }
}
