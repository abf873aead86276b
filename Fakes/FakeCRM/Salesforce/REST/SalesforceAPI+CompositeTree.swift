import FakeKit
import Foundation
import HTTP

/// `POST composite/tree/{Object}`: up to 200 records of one object, each
/// with a `referenceId`, created all or none. Nested child records need the
/// org's child relationship names, which this simulated org's schema does not
/// carry; a tree that nests them is refused with that reason.
extension SalesforceAPI {
    func compositeTree(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let object = try objectDefinition(request)
        let body = try jsonObject(request)
        guard case .array(let items) = body["records"] ?? .null else {
            throw SalesforceError(.badRequest, "JSON_PARSER_ERROR", "records: a JSON array of sObjects is required")
        }
        guard items.count <= Self.collectionLimit else {
            throw SalesforceError(.badRequest, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than 200 records into this call")
        }
        var references: [String] = []
        var operations: [BatchOperation] = []
        for item in items {
            guard case .object(var fields) = item, let reference = item["attributes"]?["referenceId"]?.stringValue else {
                throw SalesforceError(.badRequest, "INVALID_INPUT", "Include a reference ID for each record in the request.")
            }
            if let type = item["attributes"]?["type"]?.stringValue, !type.caseInsensitiveEquals(object.name) {
                throw SalesforceError(.badRequest, "INVALID_INPUT", "The type \(type) of record \(reference) is not the tree's object \(object.name)")
            }
            if let nested = fields.first(where: { if case .object(let inner) = $0.value { inner["records"] != nil } else { false } }) {
                throw SalesforceError(
                    .badRequest, "INVALID_INPUT", "\(nested.key): this simulated org has no child relationship names; create child records in their own tree request")
            }
            fields.removeValue(forKey: "attributes")
            references.append(reference)
            operations.append(.create(object: object.name, fields: try fieldValues(fields, object: object)))
        }
        let outcomes = store.batch(operations, allOrNone: true, actor: actor(request), channel: "composite")
        let failed = outcomes.contains { if case .failure = $0 { true } else { false } }
        let schema = store.schema
        var results: [OrderedJSON] = []
        for (reference, outcome) in zip(references, outcomes) {
            switch outcome {
            case .success(let record) where !failed:
                results.append(.object([("referenceId", .value(.string(reference))), ("id", .value(.string(record.id)))]))
            case .success:
                continue
            case .failure(let error):
                let sf = SalesforceError(error, schema: schema, object: object.name)
                results.append(.object([
                    ("referenceId", .value(.string(reference))),
                    ("errors", .array([.object([("statusCode", .value(.string(sf.errorCode))), ("message", .value(.string(sf.message))), ("fields", .array((sf.fields ?? []).map { .value(.string($0)) }))])])),
                ]))
            }
        }
        return Self.ordered(.object([("hasErrors", .value(.bool(failed))), ("results", .array(results))]), status: failed ? .badRequest : .created)
    }
}
