import FakeKit
import Foundation
import HTTP

extension SalesforceAPI {
    /// `GET sobjects`: describeGlobal, answering 304 when the schema has not
    /// changed since `If-Modified-Since`.
    func describeGlobal(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        if let notModified = notModifiedSince(request) { return notModified }
        let schema = store.schema
        return withLastModified(
            Self.ordered(
                .object([
                    ("encoding", .value("UTF-8")), ("maxBatchSize", .value(200)),
                    ("sobjects", .array(schema.objects.map { SalesforceDescribe.summary($0, version: "v" + version) })),
                ])))
    }

    /// `GET sobjects/{Obj}`: basic information and recently created records.
    func basicInfo(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let object = try objectDefinition(request)
        let recent: [OrderedJSON] = store.read { snapshot in
            let reader = reader(snapshot, version: version)
            return snapshot.records(of: object.name).suffix(3).reversed().map { record in
                var pairs: [(String, OrderedJSON)] = [("attributes", reader.attributes(record)), ("Id", .value(.string(record.id)))]
                if let name = object.field("Name") { pairs.append(("Name", .value(reader.value(record, field: name)))) }
                return .object(pairs)
            }
        }
        return Self.ordered(.object([("objectDescribe", SalesforceDescribe.summary(object, version: "v" + version)), ("recentItems", .array(recent))]))
    }

    /// `GET sobjects/{Obj}/describe`: every field, record type and child relationship.
    func describe(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let object = try objectDefinition(request)
        if let notModified = notModifiedSince(request) { return notModified }
        return withLastModified(Self.ordered(SalesforceDescribe.describe(object, schema: store.schema, version: "v" + version)))
    }

    func objectDefinition(_ request: HTTPRequest) throws -> ObjectDefinition {
        guard let object = store.schema.object(request.pathParameters["object"] ?? "") else { throw SalesforceError.notFound }
        return object
    }

    private func notModifiedSince(_ request: HTTPRequest) -> HTTPResponse? {
        guard let header = request.headers["If-Modified-Since"], let since = HTTPDate.parse(header) else { return nil }
        // HTTP dates have one-second resolution.
        guard store.schemaModifiedAt.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970 else { return nil }
        return HTTPResponse(status: .notModified)
    }

    private func withLastModified(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers["Last-Modified"] = HTTPDate.format(epochSeconds: Int(store.schemaModifiedAt.timeIntervalSince1970))
        return response
    }
}
