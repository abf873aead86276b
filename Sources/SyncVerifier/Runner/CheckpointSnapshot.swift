import FakeCRM
import FakeKit
import Foundation

/// Both systems' records at a named moment, so a rollback can be checked
/// record by record against what was there.
struct CheckpointSnapshot {
    let name: String
    let time: Date
    let sequences: [Side: Int]
    /// id → (fields, deleted) for every record on each side.
    let records: [Side: [String: (fields: [String: JSONValue], deleted: Bool)]]

    init(name: String, world: World) {
        self.name = name
        time = world.clock.now()
        var sequences: [Side: Int] = [:]
        var records: [Side: [String: ([String: JSONValue], Bool)]] = [:]
        for side in Side.allCases {
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
    }

    /// Fields that change on every write and are not the connector's to restore.
    static func comparable(_ fields: [String: JSONValue], side: Side) -> [String: JSONValue] {
        fields.filter { key, _ in
            side == .crm ? !SalesforceSchema.isSystemField(key) : !["updatedAt", "createdAt"].contains(key)
        }
    }

    /// nil when the record is as it was at the checkpoint, else what differs.
    func difference(side: Side, id: String, now record: Record?) -> String? {
        let before = records[side]?[id]
        switch (before, record) {
        case (nil, nil): return nil
        case (nil, let record?): return record.isDeleted ? nil : "created after the checkpoint and still there"
        case (let before?, nil): return before.deleted ? nil : "existed at the checkpoint and is gone"
        case (let before?, let record?):
            if before.deleted != record.isDeleted { return before.deleted ? "was deleted at the checkpoint, now restored" : "deleted since the checkpoint" }
            let old = Self.comparable(before.fields, side: side)
            let new = Self.comparable(record.fields, side: side)
            for key in Set(old.keys).union(new.keys).sorted() where (old[key] ?? .null) != (new[key] ?? .null) {
                return "\(key) is \(new[key] ?? .null), was \(old[key] ?? .null)"
            }
            return nil
        }
    }
}
