import Foundation

/// Applies a `DriftFault` to a fake's live schema through
/// `RecordStore.changeSchema`, moving, converting, clearing or backfilling
/// record values in the same step. Every change is journaled (`channel`
/// `drift`): the schema entry first, then one update per record whose values
/// changed. Only a backfill counts as a data write (it moves the records'
/// last-modified time); renames, retypes and deletes are metadata changes and
/// leave it.
public enum SchemaDrift {
    public static let channel = "drift"

    /// Makes the change; returns what it did (`recordsChanged`, `schemaVersion`).
    @discardableResult
    public static func apply(_ drift: DriftFault, to store: RecordStore, hooks: any DriftHooks, actor: String = "harness") throws -> JSONValue {
        if case .addObject(let definition) = drift {
            guard store.schema.object(definition.name) == nil else { throw FaultError("object '\(definition.name)' already exists") }
            let prepared = try hooks.prepare(definition, in: store.schema)
            if let clash = store.schema.object(keyPrefix: prepared.keyPrefix) {
                throw FaultError("keyPrefix '\(prepared.keyPrefix)' is already used by \(clash.name)")
            }
            try store.changeSchema(actor: actor, channel: channel, object: prepared.name) { $0.put(prepared) }
            return result(drift, store: store, changed: 0)
        }
        guard let object = store.schema.object(drift.object) else { throw FaultError("no object '\(drift.object)'") }
        func existing(_ name: String, changeable: Bool = true) throws -> FieldDefinition {
            guard let field = object.field(name) else { throw FaultError("no field '\(name)' on \(object.name)") }
            if changeable, hooks.isProtected(field, of: object) { throw FaultError("\(object.name).\(field.name) is a system field; drift cannot change it") }
            return field
        }
        var changed = 0
        switch drift {
        case .addField(_, let field, let backfill), .addRequiredField(_, let field, let backfill):
            guard object.field(field.name) == nil else { throw FaultError("\(object.name) already has a field '\(field.name)'") }
            var prepared = try hooks.prepare(field, on: object)
            if case .addRequiredField = drift { prepared.required = true }
            let value = try backfill.map { value throws -> JSONValue in
                do { return try FieldValueCoercion.coerce(value, for: prepared) } catch { throw FaultError("backfill: \(error)") }
            } ?? .null
            changed = try store.changeSchema(
                actor: actor, channel: channel, object: object.name, { $0.modify(object.name) { $0.fields.append(prepared) } },
                migrating: { record, now in
                    guard !value.isNull, !record.isDeleted, record.fields[prepared.name] == nil else { return nil }
                    var updated = record
                    updated.fields[prepared.name] = value
                    updated.modifiedAt = now
                    updated.modifiedBy = actor
                    return updated
                })
        case .renameField(_, let name, let newName):
            let field = try existing(name)
            guard object.field(newName) == nil else { throw FaultError("\(object.name) already has a field '\(newName)'") }
            changed = try store.changeSchema(
                actor: actor, channel: channel, object: object.name,
                {
                    $0.modify(object.name) { definition in
                        guard let index = definition.fields.firstIndex(where: { $0.name == field.name }) else { return }
                        definition.fields[index].name = newName
                        for rule in definition.validationRules.indices {
                            definition.validationRules[rule].condition = renaming(definition.validationRules[rule].condition, field.name, to: newName)
                        }
                    }
                },
                migrating: { record, _ in
                    guard let value = record.fields[field.name] else { return nil }
                    var updated = record
                    updated.fields.removeValue(forKey: field.name)
                    updated.fields[newName] = value
                    return updated
                })
        case .changeFieldType(_, let name, let type, let length, let precision, let scale):
            let field = try existing(name)
            var retyped = field
            retyped.type = type
            let textual: Set<FieldType> = [.string, .textarea, .email, .phone, .url, .encryptedstring, .combobox]
            retyped.length = length ?? (textual.contains(type) ? field.length ?? 255 : nil)
            retyped.precision = precision ?? ([.double, .currency, .percent, .int].contains(type) ? field.precision ?? 18 : nil)
            retyped.scale = scale ?? ([.double, .currency, .percent].contains(type) ? field.scale ?? 2 : nil)
            if type != .picklist, type != .multipicklist { retyped.picklistValues = []; retyped.restrictedPicklist = false }
            if type != .reference { retyped.referenceTo = []; retyped.relationshipName = nil; retyped.cascadeDelete = false }
            let target = retyped
            changed = try store.changeSchema(
                actor: actor, channel: channel, object: object.name,
                { $0.modify(object.name) { definition in
                    if let index = definition.fields.firstIndex(where: { $0.name == field.name }) { definition.fields[index] = target }
                } },
                migrating: { record, _ in
                    guard let value = record.fields[field.name] else { return nil }
                    // Values that do not convert are lost, as a real type change loses them.
                    let converted = (try? FieldValueCoercion.coerce(value, for: target)) ?? .null
                    guard converted != value else { return nil }
                    var updated = record
                    if converted.isNull { updated.fields.removeValue(forKey: field.name) } else { updated.fields[field.name] = converted }
                    return updated
                })
        case .deleteField(_, let name):
            let field = try existing(name)
            if let rule = object.validationRules.first(where: { fields(of: $0.condition).contains { $0.caseInsensitiveEquals(field.name) } }) {
                throw FaultError("\(object.name).\(field.name) is used by validation rule '\(rule.name)'")
            }
            changed = try store.changeSchema(
                actor: actor, channel: channel, object: object.name, { $0.modify(object.name) { $0.fields.removeAll { $0.name == field.name } } },
                migrating: { record, _ in
                    guard record.fields[field.name] != nil else { return nil }
                    var updated = record
                    updated.fields.removeValue(forKey: field.name)
                    return updated
                })
        case .addPicklistValue(_, let name, let value):
            let field = try existing(name, changeable: false)
            guard field.type == .picklist || field.type == .multipicklist else { throw FaultError("\(object.name).\(field.name) is not a picklist") }
            if let current = field.picklistValues.first(where: { $0.value == value.value }), current.active {
                throw FaultError("\(object.name).\(field.name) already has the value '\(value.value)'")
            }
            try store.changeSchema(actor: actor, channel: channel, object: object.name) { schema in
                schema.modify(object.name) { definition in
                    guard let index = definition.fields.firstIndex(where: { $0.name == field.name }) else { return }
                    if let existing = definition.fields[index].picklistValues.firstIndex(where: { $0.value == value.value }) {
                        definition.fields[index].picklistValues[existing].active = true
                    } else {
                        definition.fields[index].picklistValues.append(value)
                    }
                }
            }
        case .deactivatePicklistValue(_, let name, let value):
            let field = try existing(name, changeable: false)
            guard field.picklistValues.contains(where: { $0.value == value && $0.active }) else {
                throw FaultError("\(object.name).\(field.name) has no active value '\(value)'")
            }
            try store.changeSchema(actor: actor, channel: channel, object: object.name) { schema in
                schema.modify(object.name) { definition in
                    guard let index = definition.fields.firstIndex(where: { $0.name == field.name }),
                        let item = definition.fields[index].picklistValues.firstIndex(where: { $0.value == value })
                    else { return }
                    definition.fields[index].picklistValues[item].active = false
                    definition.fields[index].picklistValues[item].defaultValue = false
                }
            }
        case .addValidationRule(_, let rule):
            guard !object.validationRules.contains(where: { $0.name.caseInsensitiveEquals(rule.name) }) else {
                throw FaultError("\(object.name) already has a validation rule '\(rule.name)'")
            }
            for name in fields(of: rule.condition) where object.field(name) == nil {
                throw FaultError("validation rule '\(rule.name)' names no field of \(object.name): '\(name)'")
            }
            try store.changeSchema(actor: actor, channel: channel, object: object.name) { $0.modify(object.name) { $0.validationRules.append(rule) } }
        case .addRecordType(_, let recordType):
            guard !object.recordTypes.contains(where: { $0.developerName.caseInsensitiveEquals(recordType.developerName) }) else {
                throw FaultError("\(object.name) already has a record type '\(recordType.developerName)'")
            }
            let made = try hooks.addRecordType(recordType, to: object, store: store)
            try store.changeSchema(actor: actor, channel: channel, object: object.name) { schema in
                schema.modify(object.name) { definition in
                    if made.isDefault { for index in definition.recordTypes.indices { definition.recordTypes[index].isDefault = false } }
                    definition.recordTypes.append(made)
                    // The store checks record types through this field (`StoreState.checkRecordType`).
                    if definition.field("RecordTypeId") == nil {
                        definition.fields.append(
                            FieldDefinition(
                                name: "RecordTypeId", label: "Record Type ID", type: .reference, length: 18, referenceTo: ["RecordType"],
                                relationshipName: "RecordType", custom: false))
                    }
                }
            }
            return result(drift, store: store, changed: 0, extra: ["recordTypeId": .string(made.id)])
        case .addObject:
            break
        }
        return result(drift, store: store, changed: changed)
    }

    private static func result(_ drift: DriftFault, store: RecordStore, changed: Int, extra: [String: JSONValue] = [:]) -> JSONValue {
        var result: [String: JSONValue] = [
            "change": .string(drift.change.rawValue), "object": .string(drift.object), "recordsChanged": .int(changed),
            "schemaVersion": .int(store.schemaVersion), "journalSequence": .int(store.journal.count),
        ]
        result.merge(extra) { _, new in new }
        return .object(result)
    }

    /// The field names a condition reads.
    static func fields(of condition: ValidationRule.Condition) -> [String] {
        switch condition {
        case .isBlank(let field), .equals(let field, _), .greaterThan(let field, _), .lessThan(let field, _): [field]
        case .and(let all), .or(let all): all.flatMap(fields(of:))
        case .not(let inner): fields(of: inner)
        }
    }

    /// The condition with `old` read as `new` (a rename keeps rules working, as Salesforce's do).
    static func renaming(_ condition: ValidationRule.Condition, _ old: String, to new: String) -> ValidationRule.Condition {
        func name(_ field: String) -> String { field.caseInsensitiveEquals(old) ? new : field }
        switch condition {
        case .isBlank(let field): return .isBlank(field: name(field))
        case .equals(let field, let value): return .equals(field: name(field), value: value)
        case .greaterThan(let field, let value): return .greaterThan(field: name(field), value: value)
        case .lessThan(let field, let value): return .lessThan(field: name(field), value: value)
        case .and(let all): return .and(all.map { renaming($0, old, to: new) })
        case .or(let any): return .or(any.map { renaming($0, old, to: new) })
        case .not(let inner): return .not(renaming(inner, old, to: new))
        }
    }
}
