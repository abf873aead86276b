/// A checklist item with its status and the evidence that decided it.
public struct ItemVerdict: Sendable, Codable, Hashable {
    public var id: String
    public var section: String
    public var question: String
    public var status: ItemStatus
    /// For `partial`: the share of its evidence that passed (0…1); 1 for pass, 0 for fail.
    public var fraction: Double?
    /// One line: why this status.
    public var summary: String
    public var scenarios: [String]
    public var evidence: [ItemEvidence]
}
