import Foundation

/// How a rollback to a checkpoint went, record by record, from the journals.
public struct RollbackEvidence: Sendable, Codable, Hashable {
    public var checkpoint: String
    public var checkpointTime: Date
    public var requestedAt: Date
    /// The control API's answer (`200`), or why there was none.
    public var answer: String
    /// Records the connector wrote after the checkpoint: restored exactly to their checkpoint state.
    public var restored: [String]
    /// Records it wrote after the checkpoint that still differ (with the first differing field).
    public var missed: [Difference]
    /// Records it changed during the rollback that it had not written after the checkpoint.
    public var collateral: [String]

    public struct Difference: Sendable, Codable, Hashable {
        public var side: String
        public var recordId: String
        public var detail: String
    }
}
