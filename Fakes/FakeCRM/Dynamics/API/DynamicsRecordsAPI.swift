import FakeKit
import Foundation
import HTTP

/// The entity-set routes: `GET /accounts` (a query), `POST /accounts`
/// (create), and on `/accounts(key)` `GET`, `PATCH` (update or upsert) and
/// `DELETE`, with `If-Match`/`If-None-Match` against the row's `@odata.etag`.
struct DynamicsRecordsAPI {
    let store: RecordStore
    /// The journal actor of the writes (the app's client id).
    let actor: String

    func handle(_ request: DynamicsRequest) throws(DynamicsError) -> HTTPResponse {
        guard request.resource.count == 1 else {
            if request.resource.count == 2, request.resource[1].hasPrefix("Microsoft.Dynamics.CRM.") {
                let action = String(request.resource[1].dropFirst("Microsoft.Dynamics.CRM.".count))
                if DynamicsMultipleActions.served.contains(action) {
                    return try DynamicsMultipleActions(store: store, object: try entity(request.resource[0]), actor: actor).handle(request, action: action)
                }
                throw .odata("The action '\(request.resource[1])' is not served by Sync Verifier's simulated Dataverse yet.", status: .notImplemented)
            }
            throw .odata("Resource not found for the segment '\(request.resource.last ?? "")'.", status: .notFound)
        }
        let segment = request.resource[0]
        let method = request.http.method
        if let (setName, key) = try DynamicsKey.split(segment) {
            let object = try entity(setName)
            switch method {
            case .get, .head: return try retrieve(request, object, key)
            case .patch: return try upsert(request, object, key)
            case .delete: return try delete(request, object, key)
            default: throw DynamicsAPI.methodNotAllowed(method)
            }
        }
        let object = try entity(segment)
        switch method {
        case .get, .head: return try DynamicsQuery(store: store, object: object, request: request).response()
        case .post: return try create(request, object)
        default: throw DynamicsAPI.methodNotAllowed(method)
        }
    }

    private func entity(_ setName: String) throws(DynamicsError) -> ObjectDefinition {
        guard let object = store.schema.objects.first(where: { DynamicsSchema.entitySetName($0) == setName }) else {
            throw .unknownSegment(setName)
        }
        return object
    }

    // MARK: reads

    private func find(_ object: ObjectDefinition, _ key: DynamicsKey) throws(DynamicsError) -> Record? {
        switch key {
        case .id(let id):
            guard let record = store.record(id: id), record.object == object.name else { return nil }
            return record
        case .alternate(let parts):
            for (name, _) in parts {
                guard let field = object.field(name), field.name == name, field.externalId || field.unique else {
                    throw .odata("The key attribute '\(name)' is not an alternate key of entity '\(object.name)'.")
                }
            }
            return store.records(of: object.name).first { record in
                parts.allSatisfy { name, value in ODataFilter.order(DynamicsRecordView.value(name, of: record, in: object), value) == 0 }
            }
        }
    }

    private func missing(_ object: ObjectDefinition, _ key: DynamicsKey) -> DynamicsError {
        switch key {
        case .id(let id): .notFound(object.name, id: id)
        case .alternate: .notFound(object.name, key: "")
        }
    }

    private func retrieve(_ request: DynamicsRequest, _ object: ObjectDefinition, _ key: DynamicsKey) throws(DynamicsError) -> HTTPResponse {
        let options = try request.queryOptions()
        let select = try DynamicsQuery.select(options["$select"], object: object)
        if options["$expand"] != nil { throw DynamicsQuery.unsupported("$expand") }
        guard let record = try find(object, key) else { throw missing(object, key) }
        let etag = DynamicsRecordView.etag(record)
        if let none = request.http.headers["If-None-Match"], none == etag || none == "*" {
            return HTTPResponse(status: .notModified)
        }
        return representation(request, object, record, select: select, status: .ok)
    }

    private func representation(
        _ request: DynamicsRequest, _ object: ObjectDefinition, _ record: Record, select: [String]?, status: HTTPStatus
    ) -> HTTPResponse {
        let view = DynamicsRecordView(store: store, object: object, annotations: request.annotations)
        let set = DynamicsSchema.entitySetName(object)
        let columns = view.columns(select: select)
        let context = request.serviceRoot + "/$metadata#" + set + (select.map { "(" + $0.joined(separator: ",") + ")" } ?? "") + "/$entity"
        var response = DynamicsAPI.json(view.render(record, columns: columns, context: context), status: status)
        response.headers["ETag"] = DynamicsRecordView.etag(record)
        if !request.annotations.isEmpty { response.headers["Preference-Applied"] = "odata.include-annotations=\"\(request.annotations.patterns.joined(separator: ","))\"" }
        return response
    }

    // MARK: writes

    private func entityID(_ request: DynamicsRequest, _ object: ObjectDefinition, _ record: Record) -> String {
        request.serviceRoot + "/" + DynamicsSchema.entitySetName(object) + "(" + record.id + ")"
    }

    private func written(_ request: DynamicsRequest, _ object: ObjectDefinition, _ record: Record, created: Bool) throws(DynamicsError) -> HTTPResponse {
        var response: HTTPResponse
        if request.wantsRepresentation {
            let select = try DynamicsQuery.select(try request.queryOptions()["$select"], object: object)
            response = representation(request, object, record, select: select, status: created ? .created : .ok)
            response.headers["Preference-Applied"] = "return=representation"
        } else {
            response = HTTPResponse(status: .noContent)
        }
        response.headers["OData-EntityId"] = entityID(request, object, record)
        return response
    }

    private func create(_ request: DynamicsRequest, _ object: ObjectDefinition) throws(DynamicsError) -> HTTPResponse {
        var (fields, id) = try DynamicsPayload(store: store, object: object).fields(request.http.body, onCreate: true)
        if let id, store.record(id: id, includeDeleted: false) != nil { throw .duplicate }
        fields = fields.filter { $0.value != .null || object.field($0.key)?.type != .reference }
        return try storing(object) {
            let record = try store.create(object.name, fields, id: id, actor: actor, channel: "api")
            return try written(request, object, record, created: true)
        }
    }

    private func upsert(_ request: DynamicsRequest, _ object: ObjectDefinition, _ key: DynamicsKey) throws(DynamicsError) -> HTTPResponse {
        let existing = try find(object, key)
        let headers = request.http.headers
        if let match = headers["If-Match"] {
            guard let existing else { throw missing(object, key) }
            if match != "*", match != DynamicsRecordView.etag(existing) { throw .versionMismatch }
        }
        if let none = headers["If-None-Match"], none == "*", existing != nil { throw .duplicate }
        var (fields, bodyID) = try DynamicsPayload(store: store, object: object).fields(request.http.body, onCreate: existing == nil)
        return try storing(object) {
            if let existing {
                if let bodyID, bodyID != existing.id { throw DynamicsError.odata("The primary key in the payload does not match the key in the URL.") }
                let record = try store.update(id: existing.id, fields, actor: actor, channel: "api")
                return try written(request, object, record, created: false)
            }
            var id: String?
            switch key {
            case .id(let keyID): id = keyID
            case .alternate(let parts):
                for (name, value) in parts { fields[name] = value }
                id = bodyID
            }
            let record = try store.create(object.name, fields, id: id, actor: actor, channel: "api")
            return try written(request, object, record, created: true)
        }
    }

    /// Runs a write, turning the store's refusal into Dataverse's.
    private func storing(_ object: ObjectDefinition, _ write: () throws -> HTTPResponse) throws(DynamicsError) -> HTTPResponse {
        do {
            return try write()
        } catch let error as StoreError {
            throw .from(error, entity: object.name)
        } catch let error as DynamicsError {
            throw error
        } catch {
            throw DynamicsError(.internalServerError, "0x80040216", "An unexpected error occurred.")
        }
    }

    private func delete(_ request: DynamicsRequest, _ object: ObjectDefinition, _ key: DynamicsKey) throws(DynamicsError) -> HTTPResponse {
        guard let existing = try find(object, key) else { throw missing(object, key) }
        if let match = request.http.headers["If-Match"], match != "*", match != DynamicsRecordView.etag(existing) { throw .versionMismatch }
        do {
            try store.delete(id: existing.id, actor: actor, channel: "api")
        } catch {
            throw .from(error, entity: object.name)
        }
        return HTTPResponse(status: .noContent)
    }
}

/// A create or update body turned into store fields: option sets from
/// their numbers, lookups from `@odata.bind`, the primary key as the row's
/// id; anything the entity type does not declare is refused.
struct DynamicsPayload {
    let store: RecordStore
    let object: ObjectDefinition

    func fields(_ body: Data, onCreate: Bool) throws(DynamicsError) -> (fields: [String: JSONValue], id: String?) {
        let set = DynamicsSchema.entitySetName(object)
        guard !body.isEmpty else {
            if onCreate { return ([:], nil) }
            return ([:], nil)
        }
        guard case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            throw DynamicsError(.badRequest, "0x80048d19", "Error identified in Payload provided by the user for Entity :'\(set)', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: Invalid JSON. A token was not recognized in the JSON content.")
        }
        var fields: [String: JSONValue] = [:]
        var id: String?
        let navigation = DynamicsBinding.navigationProperties(object)
        for (name, value) in pairs {
            if name == "@odata.type" {
                guard case .string(let type) = value, type.hasSuffix("." + object.name) || type == object.name else {
                    throw .odata("A type named '\(value.stringValue ?? "")' could not be resolved by the model.")
                }
                continue
            }
            if name.hasSuffix("@odata.bind") {
                let property = String(name.dropLast("@odata.bind".count))
                guard let nav = navigation.first(where: { $0.name == property }) else {
                    throw DynamicsError(
                        .badRequest, "0x80048d19",
                        "Error identified in Payload provided by the user for Entity :'\(set)', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ---->  InnerException : Microsoft.OData.ODataException: An undeclared property '\(property)' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.")
                }
                switch value {
                case .null: fields[nav.field.name] = .null
                case .string(let target): fields[nav.field.name] = .string(try DynamicsBinding.resolve(target, target: nav.target, schema: store.schema, store: store))
                default: throw .odata("The value of '\(name)' must be a URI string.")
                }
                continue
            }
            if name.contains("@") { continue }  // instance annotations a client echoes back
            if name == DynamicsSchema.primaryIdAttribute(object) {
                guard case .string(let guid) = value, ODataLexer.isGUID(guid) else { throw .odata("Cannot convert the literal '\(value)' to the expected type 'Edm.Guid'.") }
                id = guid.lowercased()
                continue
            }
            guard let field = object.field(name), field.name == name, field.type != .reference else {
                throw .undeclaredProperty(name, entitySet: set, entity: object.name)
            }
            fields[field.name] = try storeValue(value, for: field)
        }
        return (fields, id)
    }

    private func storeValue(_ value: JSONValue, for field: FieldDefinition) throws(DynamicsError) -> JSONValue {
        switch (field.type, value) {
        case (_, .null): return .null
        case (.picklist, .int(let number)): return .string(String(number))
        case (.picklist, _):
            throw .odata("Cannot convert the literal '\(value)' to the expected type 'Edm.Int32'.")
        case (.multipicklist, .string(let numbers)): return .string(numbers.replacingOccurrences(of: ",", with: ";"))
        default: return value
        }
    }
}
