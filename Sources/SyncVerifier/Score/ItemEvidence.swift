import Foundation

/// One piece of evidence behind a verdict: an expectation's outcome, or a
/// finding from the journals (a duplicate, an echo).
public struct ItemEvidence: Sendable, Codable, Hashable {
    public var scenario: String
    /// `steps[3]`, or `journal` for findings across the run.
    public var step: String
    public var outcome: String
    public var detail: String
    public var recordIds: [String]
    /// Seconds from the step's start to when it held, when it did.
    public var seconds: Double?
}
