import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    func schemaJSON(_ object: ObjectDefinition) -> OrderedJSON {
        let born = DateFormats.formatISO(catalog.bornAt)
        let associated = store.schema.objects.filter { other in
            other.name != object.name && !associations.types(from: object.name, to: other.name).isEmpty
        }
        let metadata = catalog.metadata(object.name, "")
        func names(_ list: [String]) -> OrderedJSON { .array(list.map { .value(.string($0)) }) }
        return .object([
            ("id", .value(.string(String(object.keyPrefix.dropFirst(2))))), ("createdAt", .value(.string(DateFormats.formatISO(metadata.createdAt ?? catalog.bornAt)))),
            ("updatedAt", .value(.string(born))), ("archived", .value(false)),
            ("labels", .object([("singular", .value(.string(object.label))), ("plural", .value(.string(object.labelPlural)))])),
            ("requiredProperties", names(object.fields.filter(\.required).map(\.name))),
            ("searchableProperties", names(HubSpotObjectTypes.searchable(object))),
            ("primaryDisplayProperty", .value(.string(metadata.groupName ?? object.fields.first { $0.custom }?.name ?? "hs_object_id"))),
            ("secondaryDisplayProperties", .array([])), ("metaType", .value("PORTAL_SPECIFIC")),
            ("name", .value(.string(object.name))), ("objectTypeId", .value(.string(object.keyPrefix))),
            ("fullyQualifiedName", .value(.string(HubSpotObjectTypes.fullyQualifiedName(object, portalID: portalID)))),
            ("properties", .array(object.fields.map { propertyJSON($0, of: object) })),
            ("associations", .array(associated.compactMap { other in
                associations.types(from: object.name, to: other.name).first.map { type in
                    .object([
                        ("fromObjectTypeId", .value(.string(object.keyPrefix))), ("toObjectTypeId", .value(.string(other.keyPrefix))),
                        ("name", .value(.string("\(object.name)_to_\(HubSpotObjectTypes.singular(other))"))), ("id", .value(.string(String(type.typeID)))),
                    ])
                }
            })),
        ])
    }

    /// `GET /crm/v3/schemas`: the portal's custom objects.
    func schemas(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.schemas.custom.read"])
        return Self.ordered(.object([("results", .array(store.schema.objects.filter(HubSpotObjectTypes.isCustom).map(schemaJSON)))]))
    }

    func schema(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.schemas.custom.read"])
        return Self.ordered(schemaJSON(try object(request)))
    }

    /// `POST /crm/v3/schemas`: a custom object with its properties and associated objects → 201.
    func createSchema(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.schemas.custom.write"])
        let body = try jsonObject(request)
        guard let name = body["name"]?.stringValue, let singular = body["labels"]?["singular"]?.stringValue,
            let plural = body["labels"]?["plural"]?.stringValue
        else { throw HubSpotError.validation("A schema needs name and labels.singular/plural") }
        guard HubSpotObjectTypes.resolve(name, in: store.schema, portalID: portalID) == nil else {
            throw HubSpotError(.conflict, "OBJECT_ALREADY_EXISTS", "An object type named '\(name)' already exists.")
        }
        let typeID = "2-\(portalID % 1000 * 1000 + store.schema.objects.filter(HubSpotObjectTypes.isCustom).count + 1)"
        var definition = ObjectDefinition(name: name.lowercased(), label: singular, labelPlural: plural, keyPrefix: typeID, custom: true, fields: [])
        var metadata: [(String, HubSpotPropertyCatalog.Metadata)] = []
        for input in body["properties"]?.arrayValue ?? [] {
            guard case .object(var property) = input else { continue }
            property["groupName"] = property["groupName"] ?? .string(HubSpotPropertyCatalog.defaultGroup(of: definition))
            let (field, meta) = try newProperty(property, object: definition)
            var required = field
            required.required = (body["requiredProperties"]?.arrayValue ?? []).contains(.string(field.name))
            definition.fields.append(required)
            metadata.append((field.name, meta))
        }
        HubSpotSchema.augment(&definition)
        var targets: [ObjectDefinition] = []
        for associated in body["associatedObjects"]?.arrayValue ?? [] {
            let text = associated.stringValue ?? ""
            guard let target = HubSpotObjectTypes.resolve(text.lowercased(), in: store.schema, portalID: portalID)
                ?? HubSpotObjectTypes.standard.first(where: { $0.singular.uppercased() == text }).flatMap({ store.schema.object($0.name) })
            else { throw HubSpotError.validation("Unknown associated object \(text)") }
            targets.append(target)
        }
        let made = definition
        try store.changeSchema(actor: actor(request), channel: "api", object: made.name) { $0.put(made) }
        for (property, meta) in metadata { catalog.setMetadata(made.name, property, meta) }
        var created = HubSpotPropertyCatalog.Metadata()
        created.createdAt = clock.now()
        created.groupName = body["primaryDisplayProperty"]?.stringValue
        catalog.setMetadata(made.name, "", created)
        for target in targets { _ = associations.defaultType(from: made.name, to: target.name) }
        return Self.ordered(schemaJSON(store.schema.object(made.name) ?? made), status: .created)
    }

    /// `DELETE /crm/v3/schemas/{type}`: only an object without live records may go → 204.
    func archiveSchema(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.schemas.custom.write"])
        let object = try object(request)
        guard HubSpotObjectTypes.isCustom(object) else { throw HubSpotError.validation("\(object.name) is a standard object and cannot be deleted") }
        guard store.records(of: object.name).isEmpty else {
            throw HubSpotError.validation("Cannot delete object type \(object.name): it still has records. Archive them first.")
        }
        try store.changeSchema(actor: actor(request), channel: "api", object: object.name) { $0.remove(object: object.name) }
        return HTTPResponse(status: .noContent)
    }
}
