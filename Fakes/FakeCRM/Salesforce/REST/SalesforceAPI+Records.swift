import FakeKit
import Foundation
import HTTP

extension SalesforceAPI {
    /// Runs a store write, turning its refusal into Salesforce's error.
    func write<T>(_ object: String, _ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw SalesforceError(error, schema: store.schema, object: object)
        }
    }

    /// Field values from a request body: `attributes` is ignored, as
    /// Salesforce ignores it; `Id` may not be set.
    func fieldValues(_ body: [String: JSONValue], object: ObjectDefinition, allowID: Bool = false) throws -> [String: JSONValue] {
        var fields = body
        fields.removeValue(forKey: "attributes")
        if let idKey = fields.keys.first(where: { $0.caseInsensitiveEquals("Id") }) {
            guard allowID else {
                throw SalesforceError(.badRequest, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: Id. Please check the security settings of this field and verify that it is read/write for your profile or permission set.", fields: ["Id"])
            }
            fields.removeValue(forKey: idKey)
        }
        // References may arrive as 15-character ids: store the 18-character form.
        for (key, value) in fields {
            guard let field = object.field(key), field.type == .reference, case .string(let text) = value, !text.isEmpty else { continue }
            guard let canonical = SalesforceID.canonical(text) else { throw SalesforceError.malformedID(field.label, text) }
            fields[key] = .string(canonical)
        }
        return fields
    }

    /// The canonical id in the path, checked against the object's key prefix.
    func recordID(_ text: String, object: ObjectDefinition) throws -> String {
        guard let id = SalesforceID.canonical(text) else {
            throw SalesforceError(.notFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: \(text)")
        }
        guard SalesforceID.keyPrefix(of: id) == object.keyPrefix else {
            throw SalesforceError(.badRequest, "MALFORMED_ID", "Malformed Id: \(text)")
        }
        return id
    }

    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let fields = try fieldValues(jsonObject(request), object: object)
        let record = try write(object.name) { () throws(StoreError) in
            try store.create(object.name, fields, actor: actor(request), channel: "rest")
        }
        return Self.ordered(.object([("id", .value(.string(record.id))), ("success", .value(true)), ("errors", .array([]))]), status: .created)
    }

    func read(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let object = try objectDefinition(request)
        let id = try recordID(request.pathParameters["id"] ?? "", object: object)
        let selected = try selectedFields(request, object: object)
        return try store.read { snapshot in
            guard let record = snapshot.record(id: id) else { throw SalesforceError.notFound }
            return Self.ordered(reader(snapshot, version: version).render(record, fields: selected))
        }
    }

    /// `?fields=A,B`: those fields only (unknown names are INVALID_FIELD).
    func selectedFields(_ request: HTTPRequest, object: ObjectDefinition) throws -> [FieldDefinition]? {
        guard let list = request.query("fields") else { return nil }
        return try list.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let field = object.field(trimmed) else {
                throw SalesforceError(.badRequest, "INVALID_FIELD", "No such column '\(trimmed)' on sobject of type \(object.name)")
            }
            return field
        }
    }

    func update(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let id = try recordID(request.pathParameters["id"] ?? "", object: object)
        let fields = try fieldValues(jsonObject(request), object: object)
        guard store.record(id: id) != nil else { throw SalesforceError.notFound }
        _ = try write(object.name) { () throws(StoreError) in try store.update(id: id, fields, actor: actor(request), channel: "rest") }
        return HTTPResponse(status: .noContent)
    }

    func delete(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let id = try recordID(request.pathParameters["id"] ?? "", object: object)
        guard store.record(id: id) != nil else {
            if store.record(id: id, includeDeleted: true) != nil {
                throw SalesforceError(.notFound, "ENTITY_IS_DELETED", "entity is deleted")
            }
            throw SalesforceError.notFound
        }
        _ = try write(object.name) { () throws(StoreError) in try store.delete(id: id, actor: actor(request), channel: "rest") }
        return HTTPResponse(status: .noContent)
    }

    /// The external-id field named in the path, which must be an id lookup field.
    func externalIDField(_ request: HTTPRequest, object: ObjectDefinition) throws -> FieldDefinition {
        let name = request.pathParameters["field"] ?? ""
        guard let field = object.field(name), field.externalId || field.type == .id else {
            throw SalesforceError(.notFound, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: \(name)")
        }
        return field
    }

    func matches(_ object: ObjectDefinition, _ field: FieldDefinition, _ value: String) -> [Record] {
        if field.type == .id {
            guard let id = SalesforceID.canonical(value), let record = store.record(id: id), record.object == object.name else { return [] }
            return [record]
        }
        return store.records(of: object.name, where: field.name, equals: .string(value))
    }

    func multipleChoices(_ records: [Record], version: String) -> HTTPResponse {
        .json(.multipleChoices, records.map { "/services/data/v\(version)/sobjects/\($0.object)/\($0.id)" })
    }

    /// What `{ExtIdField}/{value}` names: one record, or several (answered 300
    /// with their URLs). None is a 404.
    enum ExternalIDMatch {
        case one(Record)
        case several(HTTPResponse)
    }

    func recordByExternalID(_ request: HTTPRequest) throws -> (version: String, object: ObjectDefinition, match: ExternalIDMatch) {
        let version = try version(request)
        let object = try objectDefinition(request)
        let field = try externalIDField(request, object: object)
        let found = matches(object, field, request.pathParameters["value"] ?? "")
        if found.count > 1 { return (version, object, .several(multipleChoices(found, version: version))) }
        guard let record = found.first else { throw SalesforceError.notFound }
        return (version, object, .one(record))
    }

    func readByExternalID(_ request: HTTPRequest) throws -> HTTPResponse {
        let (version, object, match) = try recordByExternalID(request)
        guard case .one(let record) = match else { return Self.severalResponse(match) }
        let selected = try selectedFields(request, object: object)
        return store.read { snapshot in Self.ordered(reader(snapshot, version: version).render(record, fields: selected)) }
    }

    static func severalResponse(_ match: ExternalIDMatch) -> HTTPResponse {
        guard case .several(let response) = match else { preconditionFailure("only for several matches") }
        return response
    }

    /// Upsert by external id: 201 with `created: true` for a new record; for
    /// an update, 200 with `created: false` from API 46.0 on, 204 before.
    func upsert(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let object = try objectDefinition(request)
        let field = try externalIDField(request, object: object)
        let value = request.pathParameters["value"] ?? ""
        var fields = try fieldValues(jsonObject(request), object: object)
        if let given = fields.first(where: { $0.key.caseInsensitiveEquals(field.name) }), given.value != .string(value) {
            throw SalesforceError(.badRequest, "INVALID_FIELD", "The value of the external ID field in the request body doesn't match the value in the URL")
        }
        fields.removeValue(forKey: field.name)
        let found = matches(object, field, value)
        if found.count > 1 { return multipleChoices(found, version: version) }
        let actor = actor(request)
        if let existing = found.first {
            _ = try write(object.name) { () throws(StoreError) in try store.update(id: existing.id, fields, actor: actor, channel: "upsert") }
            if (Double(version) ?? 0) >= 46 {
                return Self.ordered(
                    .object([("id", .value(.string(existing.id))), ("success", .value(true)), ("errors", .array([])), ("created", .value(false))]))
            }
            return HTTPResponse(status: .noContent)
        }
        guard field.type != .id else { throw SalesforceError.notFound }
        fields[field.name] = .string(value)
        let record = try write(object.name) { () throws(StoreError) in try store.create(object.name, fields, actor: actor, channel: "upsert") }
        return Self.ordered(
            .object([("id", .value(.string(record.id))), ("success", .value(true)), ("errors", .array([])), ("created", .value(true))]),
            status: .created)
    }

    func deleteByExternalID(_ request: HTTPRequest) throws -> HTTPResponse {
        let (_, object, match) = try recordByExternalID(request)
        guard case .one(let record) = match else { return Self.severalResponse(match) }
        _ = try write(object.name) { () throws(StoreError) in try store.delete(id: record.id, actor: actor(request), channel: "rest") }
        return HTTPResponse(status: .noContent)
    }
}
