import FakeKit
import Foundation

/// Every record of one system as its journal leaves it at the end of the
/// scenario (deleted ones gone), and which of them the connector wrote.
struct LatestRecords {
    struct Record {
        let object: String
        let fields: [String: JSONValue]
        let modifiedAt: Date
    }

    private(set) var records: [String: Record] = [:]
    private(set) var writtenByConnector: Set<String> = []

    init(_ entries: [JournalEntry], connector: Set<String>) {
        for entry in entries {
            guard let id = entry.recordID, entry.operation != .schema else { continue }
            if connector.contains(entry.actor) { writtenByConnector.insert(id) }
            if entry.operation == .delete {
                records[id] = nil
            } else if let after = entry.after {
                records[id] = Record(object: entry.object, fields: after, modifiedAt: entry.time)
            }
        }
    }

    subscript(id: String) -> Record? { records[id] }

    /// When a field last changed value, on the journal clock.
    static func lastChange(of field: String, record id: String, in entries: [JournalEntry]) -> Date? {
        entries.last { $0.recordID == id && $0.before?[field] != $0.after?[field] }?.time
    }
}
