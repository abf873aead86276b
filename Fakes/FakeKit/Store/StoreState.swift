import Foundation

/// What `RecordStore` guards with its lock, and the checks a write must pass.
struct StoreState {
    var schema: Schema
    var schemaVersion = 1
    var schemaModifiedAt: Date
    var records: [String: Record] = [:]
    /// Record ids per object (canonical name), in creation order.
    var order: [String: [String]] = [:]
    /// `object.field` (lower-cased) → normalised value → ids of live records.
    var indexes: [String: [String: [String]]] = [:]
    /// Object name (canonical and lower-cased) → its layout, rebuilt with the indexes on every schema change.
    var layouts: [String: ObjectLayout] = [:]
    let derivation: (any FieldDerivation)?

    init(schema: Schema, modifiedAt: Date, derivation: (any FieldDerivation)?) {
        self.schema = schema
        self.schemaModifiedAt = modifiedAt
        self.derivation = derivation
        rebuildIndexes()
    }

    static func indexKey(_ object: String, _ field: String) -> String { (object + "." + field).lowercased() }

    /// Index keys compare case-insensitively, as Salesforce external ids do.
    static func indexValue(_ value: JSONValue) -> String? {
        switch value {
        case .null: nil
        case .string(let s): s.lowercased()
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 9e15 ? String(Int(d)) : String(d)
        case .bool(let b): String(b)
        default: value.description
        }
    }

    static func isIndexed(_ field: FieldDefinition) -> Bool { field.externalId || field.unique }

    static func summary(_ object: ObjectDefinition) -> [String: JSONValue] {
        ["fields": .array(object.fields.map { .string($0.name + ":" + $0.type.rawValue) }), "label": .string(object.label)]
    }

    mutating func rebuildIndexes() {
        layouts = [:]
        for object in schema.objects {
            let layout = ObjectLayout(object)
            layouts[object.name.lowercased()] = layout
            layouts[object.name] = layout
        }
        indexes = [:]
        for object in schema.objects {
            for field in object.fields where Self.isIndexed(field) {
                var index: [String: [String]] = [:]
                for id in order[object.name] ?? [] {
                    guard let record = records[id], !record.isDeleted, let key = Self.indexValue(record[field.name]) else { continue }
                    index[key, default: []].append(id)
                }
                indexes[Self.indexKey(object.name, field.name)] = index
            }
        }
    }

    // MARK: checks

    func layout(_ object: String) throws(StoreError) -> ObjectLayout {
        guard let layout = layouts[object] ?? layouts[object.lowercased()] else { throw .unknownObject(object) }
        return layout
    }

    /// Canonical names and coerced values; refuses unknown and read-only fields.
    func normalise(_ fields: [String: JSONValue], for layout: ObjectLayout, onCreate: Bool) throws(StoreError) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        result.reserveCapacity(fields.count + layout.withDefaults.count + 2)
        for (name, value) in fields {
            guard let field = layout.field(name) else { throw .unknownField(object: layout.definition.name, field: name) }
            guard onCreate ? field.createable : field.updateable else { throw .notWritable(field: field.name, onCreate: onCreate) }
            result[field.name] = try FieldValueCoercion.coerce(value, for: field)
        }
        return result
    }

    func checkReferences(_ layout: ObjectLayout, _ fields: [String: JSONValue]) throws(StoreError) {
        for field in layout.references {
            guard case .string(let target) = fields[field.name] ?? .null else { continue }
            guard let referenced = records[target], !referenced.isDeleted else {
                throw .invalidReference(field: field.name, value: target, reason: "invalid cross reference id")
            }
            if !field.referenceTo.isEmpty, !field.referenceTo.contains(where: { $0.caseInsensitiveEquals(referenced.object) }) {
                throw .invalidReference(field: field.name, value: target, reason: "id value of incorrect type")
            }
        }
    }

    func checkUnique(_ object: String, _ fields: [String: JSONValue], excluding id: String?) throws(StoreError) {
        guard let layout = layouts[object] ?? layouts[object.lowercased()] else { return }
        // External ids are indexed for lookups; only `unique` fields refuse duplicates.
        for field in layout.unique {
            guard let key = Self.indexValue(fields[field.name] ?? .null),
                let existing = indexes[Self.indexKey(layout.definition.name, field.name)]?[key]?.first(where: { $0 != id })
            else { continue }
            throw .duplicateValue(field: field.name, existingID: existing)
        }
    }

    func checkValidationRules(_ object: ObjectDefinition, _ fields: [String: JSONValue]) throws(StoreError) {
        for rule in object.validationRules where rule.active && rule.condition.holds(for: fields) {
            throw .validationRuleFailed(rule: rule.name, message: rule.errorMessage, field: rule.errorField)
        }
    }

    func checkRecordType(_ object: ObjectDefinition, _ fields: inout [String: JSONValue]) throws(StoreError) {
        guard !object.recordTypes.isEmpty, object.field("RecordTypeId") != nil else { return }
        if case .string(let value) = fields["RecordTypeId"] ?? .null {
            guard object.recordTypes.contains(where: { $0.id == value && $0.active }) else { throw .invalidRecordType(value: value) }
        } else if let defaultType = object.recordTypes.first(where: \.isDefault) {
            fields["RecordTypeId"] = .string(defaultType.id)
        }
    }

    func prepareCreate(
        _ object: String, _ input: [String: JSONValue], actor: String, now: Date, ids: any RecordIDGenerator
    ) throws(StoreError) -> Record {
        let layout = try layout(object)
        let definition = layout.definition
        var fields = try normalise(input, for: layout, onCreate: true)
        for field in layout.withDefaults where fields[field.name] == nil {
            if let value = field.defaultValue {
                fields[field.name] = try FieldValueCoercion.coerce(value, for: field)
            } else if let picklistDefault = field.picklistValues.first(where: { $0.defaultValue && $0.active }) {
                fields[field.name] = .string(picklistDefault.value)
            }
        }
        if let derivation {
            derivation.derive(
                object: definition, field: layout.field, previous: nil, changed: Set(input.keys.compactMap { layout.field($0)?.name }),
                fields: &fields)
        }
        if fields.values.contains(where: \.isNull) {
            fields = fields.filter { !$0.value.isNull }
        }
        let missing = layout.required.filter { (fields[$0.name] ?? .null).isNull }.map(\.name)
        guard missing.isEmpty else { throw .requiredFieldMissing(object: definition.name, fields: missing) }
        try checkRecordType(definition, &fields)
        try checkReferences(layout, fields)
        try checkUnique(definition.name, fields, excluding: nil)
        try checkValidationRules(definition, fields)
        return Record(
            id: ids.newID(for: definition), object: definition.name, fields: fields, createdAt: now, modifiedAt: now,
            createdBy: actor, modifiedBy: actor)
    }

    func prepareUpdate(_ current: Record, _ changes: [String: JSONValue], actor: String, now: Date) throws(StoreError) -> Record {
        let layout = try layout(current.object)
        let definition = layout.definition
        let normalised = try normalise(changes, for: layout, onCreate: false)
        var fields = current.fields
        for (name, value) in normalised { fields[name] = value.isNull ? nil : value }
        derivation?.derive(object: definition, field: layout.field, previous: current, changed: Set(normalised.keys), fields: &fields)
        fields = fields.filter { !$0.value.isNull }
        let missing = layout.required.filter { normalised.keys.contains($0.name) && (fields[$0.name] ?? .null).isNull }
        guard missing.isEmpty else { throw .requiredFieldMissing(object: definition.name, fields: missing.map(\.name)) }
        try checkRecordType(definition, &fields)
        try checkReferences(layout, fields)
        try checkUnique(definition.name, fields, excluding: current.id)
        try checkValidationRules(definition, fields)
        var updated = current
        updated.fields = fields
        updated.modifiedAt = now
        updated.modifiedBy = actor
        return updated
    }

    // MARK: mutation

    mutating func insert(_ record: Record) {
        records[record.id] = record
        order[record.object, default: []].append(record.id)
        index(record, add: true)
    }

    mutating func replace(_ old: Record, with new: Record) {
        index(old, add: false)
        records[new.id] = new
        index(new, add: true)
    }

    private mutating func index(_ record: Record, add: Bool) {
        guard !record.isDeleted, let layout = layouts[record.object] else { return }
        for (field, indexKey) in zip(layout.indexed, layout.indexKeys) {
            guard let key = Self.indexValue(record.fields[field.name] ?? .null) else { continue }
            if add {
                indexes[indexKey, default: [:]][key, default: []].append(record.id)
            } else {
                indexes[indexKey]?[key]?.removeAll { $0 == record.id }
                if indexes[indexKey]?[key]?.isEmpty == true { indexes[indexKey]?[key] = nil }
            }
        }
    }

    mutating func delete(_ record: Record, actor: String, channel: String, now: Date, pending: inout PendingJournal) -> Record {
        var deleted = record
        deleted.isDeleted = true
        deleted.deletedAt = now
        deleted.modifiedAt = now
        deleted.modifiedBy = actor
        replace(record, with: deleted)
        pending.add(actor: actor, operation: .delete, object: record.object, recordID: record.id, before: record.fields, after: nil, channel: channel)
        // Children: cascade (master-detail) or clear the lookup.
        for object in schema.objects {
            for field in object.fields where field.type == .reference {
                for childID in order[object.name] ?? [] {
                    guard let child = records[childID], !child.isDeleted, child.fields[field.name] == .string(record.id) else { continue }
                    if field.cascadeDelete {
                        _ = delete(child, actor: actor, channel: channel, now: now, pending: &pending)
                    } else {
                        var cleared = child
                        cleared.fields[field.name] = nil
                        cleared.modifiedAt = now
                        cleared.modifiedBy = actor
                        replace(child, with: cleared)
                        pending.add(
                            actor: actor, operation: .update, object: child.object, recordID: child.id, before: child.fields,
                            after: cleared.fields, channel: channel)
                    }
                }
            }
        }
        return deleted
    }
}
