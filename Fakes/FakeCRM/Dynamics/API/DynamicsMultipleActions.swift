import FakeKit
import Foundation
import HTTP

/// The collection-bound bulk actions clients use for lists:
/// `POST /accounts/Microsoft.Dynamics.CRM.CreateMultiple` with
/// `{"Targets":[…]}` answers `{"Ids":[…]}`, and `UpdateMultiple` (each
/// target carrying its primary key) answers `204`. Both are all or
/// nothing: one refused target writes none, and the answer is its error.
struct DynamicsMultipleActions {
    let store: RecordStore
    let object: ObjectDefinition
    let actor: String

    static let served: Set<String> = ["CreateMultiple", "UpdateMultiple"]

    func handle(_ request: DynamicsRequest, action: String) throws(DynamicsError) -> HTTPResponse {
        guard request.http.method == .post else { throw DynamicsAPI.methodNotAllowed(request.http.method) }
        let payload = DynamicsPayload(store: store, object: object)
        let key = DynamicsSchema.primaryIdAttribute(object)
        var operations: [BatchOperation] = []
        for target in try targets(request.http.body) {
            let body: Data
            do {
                body = try JSONEncoder().encode(target)
            } catch {
                throw .odata("The Targets of \(action) must be objects.")
            }
            let (fields, id) = try payload.fields(body, onCreate: action == "CreateMultiple")
            switch action {
            case "CreateMultiple":
                guard id == nil else {
                    throw .odata("CreateMultiple with a primary key ('\(key)') in a target is not served by Sync Verifier's simulated Dataverse yet.", status: .notImplemented)
                }
                operations.append(.create(object: object.name, fields: fields))
            default:
                guard let id else { throw DynamicsError(.badRequest, "0x80040203", "Expected non-empty Guid.") }
                guard store.record(id: id)?.object == object.name else { throw .notFound(object.name, id: id) }
                operations.append(.update(id: id, fields: fields))
            }
        }
        let results = store.batch(operations, allOrNone: true, actor: actor, channel: "api")
        var ids: [String] = []
        for result in results {
            switch result {
            case .success(let record): ids.append(record.id)
            case .failure(let error): throw .from(error, entity: object.name)
            }
        }
        guard action == "CreateMultiple" else { return HTTPResponse(status: .noContent) }
        return DynamicsAPI.json(.object([
            ("@odata.context", .value(.string(request.serviceRoot + "/$metadata#Microsoft.Dynamics.CRM.CreateMultipleResponse"))),
            ("Ids", .array(ids.map { .value(.string($0)) })),
        ]))
    }

    private func targets(_ body: Data) throws(DynamicsError) -> [JSONValue] {
        guard case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: body), case .array(let targets)? = pairs["Targets"] else {
            throw .odata("The parameter 'Targets' in the request payload is not a valid parameter for the operation.")
        }
        guard !targets.isEmpty else { throw DynamicsError(.badRequest, "0x80040203", "Targets must contain at least one entity.") }
        return targets
    }
}
