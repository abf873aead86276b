import FakeKit
import Foundation

/// Reads records as Salesforce shows them: system fields from the store's
/// metadata, relationship paths followed to parent records, and the
/// `attributes` header every record carries in JSON.
struct SalesforceRecordReader {
    let snapshot: StoreSnapshot
    let apiVersion: String
    /// The User id shown in `CreatedById`/`LastModifiedById` for a store actor.
    let userID: (String) -> String?

    var schema: Schema { snapshot.schema }

    /// One field's value (system fields included) in Salesforce's JSON form.
    func value(_ record: Record, field: FieldDefinition) -> JSONValue {
        switch field.name {
        case "Id": return .string(record.id)
        case "IsDeleted": return .bool(record.isDeleted)
        case "CreatedDate": return .string(DateFormats.formatDateTime(record.createdAt))
        case "LastModifiedDate", "SystemModstamp": return .string(DateFormats.formatDateTime(record.modifiedAt))
        case "CreatedById": return userID(record.createdBy).map(JSONValue.string) ?? .null
        case "LastModifiedById": return userID(record.modifiedBy).map(JSONValue.string) ?? .null
        default: return record.fields[field.name] ?? .null
        }
    }

    func attributes(_ record: Record) -> OrderedJSON {
        .object([
            ("type", .value(.string(record.object))),
            ("url", .value(.string("/services/data/\(apiVersion)/sobjects/\(record.object)/\(record.id)"))),
        ])
    }

    /// The whole record, every field in schema order (GET sobjects/Obj/id).
    func render(_ record: Record, fields: [FieldDefinition]? = nil) -> OrderedJSON {
        let definition = schema.object(record.object)
        let list = fields ?? definition?.fields ?? []
        return .object([("attributes", attributes(record))] + list.map { ($0.name, .value(value(record, field: $0))) })
    }

    /// The parent a reference field points at, if it exists.
    func parent(of record: Record, via field: FieldDefinition) -> Record? {
        guard case .string(let id) = value(record, field: field) else { return nil }
        return snapshot.record(id: id, includeDeleted: false)
    }
}
