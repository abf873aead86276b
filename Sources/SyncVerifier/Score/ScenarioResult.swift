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
