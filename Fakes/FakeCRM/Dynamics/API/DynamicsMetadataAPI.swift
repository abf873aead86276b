import FakeKit
import Foundation
import HTTP

/// `EntityDefinitions`: each table's metadata (`LogicalName`,
/// `EntitySetName`, `PrimaryIdAttribute`, …) with `$select` and `$filter`,
/// one by `(LogicalName='account')` or `(MetadataId)`, and its
/// `Attributes`, all of them or those of one metadata type
/// (`/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`, with
/// `$expand=OptionSet` for the options).
struct DynamicsMetadataAPI {
    let store: RecordStore

    func handle(_ request: DynamicsRequest) throws(DynamicsError) -> HTTPResponse {
        guard request.http.method == .get || request.http.method == .head else { throw DynamicsAPI.methodNotAllowed(request.http.method) }
        let options = try request.queryOptions()
        let schema = store.schema
        let root = request.serviceRoot + "/$metadata#EntityDefinitions"
        let first = request.resource[0]
        guard let (_, key) = try DynamicsKey.split(first) else {
            guard first == "EntityDefinitions", request.resource.count == 1 else { throw .unknownSegment(request.resource.last ?? first) }
            let rows = schema.objects.map(entityRow)
            let selected = try filterAndSelect(rows, options: options, typeName: "Microsoft.Dynamics.CRM.EntityMetadata", properties: Self.entityProperties)
            return DynamicsAPI.json(.object([("@odata.context", .value(.string(root))), ("value", .array(selected))]))
        }
        let object: ObjectDefinition
        switch key {
        case .id(let id):
            guard let found = schema.objects.first(where: { Self.metadataID($0.name) == id }) else { throw .notFound("EntityMetadata", id: id) }
            object = found
        case .alternate(let parts):
            guard parts.count == 1, parts[0].0 == "LogicalName", case .string(let name) = parts[0].1 else {
                throw .odata("The key of EntityDefinitions is MetadataId or LogicalName.")
            }
            guard let found = schema.object(name), found.name == name else {
                throw DynamicsError(.notFound, "0x80060888", "Could not find entity with logical name '\(name)'.")
            }
            object = found
        }
        let rest = Array(request.resource.dropFirst())
        if rest.isEmpty {
            var row = entityRow(object)
            if options["$expand"] == "Attributes" { row["Attributes"] = .array(object.attributes.map { .object(attributeRow($0, of: object, optionSet: false)) }) }
            let selected = try filterAndSelect([row], options: options.filter { $0.key != "$expand" }, typeName: "Microsoft.Dynamics.CRM.EntityMetadata", properties: Self.entityProperties + (row["Attributes"] == nil ? [] : ["Attributes"]))
            return DynamicsAPI.json(prepend(("@odata.context", .value(.string(root + "/$entity"))), to: selected[0]))
        }
        guard rest[0] == "Attributes" else { throw .unknownSegment(rest[0]) }
        var attributes = object.attributes
        var expandOptionSet = false
        if rest.count == 2 {
            let cast = rest[1].replacingOccurrences(of: "Microsoft.Dynamics.CRM.", with: "")
            attributes = attributes.filter { DynamicsSchema.attributeType($0).metadata == cast || ($0.type == .id && cast == "UniqueIdentifierAttributeMetadata") }
            guard Self.metadataTypes.contains(cast) else { throw .unknownSegment(rest[1]) }
            expandOptionSet = (options["$expand"] ?? "").hasPrefix("OptionSet")
        } else if rest.count > 2 {
            throw .unknownSegment(rest[2])
        } else if options["$expand"] != nil {
            throw DynamicsQuery.unsupported("$expand")
        }
        let rows = attributes.map { attributeRow($0, of: object, optionSet: expandOptionSet) }
        let selected = try filterAndSelect(
            rows, options: options.filter { $0.key != "$expand" }, typeName: "Microsoft.Dynamics.CRM.AttributeMetadata",
            properties: Self.attributeProperties + (expandOptionSet ? ["OptionSet"] : []))
        return DynamicsAPI.json(.object([("@odata.context", .value(.string(root + "('\(object.name)')/Attributes"))), ("value", .array(selected))]))
    }

    static let entityProperties = [
        "MetadataId", "LogicalName", "SchemaName", "EntitySetName", "LogicalCollectionName", "PrimaryIdAttribute", "PrimaryNameAttribute",
        "ObjectTypeCode", "IsCustomEntity", "ChangeTrackingEnabled", "DisplayName", "DisplayCollectionName",
    ]
    static let attributeProperties = [
        "@odata.type", "MetadataId", "LogicalName", "SchemaName", "AttributeType", "AttributeTypeName", "EntityLogicalName", "IsCustomAttribute",
        "IsPrimaryId", "IsPrimaryName", "IsValidForCreate", "IsValidForUpdate", "IsValidForRead", "RequiredLevel", "MaxLength", "Targets", "DisplayName",
    ]
    static let metadataTypes: Set<String> = [
        "StringAttributeMetadata", "MemoAttributeMetadata", "IntegerAttributeMetadata", "BigIntAttributeMetadata", "PicklistAttributeMetadata",
        "StateAttributeMetadata", "StatusAttributeMetadata", "MultiSelectPicklistAttributeMetadata", "DoubleAttributeMetadata",
        "MoneyAttributeMetadata", "BooleanAttributeMetadata", "DateTimeAttributeMetadata", "LookupAttributeMetadata", "UniqueIdentifierAttributeMetadata",
    ]

    /// A stable metadata id per table or column.
    static func metadataID(_ name: String) -> String {
        let digest = SHA256.hash(Array(name.utf8))
        let hex = SHA256.hex(Array(digest.prefix(16)))
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    static func label(_ text: String) -> JSONValue {
        let localized: JSONValue = ["Label": .string(text), "LanguageCode": 1033, "IsManaged": true]
        return ["LocalizedLabels": [localized], "UserLocalizedLabel": localized]
    }

    private func entityRow(_ object: ObjectDefinition) -> [String: JSONValue] {
        [
            "MetadataId": .string(Self.metadataID(object.name)), "LogicalName": .string(object.name), "SchemaName": .string(schemaName(object.name)),
            "EntitySetName": .string(DynamicsSchema.entitySetName(object)), "LogicalCollectionName": .string(DynamicsSchema.entitySetName(object)),
            "PrimaryIdAttribute": .string(DynamicsSchema.primaryIdAttribute(object)),
            "PrimaryNameAttribute": DynamicsSchema.primaryNameAttribute(object).map(JSONValue.string) ?? .null,
            "ObjectTypeCode": .int(Self.objectTypeCodes[object.name] ?? 10_000 + abs(Int(SHA256.hash(Array(object.name.utf8))[0]))),
            "IsCustomEntity": .bool(object.custom), "ChangeTrackingEnabled": false,
            "DisplayName": Self.label(object.label), "DisplayCollectionName": Self.label(object.labelPlural),
        ]
    }

    static let objectTypeCodes = ["account": 1, "contact": 2, "opportunity": 3, "lead": 4, "systemuser": 8]

    private func schemaName(_ logical: String) -> String {
        logical.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "_")
    }

    private func attributeRow(_ field: FieldDefinition, of object: ObjectDefinition, optionSet: Bool) -> [String: JSONValue] {
        let type = field.type == .id ? (type: "Uniqueidentifier", metadata: "UniqueIdentifierAttributeMetadata") : DynamicsSchema.attributeType(field)
        var row: [String: JSONValue] = [
            "@odata.type": .string("#Microsoft.Dynamics.CRM.\(type.metadata)"), "MetadataId": .string(Self.metadataID(object.name + "." + field.name)),
            "LogicalName": .string(field.name), "SchemaName": .string(schemaName(field.name)), "AttributeType": .string(type.type),
            "AttributeTypeName": ["Value": .string(type.type + "Type")], "EntityLogicalName": .string(object.name), "IsCustomAttribute": .bool(field.custom),
            "IsPrimaryId": .bool(field.type == .id), "IsPrimaryName": .bool(field.name == DynamicsSchema.primaryNameAttribute(object)),
            "IsValidForCreate": .bool(field.createable), "IsValidForUpdate": .bool(field.updateable), "IsValidForRead": true,
            "RequiredLevel": ["Value": .string(field.type == .id ? "SystemRequired" : field.required ? "ApplicationRequired" : "None"), "CanBeChanged": true],
            "DisplayName": Self.label(field.label),
        ]
        if let length = field.length, DynamicsSchema.edmType(field) == .string { row["MaxLength"] = .int(length) }
        if field.type == .reference { row["Targets"] = .array(field.referenceTo.map(JSONValue.string)) }
        if optionSet {
            row["OptionSet"] = [
                "Options": .array(field.picklistValues.map { option in ["Value": .int(Int(option.value) ?? 0), "Label": Self.label(option.label)] })
            ]
        }
        return row
    }

    /// `$filter` and `$select` over metadata rows (metadata properties are PascalCase and not paged).
    private func filterAndSelect(_ rows: [[String: JSONValue]], options: [String: String], typeName: String, properties: [String]) throws(DynamicsError) -> [OrderedJSON] {
        for name in options.keys where name.hasPrefix("$") && !["$select", "$filter"].contains(name) { throw DynamicsQuery.unsupported(name) }
        var matching = rows
        if let text = options["$filter"] {
            var parser = ODataFilterParser(typeName: typeName) { name in
                guard properties.contains(name), let sample = rows.first?[name] ?? .some(.null) else { return nil }
                switch sample {
                case .bool: return .boolean
                case .int: return .int32
                default: return name == "MetadataId" ? .guid : .string
                }
            }
            let filter: ODataFilter
            do {
                filter = try parser.parse(text)
            } catch {
                throw .odata(error.message)
            }
            matching = rows.filter { row in filter.matches { row[$0] ?? .null } }
        }
        var select = properties
        if let text = options["$select"] {
            select = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for name in select where !properties.contains(name) { throw .odata("Could not find a property named '\(name)' on type '\(typeName)'.") }
            if !select.contains("MetadataId") { select.append("MetadataId") }
            // An expanded navigation (`$expand=OptionSet`) comes whatever `$select` names.
            if properties.last == "OptionSet", !select.contains("OptionSet") { select.append("OptionSet") }
            if let type = properties.first, type == "@odata.type" { select.insert(type, at: 0) }
        }
        return matching.map { row in .object(select.compactMap { name in row[name].map { (name, .value($0)) } }) }
    }

    private func prepend(_ pair: (String, OrderedJSON), to json: OrderedJSON) -> OrderedJSON {
        guard case .object(let pairs) = json else { return json }
        return .object([pair] + pairs)
    }
}

extension ObjectDefinition {
    /// The columns `EntityDefinitions` lists: the primary key first, then every field.
    fileprivate var attributes: [FieldDefinition] {
        [FieldDefinition(name: DynamicsSchema.primaryIdAttribute(self), label: label, type: .id, createable: true, updateable: false)] + fields
    }
}
