import Foundation

/// A scenario's outcome in the scorecard, with one entry per expectation
/// (what JUnit calls a test case).
public struct ScenarioResult: Sendable, Codable, Hashable {
    public var name: String
    public var file: String
    public var description: String
    public var checklist: [String]
    public var verdict: ScenarioEvidence.Verdict
    public var reason: String?
    public var durationSeconds: Double
    public var checks: [Check]
    public var connectorOutput: String
    /// Whether the connector started and worked here: what every pass in the scenario stands on.
    public var connector: ConnectorSummary?

    public struct ConnectorSummary: Sendable, Codable, Hashable {
        /// It passed its startup check at least once.
        public var started: Bool
        /// Why it did not start, or what ended it, as the runner saw it.
        public var failure: String?
        /// Journal writes made with its credentials, on every system.
        public var writes: Int
        /// The scenario failed before the connector's turn (a world that would not build): no verdict on the connector.
        public var notTheConnectorsFault: Bool
    }

    public struct Check: Sendable, Codable, Hashable {
        public var step: String
        /// `expect record`, `rollback`, …
        public var name: String
        public var note: String?
        public var outcome: StepEvidence.Outcome
        public var detail: String
        /// Seconds from the step's start until it held (or gave up).
        public var seconds: Double
    }
}
