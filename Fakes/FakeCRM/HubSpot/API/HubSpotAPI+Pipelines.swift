import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// The pipeline and stage properties of an object: deals keep `pipeline`
    /// and `dealstage`; tickets and leads `hs_pipeline` and `hs_pipeline_stage`.
    func pipelineFields(_ object: ObjectDefinition) -> (pipeline: FieldDefinition?, stage: FieldDefinition)? {
        if let stage = object.field("dealstage") { return (object.field("pipeline"), stage) }
        if let stage = object.field("hs_pipeline_stage") { return (object.field("hs_pipeline"), stage) }
        return nil
    }

    /// The object's pipelines: one per option of its pipeline property (the
    /// `default` Sales Pipeline when it has none), each with the stage
    /// property's options as stages, in order, with their probability and
    /// whether they close the deal.
    func pipelineList(_ object: ObjectDefinition) -> [OrderedJSON] {
        guard let fields = pipelineFields(object) else { return [] }
        let born = DateFormats.formatISO(catalog.bornAt)
        let pipelines = fields.pipeline?.picklistValues.filter(\.active).map { ($0.value, $0.label) } ?? []
        let stages = fields.stage.picklistValues.filter(\.active).enumerated().map { index, stage -> OrderedJSON in
            var metadata: [(String, OrderedJSON)] = [("isClosed", .value(.string(stage.isClosed == true ? "true" : "false")))]
            if let probability = stage.probability { metadata.append(("probability", .value(.string(HubSpotValues.number(Double(probability) / 100))))) }
            return .object([
                ("label", .value(.string(stage.label))), ("displayOrder", .value(.int(index))), ("metadata", .object(metadata)),
                ("id", .value(.string(stage.value))), ("createdAt", .value(.string(born))), ("updatedAt", .value(.string(born))),
                ("archived", .value(false)), ("writePermissions", .value("CRM_PERMISSIONS_ENFORCEMENT")),
            ])
        }
        return (pipelines.isEmpty ? [("default", "Sales Pipeline")] : pipelines).enumerated().map { index, pipeline -> OrderedJSON in
            .object([
                ("label", .value(.string(pipeline.1))), ("displayOrder", .value(.int(index))), ("id", .value(.string(pipeline.0))),
                ("stages", .array(stages)), ("createdAt", .value(.string(born))), ("updatedAt", .value(.string(born))), ("archived", .value(false)),
            ])
        }
    }

    private func pipelineObject(_ request: HTTPRequest) throws -> ObjectDefinition {
        let object = try object(request)
        try require(request, [scope(object, write: false)])
        guard pipelineFields(object) != nil else { throw HubSpotError.validation("\(object.name) has no pipelines") }
        return object
    }

    /// `GET /crm/v3/pipelines/{type}`.
    func pipelines(_ request: HTTPRequest) throws -> HTTPResponse {
        Self.ordered(.object([("results", .array(pipelineList(try pipelineObject(request))))]))
    }

    private func onePipeline(_ request: HTTPRequest) throws -> OrderedJSON {
        let id = request.pathParameters["pipeline"] ?? ""
        guard let pipeline = pipelineList(try pipelineObject(request)).first(where: { $0.plain["id"]?.stringValue == id }) else {
            throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Unable to find pipeline \(id)", context: ["pipelineId": [id]])
        }
        return pipeline
    }

    func pipeline(_ request: HTTPRequest) throws -> HTTPResponse { Self.ordered(try onePipeline(request)) }

    func stages(_ request: HTTPRequest) throws -> HTTPResponse {
        guard case .object(let pairs) = try onePipeline(request), let stages = pairs.first(where: { $0.0 == "stages" })?.1 else {
            return Self.ordered(.object([("results", .array([]))]))
        }
        return Self.ordered(.object([("results", stages)]))
    }

    // MARK: owners

    func ownerJSON(_ record: Record) -> OrderedJSON {
        let userID = record["userId"].intValue.map { JSONValue.int($0) } ?? .null
        return .object([
            ("id", .value(.string(record.id))), ("email", .value(record["email"])), ("type", .value("PERSON")),
            ("firstName", .value(record["firstName"])), ("lastName", .value(record["lastName"])), ("userId", .value(userID)),
            ("userIdIncludingInactive", .value(userID)), ("createdAt", .value(.string(DateFormats.formatISO(record.createdAt)))),
            ("updatedAt", .value(.string(DateFormats.formatISO(record.modifiedAt)))), ("archived", .value(.bool(record.isDeleted))),
            ("teams", .array([])),
        ])
    }

    /// `GET /crm/v3/owners`: `email`, `limit` (at most 500), `after`, `archived`.
    func owners(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.objects.owners.read"])
        let limit = min(500, max(1, Int(request.query("limit") ?? "") ?? 100))
        let after = Int(request.query("after") ?? "") ?? 0
        let archived = request.query("archived") == "true"
        let email = request.query("email")?.lowercased()
        let all = store.records(of: HubSpotObjectTypes.owners, includeDeleted: archived).filter { $0.isDeleted == archived }
            .filter { email == nil || $0["email"].stringValue?.lowercased() == email }
        let page = all.filter { (Int($0.id) ?? 0) >= after }.prefix(limit + 1)
        var pairs: [(String, OrderedJSON)] = [("results", .array(page.prefix(limit).map(ownerJSON)))]
        if page.count > limit, let next = page.last { pairs.append(("paging", Self.paging(after: next.id, request: request))) }
        return Self.ordered(.object(pairs))
    }

    /// `GET /crm/v3/owners/{id}` (`idProperty=userid` looks up by user id).
    func owner(_ request: HTTPRequest) throws -> HTTPResponse {
        try require(request, ["crm.objects.owners.read"])
        let id = request.pathParameters["id"] ?? ""
        let found: Record? =
            request.query("idProperty")?.lowercased() == "userid"
            ? store.records(of: HubSpotObjectTypes.owners).first { $0["userId"].intValue.map(String.init) == id }
            : store.record(id: id).flatMap { $0.object == HubSpotObjectTypes.owners ? $0 : nil }
        guard let found else { throw HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Owner \(id) not found", context: ["id": [id]]) }
        return Self.ordered(ownerJSON(found))
    }
}
