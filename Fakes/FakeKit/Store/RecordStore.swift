import Foundation
import Synchronization

/// The records of one fake system, checked against its live schema, indexed
/// by id and by unique / external-id fields, and journaled on every write.
///
/// All state sits behind one lock: writes are short, and a query reads one
/// consistent view (`read`) instead of racing concurrent writers.
public final class RecordStore: Sendable {
    public let system: String
    public let journal: Journal
    private let ids: any RecordIDGenerator
    private let state: Mutex<StoreState>

    public init(
        system: String, schema: Schema, journal: Journal, ids: any RecordIDGenerator, derivation: (any FieldDerivation)? = nil
    ) {
        self.system = system
        self.journal = journal
        self.ids = ids
        state = Mutex(StoreState(schema: schema, modifiedAt: journal.clock.now(), derivation: derivation))
    }

    // MARK: schema

    public var schema: Schema { state.withLock { $0.schema } }
    public var schemaVersion: Int { state.withLock { $0.schemaVersion } }
    public var schemaModifiedAt: Date { state.withLock { $0.schemaModifiedAt } }

    /// Changes the live schema (drift, or a connector creating fields) and
    /// journals it. Indexes follow the new schema.
    public func changeSchema(actor: String, channel: String, object: String, _ change: (inout Schema) throws -> Void) throws {
        try changeSchema(actor: actor, channel: channel, object: object, change, migrating: nil)
    }

    /// Changes the live schema and, in the same step under the same lock,
    /// the stored values of the object's records: a drift that renames,
    /// retypes or deletes a field, or backfills a new one. `migrate` gets each
    /// record (deleted ones too) and the time, and returns its new state or
    /// nil to leave it; every changed live record is journaled as an update
    /// on `channel`, after the schema entry. Returns how many records changed.
    @discardableResult
    public func changeSchema(
        actor: String, channel: String, object: String, _ change: (inout Schema) throws -> Void,
        migrating migrate: ((Record, Date) -> Record?)?
    ) throws -> Int {
        try state.withLock { state in
            let before = state.schema.object(object)
            var schema = state.schema
            try change(&schema)
            state.schema = schema
            state.schemaVersion += 1
            let entry = journal.append(
                actor: actor, operation: .schema, object: object, recordID: nil,
                before: before.map(StoreState.summary), after: schema.object(object).map(StoreState.summary), channel: channel)
            state.schemaModifiedAt = entry.time
            var changed = 0
            if let migrate, let name = schema.object(object)?.name {
                for id in state.order[name] ?? [] {
                    guard let current = state.records[id], let migrated = migrate(current, entry.time), migrated != current else { continue }
                    state.records[id] = migrated
                    changed += 1
                    if !current.isDeleted {
                        journal.append(
                            actor: actor, operation: .update, object: name, recordID: id, before: current.fields, after: migrated.fields,
                            channel: channel)
                    }
                }
            }
            state.rebuildIndexes()
            return changed
        }
    }

    // MARK: writes

    /// Creates a record. `id` keeps a given id (seed data, imported records)
    /// instead of generating one; it must not be in use.
    public func create(
        _ object: String, _ fields: [String: JSONValue], id: String? = nil, actor: String, channel: String
    ) throws(StoreError) -> Record {
        try state.withLock { state throws(StoreError) in
            if let id, let existing = state.records[id] { throw .duplicateValue(field: "Id", existingID: existing.id) }
            let generator: any RecordIDGenerator = id.map { FixedID($0) } ?? ids
            let record = try state.prepareCreate(object, fields, actor: actor, now: journal.clock.now(), ids: generator)
            state.insert(record)
            journal.append(
                actor: actor, operation: .create, object: record.object, recordID: record.id, before: nil, after: record.fields,
                channel: channel)
            return record
        }
    }

    public func update(id: String, _ changes: [String: JSONValue], actor: String, channel: String) throws(StoreError) -> Record {
        try state.withLock { state throws(StoreError) in
            guard let current = state.records[id] else { throw .notFound(id: id) }
            guard !current.isDeleted else { throw .entityIsDeleted(id: id) }
            let updated = try state.prepareUpdate(current, changes, actor: actor, now: journal.clock.now())
            state.replace(current, with: updated)
            journal.append(
                actor: actor, operation: .update, object: updated.object, recordID: id, before: current.fields,
                after: updated.fields, channel: channel)
            return updated
        }
    }

    /// Deletes a record (kept as deleted, for `queryAll`, undelete and the
    /// deleted-records feed). Children with a cascading reference are deleted
    /// with it; other references to it are cleared, each journaled.
    @discardableResult
    public func delete(id: String, actor: String, channel: String) throws(StoreError) -> Record {
        try state.withLock { state throws(StoreError) in
            guard let current = state.records[id] else { throw .notFound(id: id) }
            guard !current.isDeleted else { throw .entityIsDeleted(id: id) }
            var pending = PendingJournal()
            let deleted = state.delete(current, actor: actor, channel: channel, now: journal.clock.now(), pending: &pending)
            pending.flush(to: journal)
            return deleted
        }
    }

    /// Several writes under one lock, as composite APIs make them. With
    /// `allOrNone`, one failure undoes them all and nothing is journaled;
    /// otherwise each succeeds or fails on its own.
    public func batch(
        _ operations: [BatchOperation], allOrNone: Bool, actor: String, channel: String
    ) -> [Result<Record, StoreError>] {
        batch(allOrNone: allOrNone, actor: actor, channel: channel) { done in
            done.count < operations.count ? operations[done.count] : nil
        }
    }

    /// Several writes under one lock where each may depend on the ones
    /// before (a composite request's `@{ref.id}`): `next` gets the results
    /// so far and returns the next write, or nil when there is none. It runs
    /// under the store's lock, so it must not call the store.
    public func batch(
        allOrNone: Bool, actor: String, channel: String, next: ([Result<Record, StoreError>]) -> BatchOperation?
    ) -> [Result<Record, StoreError>] {
        state.withLock { state in
            let saved = state
            var pending = PendingJournal()
            var results: [Result<Record, StoreError>] = []
            while let operation = next(results) {
                do throws(StoreError) {
                    let now = journal.clock.now()
                    switch operation {
                    case .create(let object, let fields):
                        let record = try state.prepareCreate(object, fields, actor: actor, now: now, ids: ids)
                        state.insert(record)
                        pending.add(actor: actor, operation: .create, object: record.object, recordID: record.id, before: nil, after: record.fields, channel: channel)
                        results.append(.success(record))
                    case .update(let id, let fields):
                        guard let current = state.records[id] else { throw .notFound(id: id) }
                        guard !current.isDeleted else { throw .entityIsDeleted(id: id) }
                        let updated = try state.prepareUpdate(current, fields, actor: actor, now: now)
                        state.replace(current, with: updated)
                        pending.add(actor: actor, operation: .update, object: updated.object, recordID: id, before: current.fields, after: updated.fields, channel: channel)
                        results.append(.success(updated))
                    case .delete(let id):
                        guard let current = state.records[id] else { throw .notFound(id: id) }
                        guard !current.isDeleted else { throw .entityIsDeleted(id: id) }
                        results.append(.success(state.delete(current, actor: actor, channel: channel, now: now, pending: &pending)))
                    }
                } catch {
                    results.append(.failure(error))
                }
            }
            if allOrNone, results.contains(where: { if case .failure = $0 { true } else { false } }) {
                state = saved
                return results
            }
            pending.flush(to: journal)
            return results
        }
    }

    public func undelete(id: String, actor: String, channel: String) throws(StoreError) -> Record {
        try state.withLock { state throws(StoreError) in
            guard var record = state.records[id] else { throw .notFound(id: id) }
            guard record.isDeleted else { return record }
            try state.checkUnique(record.object, record.fields, excluding: nil)
            let before = record
            record.isDeleted = false
            record.deletedAt = nil
            record.modifiedAt = journal.clock.now()
            record.modifiedBy = actor
            state.replace(before, with: record)
            journal.append(
                actor: actor, operation: .undelete, object: record.object, recordID: id, before: nil, after: record.fields,
                channel: channel)
            return record
        }
    }

    /// Loads many records fast, for large seeds and benchmarks. Rows are
    /// checked like creates, but the journal gets one entry for the whole
    /// load (operation `create`, `after` = `{"bulkLoadedRecords": n}`), not one per row.
    @discardableResult
    public func bulkLoad(_ object: String, _ rows: [[String: JSONValue]], actor: String) throws(StoreError) -> [String] {
        try state.withLock { state throws(StoreError) in
            let now = journal.clock.now()
            var created: [String] = []
            created.reserveCapacity(rows.count)
            state.records.reserveCapacity(state.records.count + rows.count)
            for row in rows {
                let record = try state.prepareCreate(object, row, actor: actor, now: now, ids: ids)
                state.insert(record)
                created.append(record.id)
            }
            let name = state.schema.object(object)?.name ?? object
            journal.append(
                actor: actor, operation: .create, object: name, recordID: nil, before: nil,
                after: ["bulkLoadedRecords": .int(created.count)], channel: "bulk-load")
            return created
        }
    }

    // MARK: reads

    public func record(id: String, includeDeleted: Bool = false) -> Record? {
        state.withLock { state in
            guard let record = state.records[id], includeDeleted || !record.isDeleted else { return nil }
            return record
        }
    }

    /// The object's records in creation order.
    public func records(of object: String, includeDeleted: Bool = false) -> [Record] {
        read { $0.records(of: object, includeDeleted: includeDeleted) }
    }

    /// Live records whose `field` equals `value`; uses the index for id,
    /// unique and external-id fields (case-insensitive, as Salesforce
    /// matches external ids), and scans otherwise.
    public func records(of object: String, where field: String, equals value: JSONValue) -> [Record] {
        read { $0.records(of: object, where: field, equals: value) }
    }

    public var count: Int { state.withLock { $0.records.count } }

    /// Runs `body` on one consistent view of the store. The view must not
    /// escape the call.
    public func read<T>(_ body: (StoreSnapshot) throws -> T) rethrows -> T {
        try state.withLock { state in try body(StoreSnapshot(state: state)) }
    }
}


/// Hands out one given id, for creates that keep their id.
private struct FixedID: RecordIDGenerator {
    let id: String
    init(_ id: String) { self.id = id }
    func newID(for object: ObjectDefinition) -> String { id }
}
