import Foundation

/// One write the connector made, as `/history` shows it and `/rollback` undoes it.
struct SyncOperation: Codable, Sendable {
    var time: Date
    /// `prm-to-crm`, `crm-to-prm`, or `rollback`.
    var direction: String
    /// The system written: `crm` or `prm`.
    var system: String
    var object: String
    var recordId: String
    /// `create`, `update`, `status`.
    var operation: String
    /// For updates: the written fields' values before the write.
    var before: [String: FieldValue]?
    var after: [String: FieldValue]
    /// The source record this write came from (`prm:dr_000001`).
    var source: String?
}
