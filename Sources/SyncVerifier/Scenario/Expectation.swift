import FakeKit

/// An outcome that must hold within a deadline. The runner polls the fakes in
/// process until it holds (and notes the journal time it first did) or the
/// deadline passes. `noWrite` is the exception: it must hold for the whole window.
public struct Expectation: Sendable {
    public enum Kind: Sendable {
        /// At least one record matches `where` and carries `fields`; the first is bound.
        case record(side: Side, object: String, where: [String: Matcher], fields: [String: Matcher], bind: String?)
        /// No record matches `where`.
        case noRecord(side: Side, object: String, where: [String: Matcher])
        /// Exactly `equals` records match `where` (no duplicates).
        case count(side: Side, object: String, where: [String: Matcher], equals: Int)
        /// The connector posted an alert naming `object` and/or `recordId`, or containing `contains`.
        case alert(object: String?, recordId: Template?, contains: String?)
        /// No alert at all arrives in the window (clean runs).
        case noAlert
        /// The connector writes nothing of this kind during the window.
        case noWrite(side: Side, object: String?, operation: String?, field: String?)
        /// The PRM booked exactly `bookings` incentives of each kind for the registration.
        case incentives(registration: Template, bookings: Int)
        /// The connector's control API answers `/health` and its `/history` is not empty.
        case controlHistory
        /// Some record the connector wrote on `side` (of `object`, if given) holds
        /// this value in some field, whatever the connector calls the field.
        case value(side: Side, object: String?, equals: Template)
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
        }
    }
}
