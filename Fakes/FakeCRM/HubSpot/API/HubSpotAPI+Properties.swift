import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// The reading scope of an object's properties (`crm.schemas.contacts.read`, or the object's own read scope).
    func schemaScopes(_ object: ObjectDefinition, write: Bool) -> [String] {
        let name = HubSpotObjectTypes.isCustom(object) ? "custom" : object.name
        return ["crm.schemas.\(name).\(write ? "write" : "read")", scope(object, write: write)]
    }

    /// A property as `/crm/v3/properties` answers it.
    func propertyJSON(_ field: FieldDefinition, of object: ObjectDefinition) -> OrderedJSON {
        let metadata = catalog.metadata(object.name, field.name)
        let natural = HubSpotPropertyType.natural(for: field)
        let fieldType = metadata.fieldType ?? natural.fieldType
        let system = HubSpotSchema.isSystemProperty(field.name)
        let stamp = DateFormats.formatISO(metadata.createdAt ?? catalog.bornAt)
        var pairs: [(String, OrderedJSON)] = [
            ("updatedAt", .value(.string(DateFormats.formatISO(metadata.updatedAt ?? metadata.createdAt ?? catalog.bornAt)))),
            ("createdAt", .value(.string(stamp))), ("name", .value(.string(field.name))), ("label", .value(.string(field.label))),
            ("type", .value(.string(natural.type))), ("fieldType", .value(.string(fieldType))), ("description", .value(.string(metadata.description))),
            ("groupName", .value(.string(metadata.groupName ?? HubSpotPropertyCatalog.defaultGroup(of: object)))),
            ("options", .array(optionsJSON(field))), ("displayOrder", .value(.int(metadata.displayOrder))),
            ("calculated", .value(.bool(metadata.calculationFormula != nil))), ("externalOptions", .value(false)),
            ("hasUniqueValue", .value(.bool(field.unique))), ("hidden", .value(.bool(metadata.hidden))), ("hubspotDefined", .value(.bool(!field.custom))),
            ("showCurrencySymbol", .value(.bool(field.type == .currency))),
            ("modificationMetadata", .object([
                ("archivable", .value(.bool(field.custom))), ("readOnlyDefinition", .value(.bool(!field.custom || system))),
                ("readOnlyValue", .value(.bool(!field.updateable))),
            ])),
            ("formField", .value(.bool(metadata.formField))),
        ]
        if let formula = metadata.calculationFormula { pairs.append(("calculationFormula", .value(.string(formula)))) }
        return .object(pairs)
    }

    private func optionsJSON(_ field: FieldDefinition) -> [OrderedJSON] {
        if field.type == .boolean {
            return [("True", "true", 0), ("False", "false", 1)].map { option -> OrderedJSON in
                .object([("label", .value(.string(option.0))), ("value", .value(.string(option.1))), ("displayOrder", .value(.int(option.2))), ("hidden", .value(false))])
            }
        }
        return field.picklistValues.enumerated().map { index, value -> OrderedJSON in
            .object([
                ("label", .value(.string(value.label))), ("value", .value(.string(value.value))), ("description", .value("")),
                ("displayOrder", .value(.int(index))), ("hidden", .value(.bool(!value.active))),
            ])
        }
    }

    /// `GET /crm/v3/properties/{type}`.
    func properties(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: false))
        let archived = request.query("archived") == "true"
        let fields = archived ? [] : object.fields
        return Self.ordered(.object([("results", .array(fields.map { propertyJSON($0, of: object) }))]))
    }

    /// `GET /crm/v3/properties/{type}/{name}`.
    func property(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: false))
        let name = request.pathParameters["name"] ?? ""
        guard let field = object.field(name) else { throw Self.propertyNotFound(name, object) }
        return Self.ordered(propertyJSON(field, of: object))
    }

    static func propertyNotFound(_ name: String, _ object: ObjectDefinition) -> HubSpotError {
        HubSpotError(
            .notFound, "OBJECT_NOT_FOUND", "Unable to find property with name \(name) on object type \(object.keyPrefix)", context: ["propertyName": [name]])
    }

    /// A property made from a create body: `name`, `label`, `type`, `fieldType`, `groupName`, `options`, `hasUniqueValue`.
    func newProperty(_ body: [String: JSONValue], object: ObjectDefinition) throws -> (FieldDefinition, HubSpotPropertyCatalog.Metadata) {
        guard let name = body["name"]?.stringValue, let label = body["label"]?.stringValue, let type = body["type"]?.stringValue,
            let fieldType = body["fieldType"]?.stringValue, let groupName = body["groupName"]?.stringValue
        else {
            throw HubSpotError.validation("A property needs name, label, type, fieldType and groupName", context: ["property": ["name", "label", "type", "fieldType", "groupName"]])
        }
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
            name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else {
            throw HubSpotError.validation("Property name \(name) is invalid: use lower-case letters, digits and underscores, starting with a letter", context: ["name": [name]])
        }
        let pair = HubSpotPropertyType(type: type, fieldType: fieldType)
        guard let storeType = pair.storeType else {
            throw HubSpotError.validation("\(type)/\(fieldType) is not a valid type and fieldType pair. Valid pairs: \(HubSpotPropertyType.acceptedList)")
        }
        guard catalog.groups(of: object).contains(where: { $0.name == groupName }) else {
            throw HubSpotError.validation("Property group \(groupName) does not exist on \(object.name)", context: ["groupName": [groupName]])
        }
        var options: [PicklistValue] = []
        for option in body["options"]?.arrayValue ?? [] {
            guard let value = option["value"]?.stringValue, let optionLabel = option["label"]?.stringValue else {
                throw HubSpotError.validation("Each option needs a label and a value")
            }
            options.append(PicklistValue(value, label: optionLabel, active: option["hidden"]?.boolValue != true))
        }
        if storeType == .picklist || storeType == .multipicklist, options.isEmpty {
            throw HubSpotError.validation("An enumeration property needs options")
        }
        let unique = body["hasUniqueValue"]?.boolValue ?? false
        let field = FieldDefinition(
            name: name, label: label, type: storeType, length: storeType == .string || storeType == .textarea ? 65_536 : nil, unique: unique,
            externalId: unique, picklistValues: options, restrictedPicklist: !options.isEmpty, custom: true)
        var metadata = HubSpotPropertyCatalog.Metadata()
        metadata.groupName = groupName
        metadata.fieldType = fieldType == HubSpotPropertyType.natural(for: field).fieldType ? nil : fieldType
        metadata.description = body["description"]?.stringValue ?? ""
        metadata.displayOrder = body["displayOrder"]?.intValue ?? -1
        metadata.hidden = body["hidden"]?.boolValue ?? false
        metadata.formField = body["formField"]?.boolValue ?? false
        metadata.calculationFormula = body["calculationFormula"]?.stringValue
        metadata.createdAt = clock.now()
        // A calculated property's value is HubSpot's to compute: read-only through the API.
        return (metadata.calculationFormula != nil ? Self.readOnly(field) : field, metadata)
    }

    static func readOnly(_ field: FieldDefinition) -> FieldDefinition {
        var copy = field
        copy.createable = false
        copy.updateable = false
        return copy
    }

    /// Adds a property to the live schema (journaled as a schema change); 409 when the name is taken.
    func addProperty(_ field: FieldDefinition, _ metadata: HubSpotPropertyCatalog.Metadata, to object: ObjectDefinition, actor: String) throws {
        guard store.schema.object(object.name)?.field(field.name) == nil else {
            throw HubSpotError(.conflict, "OBJECT_ALREADY_EXISTS", "A property named '\(field.name)' already exists.", context: ["name": [field.name]])
        }
        try store.changeSchema(actor: actor, channel: "api", object: object.name) { schema in
            schema.modify(object.name) { $0.fields.append(field) }
        }
        catalog.setMetadata(object.name, field.name, metadata)
    }

    /// `POST /crm/v3/properties/{type}` → 201.
    func createProperty(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let (field, metadata) = try newProperty(try jsonObject(request), object: object)
        try addProperty(field, metadata, to: object, actor: actor(request))
        let live = try self.object(request)
        return Self.ordered(propertyJSON(live.field(field.name) ?? field, of: live), status: .created)
    }

    /// `PATCH /crm/v3/properties/{type}/{name}`: label, description, group, options, display order, hidden.
    func updateProperty(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let name = request.pathParameters["name"] ?? ""
        guard let field = object.field(name) else { throw Self.propertyNotFound(name, object) }
        guard field.custom, !HubSpotSchema.isSystemProperty(field.name) else {
            throw HubSpotError.validation("\(field.name) is a HubSpot-defined property; its definition is read-only", context: ["name": [field.name]])
        }
        let body = try jsonObject(request)
        var metadata = catalog.metadata(object.name, field.name)
        var changed = field
        if let label = body["label"]?.stringValue { changed.label = label }
        if let options = body["options"]?.arrayValue {
            changed.picklistValues = options.compactMap { option in
                option["value"]?.stringValue.map { PicklistValue($0, label: option["label"]?.stringValue, active: option["hidden"]?.boolValue != true) }
            }
        }
        if body["type"] != nil || body["fieldType"] != nil {
            let natural = HubSpotPropertyType.natural(for: field)
            let pair = HubSpotPropertyType(type: body["type"]?.stringValue ?? natural.type, fieldType: body["fieldType"]?.stringValue ?? natural.fieldType)
            guard let storeType = pair.storeType else { throw HubSpotError.validation("\(pair.type)/\(pair.fieldType) is not a valid type and fieldType pair") }
            changed.type = storeType
            metadata.fieldType = pair.fieldType == HubSpotPropertyType.natural(for: changed).fieldType ? nil : pair.fieldType
        }
        if let group = body["groupName"]?.stringValue {
            guard catalog.groups(of: object).contains(where: { $0.name == group }) else { throw HubSpotError.validation("Property group \(group) does not exist") }
            metadata.groupName = group
        }
        if let description = body["description"]?.stringValue { metadata.description = description }
        if let order = body["displayOrder"]?.intValue { metadata.displayOrder = order }
        if let hidden = body["hidden"]?.boolValue { metadata.hidden = hidden }
        metadata.updatedAt = clock.now()
        if changed != field {
            try store.changeSchema(actor: actor(request), channel: "api", object: object.name) { schema in
                schema.modify(object.name) { definition in
                    if let index = definition.fields.firstIndex(where: { $0.name == field.name }) { definition.fields[index] = changed }
                }
            }
        }
        catalog.setMetadata(object.name, field.name, metadata)
        return Self.ordered(propertyJSON(changed, of: try self.object(request)))
    }

    /// `DELETE /crm/v3/properties/{type}/{name}` → 204; HubSpot's own properties cannot be archived.
    func archiveProperty(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let name = request.pathParameters["name"] ?? ""
        guard let field = object.field(name) else { throw Self.propertyNotFound(name, object) }
        try removeProperty(field, from: object, actor: actor(request))
        return HTTPResponse(status: .noContent)
    }

    func removeProperty(_ field: FieldDefinition, from object: ObjectDefinition, actor: String) throws {
        guard field.custom, !HubSpotSchema.isSystemProperty(field.name) else {
            throw HubSpotError.validation("\(field.name) is a HubSpot-defined property and cannot be archived", context: ["name": [field.name]])
        }
        try store.changeSchema(
            actor: actor, channel: "api", object: object.name, { schema in schema.modify(object.name) { $0.fields.removeAll { $0.name == field.name } } },
            migrating: { record, _ in
                guard record.fields[field.name] != nil else { return nil }
                var changed = record
                changed.fields.removeValue(forKey: field.name)
                return changed
            })
        catalog.removeMetadata(object.name, field.name)
    }

    // MARK: batch

    func batchReadProperties(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, schemaScopes(object, write: false))
        let names = try inputs(try jsonObject(request)).compactMap { $0["name"]?.stringValue }
        let found = names.compactMap { object.field($0) }
        let missing = names.filter { object.field($0) == nil }
        let errors = missing.isEmpty ? [] : [HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Unable to find properties", context: ["propertyNames": missing])]
        return batchResponse(found.map { propertyJSON($0, of: object) }, errors: errors, started: started)
    }

    func batchCreateProperties(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let made = try inputs(try jsonObject(request)).map { input -> (FieldDefinition, HubSpotPropertyCatalog.Metadata) in
            guard case .object(let body) = input else { throw HubSpotError.invalidJSON("each input must be an object") }
            return try newProperty(body, object: object)
        }
        var results: [OrderedJSON] = []
        var errors: [HubSpotError] = []
        for (field, metadata) in made {
            do {
                let live = store.schema.object(object.name) ?? object
                try addProperty(field, metadata, to: live, actor: actor(request))
                results.append(propertyJSON(field, of: live))
            } catch let error as HubSpotError {
                errors.append(error)
            }
        }
        return batchResponse(results, errors: errors, started: started, status: .created)
    }

    func batchArchiveProperties(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        for name in try inputs(try jsonObject(request)).compactMap({ $0["name"]?.stringValue }) {
            guard let live = store.schema.object(object.name), let field = live.field(name) else { continue }
            try removeProperty(field, from: live, actor: actor(request))
        }
        return HTTPResponse(status: .noContent)
    }

    // MARK: groups

    func groupJSON(_ group: HubSpotPropertyCatalog.Group) -> OrderedJSON {
        .object([
            ("name", .value(.string(group.name))), ("label", .value(.string(group.label))), ("displayOrder", .value(.int(group.displayOrder))),
            ("archived", .value(.bool(group.archived))),
        ])
    }

    func propertyGroups(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: false))
        return Self.ordered(.object([("results", .array(catalog.groups(of: object).map(groupJSON)))]))
    }

    func propertyGroup(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: false))
        let name = request.pathParameters["group"] ?? ""
        guard let group = catalog.groups(of: object).first(where: { $0.name == name }) else {
            throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Unable to find property group \(name)", context: ["groupName": [name]])
        }
        return Self.ordered(groupJSON(group))
    }

    func createPropertyGroup(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let body = try jsonObject(request)
        guard let name = body["name"]?.stringValue, let label = body["label"]?.stringValue else {
            throw HubSpotError.validation("A property group needs a name and a label")
        }
        guard !catalog.groups(of: object).contains(where: { $0.name == name }) else {
            throw HubSpotError(.conflict, "OBJECT_ALREADY_EXISTS", "A property group named '\(name)' already exists.")
        }
        let group = HubSpotPropertyCatalog.Group(name: name, label: label, displayOrder: body["displayOrder"]?.intValue ?? -1)
        catalog.putGroup(group, object: object.name)
        return Self.ordered(groupJSON(group), status: .created)
    }

    func updatePropertyGroup(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let name = request.pathParameters["group"] ?? ""
        guard var group = catalog.groups(of: object).first(where: { $0.name == name }) else {
            throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Unable to find property group \(name)")
        }
        let body = try jsonObject(request)
        if let label = body["label"]?.stringValue { group.label = label }
        if let order = body["displayOrder"]?.intValue { group.displayOrder = order }
        catalog.putGroup(group, object: object.name)
        return Self.ordered(groupJSON(group))
    }

    func archivePropertyGroup(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, schemaScopes(object, write: true))
        let name = request.pathParameters["group"] ?? ""
        guard name != HubSpotPropertyCatalog.defaultGroup(of: object) else {
            throw HubSpotError.validation("\(name) is a HubSpot-defined group and cannot be archived")
        }
        guard catalog.removeGroup(name, object: object.name) else { throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Unable to find property group \(name)") }
        return HTTPResponse(status: .noContent)
    }
}
