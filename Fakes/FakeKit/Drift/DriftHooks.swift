/// What a fake adds to the generic schema drift: its protected fields, how
/// it completes a new field or object, and where record types live.
public protocol DriftHooks: Sendable {
    /// Fields no drift may rename, retype or delete (ids, audit fields).
    func isProtected(_ field: FieldDefinition, of object: ObjectDefinition) -> Bool
    /// A new field as this system would create it.
    func prepare(_ field: FieldDefinition, on object: ObjectDefinition) throws -> FieldDefinition
    /// A new object as this system would create it (system fields added).
    func prepare(_ object: ObjectDefinition, in schema: Schema) throws -> ObjectDefinition
    /// Makes a record type real (Salesforce also keeps them as `RecordType`
    /// records) and returns it with its id. Throws `FaultError` where the
    /// system has no record types.
    func addRecordType(_ type: RecordTypeDefinition, to object: ObjectDefinition, store: RecordStore) throws -> RecordTypeDefinition
}

extension DriftHooks {
    public func isProtected(_ field: FieldDefinition, of object: ObjectDefinition) -> Bool { field.type == .id }

    public func prepare(_ field: FieldDefinition, on object: ObjectDefinition) throws -> FieldDefinition { field }

    public func prepare(_ object: ObjectDefinition, in schema: Schema) throws -> ObjectDefinition { object }

    public func addRecordType(_ type: RecordTypeDefinition, to object: ObjectDefinition, store: RecordStore) throws -> RecordTypeDefinition {
        throw FaultError("this system has no record types")
    }
}
