import FakeKit

/// Schema drift the Salesforce way: system fields cannot change, new objects
/// get the system fields, and a record type is also a `RecordType` record.
struct SalesforceDriftHooks: DriftHooks {
    func isProtected(_ field: FieldDefinition, of object: ObjectDefinition) -> Bool {
        field.type == .id || SalesforceSchema.isSystemField(field.name)
    }

    func prepare(_ object: ObjectDefinition, in schema: Schema) throws -> ObjectDefinition {
        guard object.keyPrefix.count == 3 else { throw FaultError("a Salesforce keyPrefix has 3 characters: '\(object.keyPrefix)'") }
        return SalesforceSchema.augment(Schema(objects: [object])).objects[0]
    }

    func addRecordType(_ type: RecordTypeDefinition, to object: ObjectDefinition, store: RecordStore) throws -> RecordTypeDefinition {
        guard store.schema.object("RecordType") != nil else {
            guard !type.id.isEmpty else { throw FaultError("this org has no RecordType object: give the record type an id") }
            return type
        }
        do {
            let record = try store.create(
                "RecordType",
                ["Name": .string(type.name), "DeveloperName": .string(type.developerName), "SobjectType": .string(object.name), "IsActive": .bool(type.active)],
                id: type.id.isEmpty ? nil : type.id, actor: "harness", channel: SchemaDrift.channel)
            var made = type
            made.id = record.id
            return made
        } catch {
            throw FaultError("record type \(type.developerName): \(error)")
        }
    }
}
