/// A consistent, read-only view of a store for the length of one `read` call.
public struct StoreSnapshot {
    let state: StoreState

    public var schema: Schema { state.schema }

    public func record(id: String, includeDeleted: Bool = false) -> Record? {
        guard let record = state.records[id], includeDeleted || !record.isDeleted else { return nil }
        return record
    }

    /// The object's records in creation order.
    public func records(of object: String, includeDeleted: Bool = false) -> [Record] {
        let name = state.layouts[object]?.definition.name ?? state.layouts[object.lowercased()]?.definition.name ?? object
        let ids = state.order[name] ?? []
        return ids.compactMap { id in
            guard let record = state.records[id], includeDeleted || !record.isDeleted else { return nil }
            return record
        }
    }

    /// Whether `field` of `object` has an index (unique or external id).
    public func isIndexed(_ object: String, _ field: String) -> Bool {
        state.indexes[StoreState.indexKey(state.schema.object(object)?.name ?? object, state.schema.object(object)?.field(field)?.name ?? field)] != nil
    }

    /// Live records whose `field` equals `value`, by index when there is one.
    public func records(of object: String, where field: String, equals value: JSONValue) -> [Record] {
        guard let definition = state.schema.object(object) else { return [] }
        if field.caseInsensitiveEquals("Id") {
            guard case .string(let id) = value, let record = record(id: id), record.object == definition.name else { return [] }
            return [record]
        }
        let canonical = definition.field(field)?.name ?? field
        if let index = state.indexes[StoreState.indexKey(definition.name, canonical)] {
            guard let key = StoreState.indexValue(value) else { return [] }
            return (index[key] ?? []).compactMap { record(id: $0) }
        }
        return records(of: definition.name).filter { $0[canonical] == value }
    }
}
