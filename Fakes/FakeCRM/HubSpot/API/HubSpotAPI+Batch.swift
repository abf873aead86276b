import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// HubSpot's upper-case object name in batch errors (`CONTACT`, `COMPANY`).
    func errorName(_ object: ObjectDefinition) -> String { HubSpotObjectTypes.singular(object).uppercased() }

    /// `POST …/batch/read`: `{"inputs":[{"id"}],"properties","propertiesWithHistory","idProperty"}`; missing ids answer `207`.
    func batchRead(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, [scope(object, write: false)])
        let body = try jsonObject(request)
        let ids = try inputs(body).map { try Self.inputID($0) }
        let idProperty = body["idProperty"]?.stringValue
        let asked = (body["properties"]?.arrayValue ?? []).compactMap(\.stringValue)
        var view = HubSpotRecordView(object: object, properties: asked.isEmpty ? nil : asked)
        view.withHistory = (body["propertiesWithHistory"]?.arrayValue ?? []).compactMap(\.stringValue)
        view.isPerson = isPerson
        var results: [OrderedJSON] = []
        var missing: [String] = []
        for id in ids {
            guard let record = try findRecord(object, id: id, idProperty: idProperty) else {
                missing.append(id)
                continue
            }
            var recordView = view
            if !view.withHistory.isEmpty { recordView.history = journalEntries(of: record.id) }
            results.append(recordView.json(record))
        }
        return batchResponse(results, errors: missingIDs(missing, object: object), started: started)
    }

    /// The one `207` error for the ids of a batch read or update that name no record (none when every id did).
    private func missingIDs(_ missing: [String], object: ObjectDefinition) -> [HubSpotError] {
        guard !missing.isEmpty else { return [] }
        return [
            HubSpotError(
                .notFound, "OBJECT_NOT_FOUND", "Could not get some \(errorName(object)) objects, they may be deleted or not exist. Check that ids are valid.",
                context: ["ids": missing])
        ]
    }

    /// Writes a batch all or nothing, as HubSpot's batch create, update and
    /// upsert do: the records written, in order, or the first failure in HubSpot's words.
    private func writeAll(_ operations: [BatchOperation], object: ObjectDefinition, actor: String) throws -> [Record] {
        try store.batch(operations, allOrNone: true, actor: actor, channel: "api").map { outcome in
            switch outcome {
            case .success(let record): record
            case .failure(let error): throw translate(error, object: object)
            }
        }
    }

    static func inputID(_ input: JSONValue) throws -> String {
        guard let id = input["id"].flatMap({ $0.stringValue ?? $0.intValue.map(String.init) }) else {
            throw HubSpotError.validation("Each input needs an id", context: ["id": ["required"]])
        }
        return id
    }

    /// `POST …/batch/create`: all or nothing, as HubSpot creates a batch; `201`.
    func batchCreate(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let body = try jsonObject(request)
        let items = try inputs(body)
        var prepared: [([String: JSONValue], [(toID: String, type: HubSpotAssociationType)])] = []
        for item in items {
            prepared.append((
                try propertyInput(item["properties"] ?? .object([:]), object: object, onCreate: true),
                try associationInputs(item["associations"], from: object)
            ))
        }
        let actor = actor(request)
        let records = try writeAll(prepared.map { .create(object: object.name, fields: $0.0) }, object: object, actor: actor)
        for (record, input) in zip(records, prepared) {
            for link in input.1 { associations.link(record.id, link.toID, type: link.type, actor: actor, channel: "api") }
        }
        let results = zip(records, prepared).map { HubSpotRecordView(object: object, properties: Array($0.1.0.keys)).json($0.0) }
        return batchResponse(results, errors: [], started: started, status: .created)
    }

    /// `POST …/batch/update`: `{"inputs":[{"id","idProperty"?,"properties"}]}`. Ids that name no record answer `207`; the rest are updated.
    func batchUpdate(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let body = try jsonObject(request)
        var operations: [BatchOperation] = []
        var asked: [[String]] = []
        var missing: [String] = []
        for item in try inputs(body) {
            let id = try Self.inputID(item)
            let fields = try propertyInput(item["properties"] ?? .object([:]), object: object, onCreate: false)
            guard let record = try findRecord(object, id: id, idProperty: item["idProperty"]?.stringValue) else {
                missing.append(id)
                continue
            }
            operations.append(.update(id: record.id, fields: fields))
            asked.append(Array(fields.keys))
        }
        let records = try writeAll(operations, object: object, actor: actor(request))
        let results = zip(records, asked).map { HubSpotRecordView(object: object, properties: $0.1).json($0.0) }
        return batchResponse(results, errors: missingIDs(missing, object: object), started: started)
    }

    /// `POST …/batch/upsert`: `{"inputs":[{"idProperty","id","properties"}]}`; each result says whether it is `new`.
    func batchUpsert(_ request: HTTPRequest) throws -> HTTPResponse {
        let started = clock.now()
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let body = try jsonObject(request)
        var operations: [BatchOperation] = []
        var asked: [[String]] = []
        for item in try inputs(body) {
            let id = try Self.inputID(item)
            guard let idProperty = item["idProperty"]?.stringValue, let field = object.field(idProperty), field.unique || field.externalId else {
                throw HubSpotError.validation("Upsert needs idProperty naming a unique value property of \(object.name)", context: ["idProperty": ["required"]])
            }
            var fields = try propertyInput(item["properties"] ?? .object([:]), object: object, onCreate: true)
            if let existing = store.records(of: object.name, where: field.name, equals: .string(id)).first {
                fields = try propertyInput(item["properties"] ?? .object([:]), object: object, onCreate: false)
                operations.append(.update(id: existing.id, fields: fields))
            } else {
                fields[field.name] = try FieldValueCoercion.coerce(.string(id), for: field)
                operations.append(.create(object: object.name, fields: fields))
            }
            asked.append(Array(fields.keys))
        }
        let records = try writeAll(operations, object: object, actor: actor(request))
        let results = zip(zip(records, asked), operations).map { written, operation in
            let isNew: Bool = if case .create = operation { true } else { false }
            return HubSpotRecordView(object: object, properties: written.1).json(written.0, extra: [("new", .value(.bool(isNew)))])
        }
        return batchResponse(results, errors: [], started: started)
    }

    /// `POST …/batch/archive`: `204`, whether or not each id was there.
    func batchArchive(_ request: HTTPRequest) throws -> HTTPResponse {
        let object = try object(request)
        try require(request, [scope(object, write: true)])
        let body = try jsonObject(request)
        let ids = try inputs(body).map { try Self.inputID($0) }
        let live = ids.filter { id in store.record(id: id).map { $0.object == object.name } ?? false }
        _ = store.batch(live.map { .delete(id: $0) }, allOrNone: false, actor: actor(request), channel: "api")
        return HTTPResponse(status: .noContent)
    }
}
