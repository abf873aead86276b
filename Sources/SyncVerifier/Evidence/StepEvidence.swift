import Foundation

/// What happened at one step: its outcome, timing and the records involved.
public struct StepEvidence: Sendable, Codable, Hashable {
    public enum Outcome: String, Sendable, Codable, Hashable {
        case passed, failed
        /// The connector lacks the capability the step needs (a rollback without a control API).
        case unsupported
        /// Not reached: the connector died or the scenario ran out of time before it.
        case skipped
        /// The scenario itself could not do what it says (an act the fake refused).
        case error
    }

    public var index: Int
    /// `steps[4]`.
    public var path: String
    /// `act`, `expect`, `inject`, …
    public var keyword: String
    /// For expectations: `record`, `alert`, `noWrite`, …; for acts the verb.
    public var kind: String
    public var note: String?
    /// The checklist ids this check is evidence for (nil: all of the scenario's).
    public var checklist: [String]?
    public var outcome: Outcome
    public var detail: String
    public var startedAt: Date
    public var finishedAt: Date
    /// Journal-clock time an expectation first held (or an act's write happened).
    public var metAt: Date?
    /// The deadline an expectation had.
    public var withinSeconds: Double?
    public var side: String?
    public var object: String?
    public var recordIds: [String]
}
