import FakeKit
import Foundation
import HTTP

/// The Dataverse Web API over one org's store, at `/api/data/v9.0`, `v9.1`
/// and `v9.2`: entity sets with create, retrieve, update, upsert and delete
/// (by id or alternate key, with ETags), queries (`$select`, `$filter`,
/// `$orderby`, `$top`, `$count`, paging by `odata.maxpagesize`), `WhoAmI`,
/// `EntityDefinitions` and `$metadata`. Every call needs an Entra access
/// token for this org; without one the answer is `401` with the
/// `WWW-Authenticate` challenge naming the authority.
struct DynamicsAPI: HTTPHandler {
    let store: RecordStore
    let entra: EntraID
    let endpoints: DynamicsEndpoints
    let organizationID: String
    let businessUnitID: String
    /// The application user each app acts as (`WhoAmI`'s `UserId`), by client id.
    let applicationUser: @Sendable (String) -> String?

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let dynamics = DynamicsRequest(request, fallbackOrgURL: endpoints.orgURL) else {
            return DynamicsError.unknownSegment(request.path.split(separator: "/").first.map(String.init) ?? "").response
        }
        let app: EntraID.App
        switch authorize(dynamics) {
        case .success(let valid): app = valid
        case .failure(let refusal): return refusal.response
        }
        var response: HTTPResponse
        do {
            response = try route(dynamics, app: app)
        } catch {
            response = error.response
        }
        response.headers["OData-Version"] = "4.0"
        let requestID = UUIDText.make()
        response.headers["REQ_ID"] = requestID
        response.headers["x-ms-service-request-id"] = requestID
        return response
    }

    /// The bearer token's app, or the `401` Dataverse answers.
    private func authorize(_ request: DynamicsRequest) -> Result<EntraID.App, UnauthorizedResponse> {
        let authority = (endpoints.authorityURL ?? "https://login.microsoftonline.com") + "/" + entra.tenantID + "/oauth2/authorize"
        var challenge = HTTPResponse(status: .unauthorized)
        challenge.headers["WWW-Authenticate"] = "Bearer authorization_uri=\(authority), resource_id=\(request.orgURL)/"
        guard let header = request.http.headers["Authorization"], header.lowercased().hasPrefix("bearer ") else {
            return .failure(UnauthorizedResponse(challenge))
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        switch entra.verify(token, resource: request.orgURL) {
        case .valid(let app): return .success(app)
        case .expired:
            challenge.headers["WWW-Authenticate"] = (challenge.headers["WWW-Authenticate"] ?? "") + ", error=\"invalid_token\", error_description=\"The access token has expired.\""
            return .failure(UnauthorizedResponse(challenge))
        case .wrongAudience, .invalid:
            challenge.headers["WWW-Authenticate"] = (challenge.headers["WWW-Authenticate"] ?? "") + ", error=\"invalid_token\""
            return .failure(UnauthorizedResponse(challenge))
        }
    }

    private func route(_ request: DynamicsRequest, app: EntraID.App) throws(DynamicsError) -> HTTPResponse {
        let method = request.http.method
        guard let first = request.resource.first else { return serviceDocument(request) }
        switch first {
        case "$metadata":
            guard method == .get || method == .head else { throw Self.methodNotAllowed(method) }
            return DynamicsMetadataDocument(schema: store.schema).response
        case "WhoAmI", "WhoAmI()":
            guard method == .get else { throw Self.methodNotAllowed(method) }
            let body = OrderedJSON.object([
                ("@odata.context", .value(.string(request.serviceRoot + "/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse"))),
                ("BusinessUnitId", .value(.string(businessUnitID))), ("UserId", .value(.string(applicationUser(app.clientID) ?? app.objectID))),
                ("OrganizationId", .value(.string(organizationID))),
            ])
            return Self.json(body)
        default:
            if first.hasPrefix("EntityDefinitions") {
                return try DynamicsMetadataAPI(store: store).handle(request)
            }
            return try DynamicsRecordsAPI(store: store, actor: app.clientID).handle(request)
        }
    }

    private func serviceDocument(_ request: DynamicsRequest) -> HTTPResponse {
        let sets = store.schema.objects.map { DynamicsSchema.entitySetName($0) }.sorted()
        let value = (sets + ["EntityDefinitions"]).map { name in
            OrderedJSON.object([("name", .value(.string(name))), ("kind", .value("EntitySet")), ("url", .value(.string(name)))])
        }
        return Self.json(.object([("@odata.context", .value(.string(request.serviceRoot + "/$metadata"))), ("value", .array(value))]))
    }

    static func json(_ body: OrderedJSON, status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse.json(status, data: body.serialized())
        response.headers["Content-Type"] = "application/json; odata.metadata=minimal"
        return response
    }

    static func methodNotAllowed(_ method: HTTPMethod) -> DynamicsError {
        DynamicsError(.methodNotAllowed, "0x80060888", "The HTTP method '\(method.rawValue)' is not allowed for this resource.")
    }
}

/// A `401` challenge, as an error value so `authorize` can return it.
struct UnauthorizedResponse: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}
