import FakeKit

/// What every Salesforce object has besides the fields an org file lists:
/// the id and the audit fields the platform maintains itself.
public enum SalesforceSchema {
    /// System fields, in the order describe lists them.
    static let systemFields: [FieldDefinition] = [
        FieldDefinition(name: "Id", label: "Record ID", type: .id, length: 18, createable: false, updateable: false, custom: false),
        FieldDefinition(name: "IsDeleted", label: "Deleted", type: .boolean, createable: false, updateable: false, custom: false),
        FieldDefinition(
            name: "CreatedDate", label: "Created Date", type: .datetime, createable: false, updateable: false, custom: false),
        FieldDefinition(
            name: "CreatedById", label: "Created By ID", type: .reference, length: 18, createable: false, updateable: false,
            referenceTo: ["User"], relationshipName: "CreatedBy", custom: false),
        FieldDefinition(
            name: "LastModifiedDate", label: "Last Modified Date", type: .datetime, createable: false, updateable: false,
            custom: false),
        FieldDefinition(
            name: "LastModifiedById", label: "Last Modified By ID", type: .reference, length: 18, createable: false,
            updateable: false, referenceTo: ["User"], relationshipName: "LastModifiedBy", custom: false),
        FieldDefinition(
            name: "SystemModstamp", label: "System Modstamp", type: .datetime, createable: false, updateable: false, custom: false),
    ]

    static let systemFieldNames = Set(systemFields.map { $0.name.lowercased() })

    /// The system fields' names, in describe's order.
    public static var systemFieldList: [String] { systemFields.map(\.name) }

    public static func isSystemField(_ name: String) -> Bool { systemFieldNames.contains(name.lowercased()) }

    /// The schema with system fields added to each object that lacks them.
    public static func augment(_ schema: Schema) -> Schema {
        var result = schema
        for object in schema.objects {
            result.modify(object.name) { definition in
                let missing = systemFields.filter { definition.field($0.name) == nil }
                definition.fields = missing.filter { $0.name == "Id" } + definition.fields + missing.filter { $0.name != "Id" }
            }
        }
        return result
    }
}
