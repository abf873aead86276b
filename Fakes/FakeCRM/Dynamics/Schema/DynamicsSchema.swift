import FakeKit
import Foundation
import Synchronization

/// Dataverse's tables as the fake keeps them: an org file's objects under
/// their logical names (`account`), each object's `keyPrefix` its entity set
/// (`accounts`), columns under lower-case logical names, option sets as
/// picklists whose values are the option numbers (`"100000000"`), lookups
/// as reference fields. Every table gets the system columns Dataverse keeps
/// itself: `versionnumber` (the row version behind `@odata.etag`),
/// `statecode`/`statuscode`, and `createdon`/`modifiedon`, which are
/// answered from the record's own timestamps and never stored.
public enum DynamicsSchema {
    /// Columns answered from the record's metadata.
    public static let metadataColumns: Set<String> = ["createdon", "modifiedon"]
    /// Columns the store stamps on every write.
    public static let stampedColumns: Set<String> = ["versionnumber", "fullname"]

    public static func isSystemColumn(_ name: String) -> Bool {
        let lower = name.lowercased()
        return metadataColumns.contains(lower) || stampedColumns.contains(lower)
    }

    /// The schema a fake of `org` serves: each object with Dataverse's system columns.
    public static func served(_ schema: Schema) -> Schema {
        var served = schema
        for object in schema.objects { served.modify(object.name) { augment(&$0) } }
        return served
    }

    static func augment(_ object: inout ObjectDefinition) {
        func add(_ field: FieldDefinition) {
            guard object.field(field.name) == nil else { return }
            object.fields.append(field)
        }
        add(FieldDefinition(name: "createdon", label: "Created On", type: .datetime, createable: false, updateable: false))
        add(FieldDefinition(name: "modifiedon", label: "Modified On", type: .datetime, createable: false, updateable: false))
        add(FieldDefinition(name: "versionnumber", label: "Version Number", type: .long, createable: false, updateable: false))
        add(FieldDefinition(
            name: "statecode", label: "Status", type: .picklist, picklistValues: [
                PicklistValue("0", label: "Active", defaultValue: true), PicklistValue("1", label: "Inactive"),
            ], restrictedPicklist: true, defaultValue: .string("0")))
        add(FieldDefinition(
            name: "statuscode", label: "Status Reason", type: .picklist, picklistValues: [
                PicklistValue("1", label: "Active", defaultValue: true), PicklistValue("2", label: "Inactive"),
            ], restrictedPicklist: true, defaultValue: .string("1")))
        if hasFullName(object) {
            add(FieldDefinition(name: "fullname", label: "Full Name", type: .string, length: 160, createable: false, updateable: false))
        }
    }

    /// Contacts and leads carry a `fullname` Dataverse composes from the first and last names.
    static func hasFullName(_ object: ObjectDefinition) -> Bool { object.field("lastname") != nil && object.field("firstname") != nil }

    /// The table's entity set (`accounts`): its `keyPrefix`, or the logical name and an `s`.
    public static func entitySetName(_ object: ObjectDefinition) -> String {
        object.keyPrefix.isEmpty ? object.name + "s" : object.keyPrefix
    }

    /// The primary key column (`accountid`).
    public static func primaryIdAttribute(_ object: ObjectDefinition) -> String { object.name + "id" }

    /// The primary name column: `fullname` for people, `name`, `subject` or the first text column otherwise.
    public static func primaryNameAttribute(_ object: ObjectDefinition) -> String? {
        if object.field("fullname") != nil { return "fullname" }
        for candidate in ["name", "subject", "title"] where object.field(candidate) != nil { return candidate }
        return object.fields.first { $0.type == .string }?.name
    }

    /// The `Edm` type of a column in `$metadata` and `$filter`.
    static func edmType(_ field: FieldDefinition) -> ODataType {
        switch field.type {
        case .int: .int32
        case .long: .int64
        case .picklist, .multipicklist: .int32
        case .double, .percent: .double
        case .currency: .decimal
        case .boolean: .boolean
        case .datetime: .dateTimeOffset
        case .date: .date
        case .reference, .id: .guid
        default: .string
        }
    }

    /// The attribute type `EntityDefinitions` names (`AttributeType`) and its metadata cast.
    static func attributeType(_ field: FieldDefinition) -> (type: String, metadata: String) {
        switch field.type {
        case .int: ("Integer", "IntegerAttributeMetadata")
        case .long: ("BigInt", "BigIntAttributeMetadata")
        case .picklist where field.name == "statecode": ("State", "StateAttributeMetadata")
        case .picklist where field.name == "statuscode": ("Status", "StatusAttributeMetadata")
        case .picklist: ("Picklist", "PicklistAttributeMetadata")
        case .multipicklist: ("Virtual", "MultiSelectPicklistAttributeMetadata")
        case .double, .percent: ("Double", "DoubleAttributeMetadata")
        case .currency: ("Money", "MoneyAttributeMetadata")
        case .boolean: ("Boolean", "BooleanAttributeMetadata")
        case .datetime, .date: ("DateTime", "DateTimeAttributeMetadata")
        case .reference: (field.referenceTo.count > 1 ? "Customer" : "Lookup", "LookupAttributeMetadata")
        case .textarea: ("Memo", "MemoAttributeMetadata")
        default: ("String", "StringAttributeMetadata")
        }
    }

    /// The property a query names for a column: a lookup's `_name_value`, any other column's logical name.
    static func propertyName(_ field: FieldDefinition) -> String { field.type == .reference ? "_\(field.name)_value" : field.name }

    /// The column behind a query's property name (`_parentaccountid_value` → `parentaccountid`, `accountid` → the key).
    static func field(forProperty name: String, in object: ObjectDefinition) -> FieldDefinition? {
        if name.hasPrefix("_"), name.hasSuffix("_value") {
            let column = String(name.dropFirst().dropLast(6))
            guard let field = object.field(column), field.type == .reference else { return nil }
            return field
        }
        if name == primaryIdAttribute(object) { return FieldDefinition(name: name, label: name, type: .id, createable: false, updateable: false) }
        guard let field = object.field(name), field.name == name, field.type != .reference else { return nil }
        return field
    }
}

/// What Dataverse computes on every write: the row version, which grows
/// across the whole org (so a later write always has a larger
/// `versionnumber`), and a person's `fullname` from the first and last names.
final class DynamicsDerivation: FieldDerivation {
    private let rowVersion: Mutex<Int>

    init(startingAt version: Int = 1_000_000) { rowVersion = Mutex(version) }

    func derive(
        object: ObjectDefinition, field: (String) -> FieldDefinition?, previous: Record?, changed: Set<String>, fields: inout [String: JSONValue]
    ) {
        guard field("versionnumber") != nil else { return }
        fields["versionnumber"] = .int(rowVersion.withLock { value in
            value += 1
            return value
        })
        if field("fullname") != nil {
            let parts = [fields["firstname"]?.stringValue, fields["lastname"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            fields["fullname"] = parts.isEmpty ? .null : .string(parts.joined(separator: " "))
        }
    }
}
