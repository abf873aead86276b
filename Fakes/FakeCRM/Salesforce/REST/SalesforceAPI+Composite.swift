import FakeKit
import Foundation
import HTTP

/// sObject Collections: up to 200 records per call, `allOrNone` optional.
extension SalesforceAPI {
    static let collectionLimit = 200

    private func collection(_ request: HTTPRequest) throws -> (records: [[String: JSONValue]], allOrNone: Bool) {
        let body = try jsonObject(request)
        guard case .array(let items) = body["records"] ?? .null else {
            throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "records: a JSON array of sObjects is required")
        }
        guard items.count <= Self.collectionLimit else {
            throw SalesforceError(.badRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
        }
        let records = try items.map { item -> [String: JSONValue] in
            guard case .object(let fields) = item else { throw SalesforceError.jsonParser("each record must be a JSON object") }
            return fields
        }
        return (records, body["allOrNone"]?.boolValue ?? false)
    }

    private func objectName(_ record: [String: JSONValue]) throws -> ObjectDefinition {
        guard let type = record["attributes"]?["type"]?.stringValue else {
            throw SalesforceError(.badRequest, "INVALID_TYPE", "Must specify a type in the attributes of each record")
        }
        guard let object = store.schema.object(type) else {
            throw SalesforceError(.badRequest, "INVALID_TYPE", "sObject type '\(type)' is not supported.")
        }
        return object
    }

    /// Per-record results in request order; a failed all-or-none batch
    /// reports the rolled-back records as such.
    private func results(_ outcomes: [Result<Record, StoreError>], objects: [String], allOrNone: Bool, ids: [String?]) -> HTTPResponse {
        let failed = outcomes.contains { if case .failure = $0 { true } else { false } }
        let schema = store.schema
        let items = outcomes.enumerated().map { index, outcome -> OrderedJSON in
            switch outcome {
            case .success(let record) where !(allOrNone && failed):
                return .object([("id", .value(.string(record.id))), ("success", .value(true)), ("errors", .array([]))])
            case .success:
                return Self.failure(ids[index], "ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header", [])
            case .failure(let error):
                let sf = SalesforceError(error, schema: schema, object: objects[index])
                return Self.failure(ids[index], sf.errorCode, sf.message, sf.fields ?? [])
            }
        }
        return Self.ordered(.array(items))
    }

    static func failure(_ id: String?, _ code: String, _ message: String, _ fields: [String]) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = []
        if let id { pairs.append(("id", .value(.string(id)))) }
        pairs.append(("success", .value(false)))
        pairs.append((
            "errors",
            .array([.object([("statusCode", .value(.string(code))), ("message", .value(.string(message))), ("fields", .array(fields.map { .value(.string($0)) }))])])
        ))
        return .object(pairs)
    }

    func compositeCreate(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let (records, allOrNone) = try collection(request)
        var operations: [BatchOperation] = []
        var objects: [String] = []
        for record in records {
            let object = try objectName(record)
            operations.append(.create(object: object.name, fields: try fieldValues(record, object: object)))
            objects.append(object.name)
        }
        let outcomes = store.batch(operations, allOrNone: allOrNone, actor: actor(request), channel: "composite")
        return results(outcomes, objects: objects, allOrNone: allOrNone, ids: Array(repeating: nil, count: outcomes.count))
    }

    func compositeUpdate(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let (records, allOrNone) = try collection(request)
        var operations: [BatchOperation] = []
        var objects: [String] = []
        var ids: [String?] = []
        for record in records {
            let object = try objectName(record)
            guard let idText = record.first(where: { $0.key.caseInsensitiveEquals("Id") })?.value.stringValue else {
                throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "Id not specified in an update call")
            }
            let id = SalesforceID.canonical(idText) ?? idText
            operations.append(.update(id: id, fields: try fieldValues(record, object: object, allowID: true)))
            objects.append(object.name)
            ids.append(id)
        }
        let outcomes = store.batch(operations, allOrNone: allOrNone, actor: actor(request), channel: "composite")
        return results(outcomes, objects: objects, allOrNone: allOrNone, ids: ids)
    }

    func compositeDelete(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let ids = (request.query("ids") ?? "").split(separator: ",").map { SalesforceID.canonical(String($0)) ?? String($0) }
        guard !ids.isEmpty else { throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "ids not specified") }
        guard ids.count <= Self.collectionLimit else {
            throw SalesforceError(.badRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
        }
        let allOrNone = request.query("allOrNone")?.lowercased() == "true"
        let objects = ids.map { store.record(id: $0, includeDeleted: true)?.object ?? "" }
        let outcomes = store.batch(ids.map { .delete(id: $0) }, allOrNone: allOrNone, actor: actor(request), channel: "composite")
        return results(outcomes, objects: objects, allOrNone: allOrNone, ids: ids)
    }

    /// `GET composite/sobjects/{Obj}?ids=…&fields=…`: records in id order, null for missing ones.
    func compositeRetrieve(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let object = try objectDefinition(request)
        let ids = (request.query("ids") ?? "").split(separator: ",").map(String.init)
        guard let selected = try selectedFields(request, object: object) else {
            throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "fields not specified")
        }
        return store.read { snapshot in
            let reader = reader(snapshot, version: version)
            return Self.ordered(
                .array(ids.map { text in
                    guard let id = SalesforceID.canonical(text), let record = snapshot.record(id: id), record.object == object.name else {
                        return .value(.null)
                    }
                    return reader.render(record, fields: selected)
                }))
        }
    }

    /// `PATCH composite/sobjects/{Obj}/{ExternalIdField}`: upsert up to 200 records.
    func compositeUpsert(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let field = try externalIDField(request, object: object)
        let (records, allOrNone) = try collection(request)
        var operations: [BatchOperation] = []
        var created: [Bool] = []
        for record in records {
            var fields = try fieldValues(record, object: object)
            guard let key = fields.first(where: { $0.key.caseInsensitiveEquals(field.name) })?.value.stringValue else {
                throw SalesforceError(.badRequest, "MISSING_ARGUMENT", "\(field.name) not specified")
            }
            let found = matches(object, field, key)
            if let existing = found.first {
                fields.removeValue(forKey: field.name)
                operations.append(.update(id: existing.id, fields: fields))
                created.append(false)
            } else {
                operations.append(.create(object: object.name, fields: fields))
                created.append(true)
            }
        }
        let outcomes = store.batch(operations, allOrNone: allOrNone, actor: actor(request), channel: "composite")
        let failed = outcomes.contains { if case .failure = $0 { true } else { false } }
        let schema = store.schema
        let items = outcomes.enumerated().map { index, outcome -> OrderedJSON in
            switch outcome {
            case .success(let record) where !(allOrNone && failed):
                return .object([
                    ("id", .value(.string(record.id))), ("success", .value(true)), ("errors", .array([])), ("created", .value(.bool(created[index]))),
                ])
            case .success:
                return Self.failure(nil, "ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were valid and the request was using AllOrNone header", [])
            case .failure(let error):
                let sf = SalesforceError(error, schema: schema, object: object.name)
                return Self.failure(nil, sf.errorCode, sf.message, sf.fields ?? [])
            }
        }
        return Self.ordered(.array(items))
    }
}
