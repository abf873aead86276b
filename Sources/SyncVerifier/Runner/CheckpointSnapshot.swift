import FakeKit
import Foundation

/// Both systems' records at a named moment, so a rollback can be checked
/// record by record against what was there.
struct CheckpointSnapshot {
    let name: String
    let time: Date
    let sequences: [SystemID: Int]
    /// id → (fields, deleted) for every record on each side.
    let records: [SystemID: [String: (fields: [String: JSONValue], deleted: Bool)]]

    init(name: String, world: World) {
        self.name = name
        time = world.clock.now()
        var sequences: [SystemID: Int] = [:]
        var records: [SystemID: [String: ([String: JSONValue], Bool)]] = [:]
        for side in world.systemIDs {
            sequences[side] = world.journal(side).count
            let store = world.store(side)
            var table: [String: ([String: JSONValue], Bool)] = [:]
            for object in store.schema.objects {
                for record in store.records(of: object.name, includeDeleted: true) { table[record.id] = (record.fields, record.isDeleted) }
            }
            records[side] = table
        }
        self.sequences = sequences
        self.records = records
        stamped = Dictionary(uniqueKeysWithValues: world.systemIDs.map { ($0, world.stampedFields($0)) })
    }

    /// Fields that change on every write and are not the connector's to restore, per system.
    let stamped: [SystemID: Set<String>]

    func comparable(_ fields: [String: JSONValue], side: SystemID) -> [String: JSONValue] {
        JournalFindings.comparable(fields, stamped: stamped[side] ?? [])
    }

    /// What a record should be after a perfect rollback: its checkpoint state
    /// with everyone else's later writes applied, field by field (people kept
    /// working; only the connector's writes are undone).
    func expected(side: SystemID, id: String, journal: [JournalEntry], connector: String?) -> (fields: [String: JSONValue], deleted: Bool)? {
        var state = records[side]?[id]
        for entry in journal where entry.sequence > sequences[side]! && entry.recordID == id && entry.actor != connector {
            switch entry.operation {
            case .create: state = (entry.after ?? [:], false)
            case .update:
                var fields = state?.fields ?? [:]
                for key in entry.changedFields { fields[key] = entry.after?[key] ?? .null }
                state = (fields, state?.deleted ?? false)
            case .delete: state = (state?.fields ?? entry.before ?? [:], true)
            case .undelete: state = (state?.fields ?? entry.after ?? [:], false)
            case .schema: break
            }
        }
        return state
    }

    /// nil when the record is as a perfect rollback leaves it, else what differs.
    func difference(side: SystemID, id: String, now record: Record?, journal: [JournalEntry], connector: String?) -> String? {
        let before = expected(side: side, id: id, journal: journal, connector: connector)
        switch (before, record) {
        case (nil, nil): return nil
        case (nil, let record?): return record.isDeleted ? nil : "created by the connector after the checkpoint and still there"
        case (let before?, nil): return before.deleted ? nil : "should exist and is gone"
        case (let before?, let record?):
            if before.deleted != record.isDeleted { return before.deleted ? "should be deleted and is not" : "deleted by the connector and not restored" }
            let old = comparable(before.fields, side: side)
            let new = comparable(record.fields, side: side)
            for key in Set(old.keys).union(new.keys).sorted() where (old[key] ?? .null) != (new[key] ?? .null) {
                return "\(key) is \(new[key] ?? .null), should be \(old[key] ?? .null)"
            }
            return nil
        }
    }
}
