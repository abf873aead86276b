import Foundation

/// A rollback the runner asked the connector for, as the journals mark it.
/// The runner only asks and notes where each system's journal stood; the
/// scorer (`RollbackJudgement`) reads the journals to decide, record by
/// record, what was restored, what was missed and what was collateral.
public struct RollbackEvidence: Sendable, Codable, Hashable {
    public var checkpoint: String
    /// The rollback step (`steps[6]`), whose outcome the scorer sets from its judgement.
    public var step: String?
    public var checkpointTime: Date
    public var requestedAt: Date
    /// The control API's answer (`200`), or why there was none.
    public var answer: String
    /// Where each system's journal stood (its last sequence number) at the
    /// checkpoint, when the connector answered, and once its writes settled.
    /// Absent from evidence written when the runner judged rollbacks itself.
    public var marks: [String: Marks]?
    /// Records the connector wrote after the checkpoint: restored exactly to their checkpoint state.
    public var restored: [String]
    /// Records it wrote after the checkpoint that still differ (with the first differing field).
    public var missed: [Difference]
    /// Records it changed during the rollback that it had not written after the checkpoint.
    public var collateral: [String]

    public struct Marks: Sendable, Codable, Hashable {
        public var checkpoint: Int
        public var answered: Int
        public var settled: Int

        public init(checkpoint: Int, answered: Int, settled: Int) {
            self.checkpoint = checkpoint
            self.answered = answered
            self.settled = settled
        }
    }

    public struct Difference: Sendable, Codable, Hashable {
        public var side: String
        public var recordId: String
        public var detail: String
    }

    public init(
        checkpoint: String, step: String? = nil, checkpointTime: Date, requestedAt: Date, answer: String, marks: [String: Marks]? = nil, restored: [String] = [],
        missed: [Difference] = [], collateral: [String] = []
    ) {
        self.checkpoint = checkpoint
        self.step = step
        self.checkpointTime = checkpointTime
        self.requestedAt = requestedAt
        self.answer = answer
        self.marks = marks
        self.restored = restored
        self.missed = missed
        self.collateral = collateral
    }
}
