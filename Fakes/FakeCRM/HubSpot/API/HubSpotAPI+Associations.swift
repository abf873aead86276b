import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    func typeJSON(_ type: HubSpotAssociationType) -> OrderedJSON {
        .object([("category", .value(.string(type.category))), ("typeId", .value(.int(type.typeID))), ("label", .value(type.label.map(JSONValue.string) ?? .null))])
    }

    private func live(_ object: ObjectDefinition, _ id: String) throws -> Record {
        guard let record = store.record(id: id), record.object == object.name else { throw HubSpotError.objectNotFound(id) }
        return record
    }

    private func linkedJSON(_ toID: String, _ types: [HubSpotAssociationType]) -> OrderedJSON {
        .object([("toObjectId", .value(.int(Int(toID) ?? 0))), ("associationTypes", .array(types.map(typeJSON)))])
    }

    /// `GET /crm/v4/objects/{type}/{id}/associations/{toType}`: `limit` (at most 500) after the `after` position.
    func listAssociations(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: false)])
        let record = try live(from, request.pathParameters["id"] ?? "")
        let links = associations.links(from: record.id, fromObject: from.name, toObject: to.name) { store.record(id: $0) != nil }
        let limit = min(500, max(1, Int(request.query("limit") ?? "") ?? 500))
        let offset = Int(request.query("after") ?? "") ?? 0
        let page = links.dropFirst(offset).prefix(limit)
        var pairs: [(String, OrderedJSON)] = [("results", .array(page.map { linkedJSON($0.toID, $0.types) }))]
        if offset + limit < links.count {
            pairs.append(("paging", Self.paging(after: String(offset + limit), request: request)))
        }
        return Self.ordered(.object(pairs))
    }

    /// The types a v4 body names (`[{"associationCategory","associationTypeId"}]`), each checked for the pair.
    private func types(_ specs: [JSONValue], from: ObjectDefinition, to: ObjectDefinition) throws -> [HubSpotAssociationType] {
        guard !specs.isEmpty else { throw HubSpotError.validation("At least one association type is needed") }
        return try specs.map { spec in
            let category = spec["associationCategory"]?.stringValue ?? ""
            guard let id = spec["associationTypeId"]?.intValue, let type = associations.type(id, from: from.name, to: to.name), type.category == category else {
                throw HubSpotError.validation(
                    "\(category) \(spec["associationTypeId"]?.description ?? "null") is not a valid association type from \(from.name) to \(to.name)",
                    context: ["associationTypeId": [spec["associationTypeId"]?.description ?? "null"]])
            }
            return type
        }
    }

    private func labelledJSON(_ from: ObjectDefinition, _ fromID: String, _ to: ObjectDefinition, _ toID: String, _ types: [HubSpotAssociationType]) -> OrderedJSON {
        .object([
            ("fromObjectTypeId", .value(.string(from.keyPrefix))), ("fromObjectId", .value(.int(Int(fromID) ?? 0))),
            ("toObjectTypeId", .value(.string(to.keyPrefix))), ("toObjectId", .value(.int(Int(toID) ?? 0))),
            ("labels", .array(types.compactMap(\.label).map { .value(.string($0)) })),
        ])
    }

    /// `PUT /crm/v4/objects/{type}/{id}/associations/{toType}/{toId}` with a body of types → 201.
    func associateLabelled(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        let record = try live(from, request.pathParameters["id"] ?? "")
        let target = try live(to, request.pathParameters["toId"] ?? "")
        guard !request.body.isEmpty, let body = try? JSONDecoder().decode(JSONValue.self, from: request.body), case .array(let specs) = body else {
            throw HubSpotError.invalidJSON("Cannot deserialize value of type list from Object value")
        }
        let chosen = try types(specs, from: from, to: to)
        for type in chosen { associations.link(record.id, target.id, type: type, actor: actor(request), channel: "api") }
        return Self.ordered(labelledJSON(from, record.id, to, target.id, chosen), status: .created)
    }

    private func defaultResult(_ fromID: String, _ toID: String, _ type: HubSpotAssociationType) -> OrderedJSON {
        .object([
            ("from", .object([("id", .value(.string(fromID)))])), ("to", .object([("id", .value(.string(toID)))])),
            ("associationSpec", .object([("associationCategory", .value(.string(type.category))), ("associationTypeId", .value(.int(type.typeID)))])),
        ])
    }

    /// `PUT /crm/v4/objects/{type}/{id}/associations/default/{toType}/{toId}`: the pair's default type, both directions.
    func associateDefault(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        let record = try live(from, request.pathParameters["id"] ?? "")
        let target = try live(to, request.pathParameters["toId"] ?? "")
        let type = associations.defaultType(from: from.name, to: to.name)
        associations.link(record.id, target.id, type: type, actor: actor(request), channel: "api")
        let inverse = associations.type(type.inverseTypeID, from: to.name, to: from.name) ?? type
        return batchResponse([defaultResult(record.id, target.id, type), defaultResult(target.id, record.id, inverse)], errors: [], started: started)
    }

    /// `DELETE /crm/v4/objects/{type}/{id}/associations/{toType}/{toId}`: every type between the two → 204.
    func unassociate(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        associations.unlink(
            request.pathParameters["id"] ?? "", request.pathParameters["toId"] ?? "", from: from.name, to: to.name, actor: actor(request), channel: "api")
        return HTTPResponse(status: .noContent)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/read`: `{"inputs":[{"id"}]}`.
    func batchReadAssociations(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: false)])
        var results: [OrderedJSON] = []
        var errors: [HubSpotError] = []
        for input in try inputs(try jsonObject(request), max: 1000) {
            let id = try Self.inputID(input)
            let links = associations.links(from: id, fromObject: from.name, toObject: to.name) { store.record(id: $0) != nil }
            guard store.record(id: id)?.object == from.name, !links.isEmpty else {
                errors.append(HubSpotError(
                    .notFound, "OBJECT_NOT_FOUND", "No \(to.name) is associated with \(HubSpotObjectTypes.singular(from)) \(id).", context: ["fromObjectId": [id]]))
                continue
            }
            results.append(.object([("from", .object([("id", .value(.string(id)))])), ("to", .array(links.map { linkedJSON($0.toID, $0.types) }))]))
        }
        return batchResponse(results, errors: errors, started: started)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/create`: `{"inputs":[{"from":{"id"},"to":{"id"},"types":[…]}]}` → 201.
    func batchCreateAssociations(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        let (pairs, errors) = try existingPairs(request, from: from, to: to)
        let planned = try pairs.map { ($0.fromID, $0.toID, try types($0.input["types"]?.arrayValue ?? [], from: from, to: to)) }
        let actor = actor(request)
        for (fromID, toID, chosen) in planned {
            for type in chosen { associations.link(fromID, toID, type: type, actor: actor, channel: "api") }
        }
        return batchResponse(planned.map { labelledJSON(from, $0.0, to, $0.1, $0.2) }, errors: errors, started: started, status: .created)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/associate/default`: `{"inputs":[{"from":{"id"},"to":{"id"}}]}`.
    func batchAssociateDefault(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        let type = associations.defaultType(from: from.name, to: to.name)
        let (pairs, errors) = try existingPairs(request, from: from, to: to)
        let actor = actor(request)
        let results = pairs.map { pair in
            associations.link(pair.fromID, pair.toID, type: type, actor: actor, channel: "api")
            return defaultResult(pair.fromID, pair.toID, type)
        }
        return batchResponse(results, errors: errors, started: started)
    }

    /// The inputs (`{"from":{"id"},"to":{"id"},…}`, up to 2,000) of a batch
    /// association request whose two records exist, and a 404 for each pair
    /// that names a missing record: HubSpot answers those in a `207` beside the rest.
    private func existingPairs(
        _ request: HTTPRequest, from: ObjectDefinition, to: ObjectDefinition
    ) throws -> (pairs: [(input: JSONValue, fromID: String, toID: String)], errors: [HubSpotError]) {
        var pairs: [(input: JSONValue, fromID: String, toID: String)] = []
        var errors: [HubSpotError] = []
        for input in try inputs(try jsonObject(request), max: 2000) {
            let fromID = try Self.inputID(input["from"] ?? .null)
            let toID = try Self.inputID(input["to"] ?? .null)
            guard store.record(id: fromID)?.object == from.name, store.record(id: toID)?.object == to.name else {
                errors.append(HubSpotError(.notFound, "OBJECT_NOT_FOUND", "One or more records do not exist.", context: ["fromObjectId": [fromID], "toObjectId": [toID]]))
                continue
            }
            pairs.append((input, fromID, toID))
        }
        return (pairs, errors)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/archive`: `{"inputs":[{"from":{"id"},"to":[{"id"}]}]}` → 204.
    func batchArchiveAssociations(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: true)])
        for input in try inputs(try jsonObject(request), max: 2000) {
            let fromID = try Self.inputID(input["from"] ?? .null)
            for target in input["to"]?.arrayValue ?? [] {
                associations.unlink(fromID, try Self.inputID(target), from: from.name, to: to.name, actor: actor(request), channel: "api")
            }
        }
        return HTTPResponse(status: .noContent)
    }

    /// `GET /crm/v4/associations/{from}/{to}/labels`: the pair's association definitions.
    func associationLabels(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, [scope(from, write: false)])
        var types = associations.types(from: from.name, to: to.name)
        if types.isEmpty { types = [associations.defaultType(from: from.name, to: to.name)] }
        return Self.ordered(.object([("results", .array(types.map(typeJSON)))]))
    }

    /// `POST /crm/v4/associations/{from}/{to}/labels`: `{"label","name","inverseLabel"?}` → the new user-defined types.
    func createAssociationLabel(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, schemaScopes(from, write: true))
        let body = try jsonObject(request)
        guard let label = body["label"]?.stringValue, let name = body["name"]?.stringValue else {
            throw HubSpotError.validation("An association label needs a label and a name")
        }
        guard !associations.types(from: from.name, to: to.name).contains(where: { $0.name == name }) else {
            throw HubSpotError(.conflict, "OBJECT_ALREADY_EXISTS", "An association label named '\(name)' already exists between \(from.name) and \(to.name).")
        }
        let made = associations.addLabel(from: from.name, to: to.name, label: label, name: name, inverseLabel: body["inverseLabel"]?.stringValue)
        let inverse = associations.type(made.inverseTypeID, from: to.name, to: from.name)
        return Self.ordered(.object([("results", .array(([made] + (inverse.map { [$0] } ?? [])).map(typeJSON)))]))
    }

    func deleteAssociationLabel(_ request: HTTPRequest) throws -> HTTPResponse {
        let from = try object(request)
        let to = try object(request, parameter: "toType")
        try require(request, schemaScopes(from, write: true))
        guard let id = Int(request.pathParameters["typeId"] ?? ""), associations.removeLabel(from: from.name, to: to.name, typeID: id) else {
            throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "No user-defined association label \(request.pathParameters["typeId"] ?? "") between \(from.name) and \(to.name).")
        }
        return HTTPResponse(status: .noContent)
    }
}
