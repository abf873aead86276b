import Foundation

/// One write to a fake system, as the scorer reads it: who changed what,
/// when, and the record before and after.
public struct JournalEntry: Sendable, Hashable, Codable {
    public enum Operation: String, Sendable, Hashable, Codable {
        case create, update, delete, undelete
        /// A change to the schema (drift, or a connector creating fields).
        case schema
    }

    /// Position in this journal, from 1, without gaps.
    public let sequence: Int
    /// When the write happened, on the world's `JournalClock`.
    public let time: Date
    /// Which system wrote it: `crm` or `prm`.
    public let system: String
    /// The credential that made the write (an OAuth client id, an API key's
    /// name, a partner user) or `harness` for scenario steps and seeding.
    public let actor: String
    public let operation: Operation
    public let object: String
    public let recordID: String?
    /// Field values before the write (nil for a create).
    public let before: [String: JSONValue]?
    /// Field values after the write (nil for a delete).
    public let after: [String: JSONValue]?
    /// The API surface the write came through (`rest`, `composite`, `admin`…),
    /// so the scorer can tell batched writes from single ones.
    public let channel: String

    public init(
        sequence: Int, time: Date, system: String, actor: String, operation: Operation, object: String,
        recordID: String?, before: [String: JSONValue]?, after: [String: JSONValue]?, channel: String
    ) {
        self.sequence = sequence
        self.time = time
        self.system = system
        self.actor = actor
        self.operation = operation
        self.object = object
        self.recordID = recordID
        self.before = before
        self.after = after
        self.channel = channel
    }

    /// The fields whose values differ between before and after.
    public var changedFields: [String] {
        let keys = Set((before ?? [:]).keys).union((after ?? [:]).keys)
        return keys.filter { before?[$0] != after?[$0] }.sorted()
    }
}
