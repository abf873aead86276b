import FakeKit
import Foundation
import HTTP

/// HubSpot's CRM APIs over one portal's store: the `/crm/v3/…` and
/// `/crm/v4/…` routes, their date-versioned twins (`/crm/objects/2026-03/…`),
/// the legacy v1/v2 shapes connectors still call, OAuth, bearer-token and
/// scope checks, and the rate-limit headers on every answer.
struct HubSpotAPI: HTTPHandler {
    let store: RecordStore
    let auth: HubSpotAuth
    let limits: HubSpotRateLimits
    let associations: HubSpotAssociations
    let catalog: HubSpotPropertyCatalog
    let retired: RetiredVersions
    let clock: JournalClock
    /// The journal actor of a person acting in the UI, for `propertiesWithHistory`'s source types.
    let isPerson: @Sendable (String) -> Bool
    private var router = HTTPRouter()

    /// The date-versioned API versions served (`/crm/objects/2026-03/…`).
    static let dateVersions: Set<String> = ["2025-09", "2026-03"]
    /// The version numbers of the path families, for `retireVersions` (`below: "3.0"` retires v1 and v2).
    static let numberedFamilies = [1, 2, 3, 4]

    var portalID: Int { auth.portalID }

    init(
        store: RecordStore, auth: HubSpotAuth, limits: HubSpotRateLimits, associations: HubSpotAssociations, catalog: HubSpotPropertyCatalog,
        retired: RetiredVersions, clock: JournalClock, isPerson: @escaping @Sendable (String) -> Bool
    ) {
        self.store = store
        self.auth = auth
        self.limits = limits
        self.associations = associations
        self.catalog = catalog
        self.retired = retired
        self.clock = clock
        self.isPerson = isPerson
        router.notFound = { _ in HTTPResponse(status: .notFound) }
        router.methodNotAllowed = { request, allowed in
            var response = HubSpotError(.methodNotAllowed, "VALIDATION_ERROR", "HTTP \(request.method.rawValue) is not supported by this resource.").response
            response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            return response
        }
        registerRoutes()
    }

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let routed = Self.canonical(request) else { return HTTPResponse(status: .notFound) }
        if routed.path.hasPrefix("/oauth/") { return try router.handle(routed) }
        if let family = Self.family(routed.path), retired.isRetired("\(family).0") {
            return HubSpotError(.notFound, "OBJECT_NOT_FOUND", "This API (v\(family)) has been sunset and is no longer available.").response
        }
        guard let token = SalesforceAPI.bearerToken(routed) else { return HubSpotError.invalidAuthentication.response }
        let caller: HubSpotAuth.Caller
        switch auth.verify(bearer: token) {
        case .valid(let valid): caller = valid
        case .expired(let at): return HubSpotError.expiredAuthentication(expiredAt: at, now: clock.now()).response
        case .unknown: return HubSpotError.invalidAuthentication.response
        }
        let isSearch = routed.method == .post && routed.path.hasSuffix("/search")
        switch limits.admit(app: caller.clientID, privateApp: caller.isPrivateApp, search: isSearch) {
        case .failure(let policy):
            return HubSpotRateLimits.refusal(policy)
        case .success(let headers):
            var response = router.respond(to: routed)
            for (name, value) in headers { response.headers[name] = value }
            return response
        }
    }

    /// The request with a date-versioned path rewritten to the numbered
    /// family it serves (`/crm/objects/2026-03/contacts` →
    /// `/crm/v3/objects/contacts`; associations → v4), and the OAuth token
    /// endpoint's twin marked; nil for a date version not served.
    static func canonical(_ request: HTTPRequest) -> HTTPRequest? {
        let path = request.path
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if segments.count >= 3, segments[0] == "oauth", isDateVersion(segments[1]) {
            guard dateVersions.contains(segments[1]) else { return nil }
            var routed = request
            routed.target = "/oauth/v1/" + segments[2...].joined(separator: "/") + (request.queryString.map { "?" + $0 } ?? "")
            routed.headers["X-SV-HubSpot-Rotate"] = "1"
            return routed
        }
        guard segments.count >= 3, segments[0] == "crm", isDateVersion(segments[2]) else { return request }
        guard dateVersions.contains(segments[2]) else { return nil }
        let family = segments[1]
        let numbered: String
        if family == "associations" || (family == "objects" && segments.count >= 6 && segments[5] == "associations") {
            numbered = "v4"
        } else {
            numbered = "v3"
        }
        segments.remove(at: 2)
        segments.insert(numbered, at: 1)
        var routed = request
        routed.target = "/" + segments.joined(separator: "/") + (request.queryString.map { "?" + $0 } ?? "")
        return routed
    }

    private static func isDateVersion(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 7 && bytes[4] == UInt8(ascii: "-") && bytes.enumerated().allSatisfy { $0.offset == 4 || ($0.element >= 48 && $0.element <= 57) }
    }

    /// The numbered family of a path (`/crm/v3/…` → 3, `/properties/v2/…` → 2, `/deals/v1/…` → 1).
    static func family(_ path: String) -> Int? {
        let segments = path.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: true)
        guard segments.count >= 2 else { return nil }
        let candidate = segments[1]
        guard candidate.hasPrefix("v"), let number = Int(candidate.dropFirst()) else { return nil }
        return number
    }

    // MARK: helpers the routes share

    /// The app behind the request's token (the journal actor of its writes).
    func caller(_ request: HTTPRequest) -> HubSpotAuth.Caller? {
        guard let token = SalesforceAPI.bearerToken(request), case .valid(let caller) = auth.verify(bearer: token) else { return nil }
        return caller
    }

    func actor(_ request: HTTPRequest) -> String { caller(request)?.clientID ?? "unknown" }

    /// Refuses a token without `scope` (the object's read or write scope).
    func require(_ request: HTTPRequest, _ scopes: [String]) throws {
        guard let caller = caller(request) else { throw HubSpotError.invalidAuthentication }
        guard scopes.contains(where: caller.scopes.contains) else { throw HubSpotError.missingScopes(scopes) }
    }

    /// The scope that reads or writes an object (`crm.objects.contacts.write`; `crm.objects.custom.*` for custom objects).
    func scope(_ object: ObjectDefinition, write: Bool) -> String {
        let name = HubSpotObjectTypes.isCustom(object) ? "custom" : object.name
        return "crm.objects.\(name).\(write ? "write" : "read")"
    }

    /// The object a path's `:type` names, or HubSpot's error for a name it cannot place.
    func object(_ request: HTTPRequest, parameter: String = "type") throws -> ObjectDefinition {
        let name = request.pathParameters[parameter] ?? ""
        guard let object = HubSpotObjectTypes.resolve(name, in: store.schema, portalID: portalID) else {
            throw HubSpotError.unknownObjectType(name)
        }
        return object
    }

    /// The request body as a JSON object, or HubSpot's parse error.
    func jsonObject(_ request: HTTPRequest) throws -> [String: JSONValue] {
        guard !request.body.isEmpty else { throw HubSpotError.invalidJSON("No content to map due to end-of-input") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: request.body) else {
            throw HubSpotError.invalidJSON("Unexpected character")
        }
        guard case .object(let object) = value else { throw HubSpotError.invalidJSON("Cannot deserialize value of type object from Array value") }
        return object
    }

    /// A batch body's `inputs`: at most 100 of them, as HubSpot allows.
    func inputs(_ body: [String: JSONValue], max: Int = 100) throws -> [JSONValue] {
        guard case .array(let inputs) = body["inputs"] ?? .null else {
            throw HubSpotError.validation("Invalid input JSON: inputs is required", context: ["inputs": ["required"]])
        }
        guard inputs.count <= max else {
            throw HubSpotError.validation("Batch input cannot exceed \(max) inputs. \(inputs.count) inputs were provided.")
        }
        return inputs
    }

    /// Query values of `name`, each possibly comma-joined (`properties=a,b&properties=c`).
    static func list(_ request: HTTPRequest, _ name: String) -> [String] {
        request.queryItems.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    static func ordered(_ json: OrderedJSON, status: HTTPStatus = .ok) -> HTTPResponse { .json(status, data: json.serialized()) }

    /// `{"status":"COMPLETE","results":[…],"startedAt","completedAt"}`, with errors (`207`) when some inputs failed.
    func batchResponse(_ results: [OrderedJSON], errors: [HubSpotError], started: Date, status: HTTPStatus = .ok) -> HTTPResponse {
        var pairs: [(String, OrderedJSON)] = [("status", .value("COMPLETE")), ("results", .array(results))]
        if !errors.isEmpty {
            pairs.append(("numErrors", .value(.int(errors.count))))
            pairs.append(("errors", .array(errors.map { error in
                var fields: [(String, OrderedJSON)] = [("status", .value("error")), ("category", .value(.string(error.category))), ("message", .value(.string(error.message)))]
                if let context = error.context {
                    fields.append(("context", .object(context.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map { .value(.string($0)) })) })))
                }
                return .object(fields)
            })))
        }
        pairs.append(("startedAt", .value(.string(DateFormats.formatISO(started)))))
        pairs.append(("completedAt", .value(.string(DateFormats.formatISO(clock.now())))))
        return Self.ordered(.object(pairs), status: errors.isEmpty ? status : HTTPStatus(207))
    }

    private mutating func registerRoutes() {
        let api = self
        router.post("/oauth/v1/token") { try api.token($0) }
        router.get("/oauth/v1/access-tokens/:token") { try api.accessTokenInfo($0) }
        router.get("/oauth/v1/refresh-tokens/:token") { try api.refreshTokenInfo($0) }
        router.delete("/oauth/v1/refresh-tokens/:token") { try api.deleteRefreshToken($0) }
        router.get("/oauth/authorize") { try api.authorize($0) }

        router.get("/crm/v3/objects/:type") { try api.list($0) }
        router.post("/crm/v3/objects/:type") { try api.create($0) }
        router.post("/crm/v3/objects/:type/search") { try api.search($0) }
        router.post("/crm/v3/objects/:type/batch/read") { try api.batchRead($0) }
        router.post("/crm/v3/objects/:type/batch/create") { try api.batchCreate($0) }
        router.post("/crm/v3/objects/:type/batch/update") { try api.batchUpdate($0) }
        router.post("/crm/v3/objects/:type/batch/upsert") { try api.batchUpsert($0) }
        router.post("/crm/v3/objects/:type/batch/archive") { try api.batchArchive($0) }
        router.get("/crm/v3/objects/:type/:id") { try api.read($0) }
        router.patch("/crm/v3/objects/:type/:id") { try api.update($0) }
        router.delete("/crm/v3/objects/:type/:id") { try api.archive($0) }

        router.get("/crm/v4/objects/:type/:id/associations/:toType") { try api.listAssociations($0) }
        router.put("/crm/v4/objects/:type/:id/associations/default/:toType/:toId") { try api.associateDefault($0) }
        router.put("/crm/v4/objects/:type/:id/associations/:toType/:toId") { try api.associateLabelled($0) }
        router.delete("/crm/v4/objects/:type/:id/associations/:toType/:toId") { try api.unassociate($0) }
        router.post("/crm/v4/associations/:type/:toType/batch/read") { try api.batchReadAssociations($0) }
        router.post("/crm/v4/associations/:type/:toType/batch/create") { try api.batchCreateAssociations($0) }
        router.post("/crm/v4/associations/:type/:toType/batch/associate/default") { try api.batchAssociateDefault($0) }
        router.post("/crm/v4/associations/:type/:toType/batch/archive") { try api.batchArchiveAssociations($0) }
        router.get("/crm/v4/associations/:type/:toType/labels") { try api.associationLabels($0) }
        router.post("/crm/v4/associations/:type/:toType/labels") { try api.createAssociationLabel($0) }
        router.delete("/crm/v4/associations/:type/:toType/labels/:typeId") { try api.deleteAssociationLabel($0) }

        router.get("/crm/v3/properties/:type") { try api.properties($0) }
        router.post("/crm/v3/properties/:type") { try api.createProperty($0) }
        router.post("/crm/v3/properties/:type/batch/read") { try api.batchReadProperties($0) }
        router.post("/crm/v3/properties/:type/batch/create") { try api.batchCreateProperties($0) }
        router.post("/crm/v3/properties/:type/batch/archive") { try api.batchArchiveProperties($0) }
        router.get("/crm/v3/properties/:type/groups") { try api.propertyGroups($0) }
        router.post("/crm/v3/properties/:type/groups") { try api.createPropertyGroup($0) }
        router.get("/crm/v3/properties/:type/groups/:group") { try api.propertyGroup($0) }
        router.patch("/crm/v3/properties/:type/groups/:group") { try api.updatePropertyGroup($0) }
        router.delete("/crm/v3/properties/:type/groups/:group") { try api.archivePropertyGroup($0) }
        router.get("/crm/v3/properties/:type/:name") { try api.property($0) }
        router.patch("/crm/v3/properties/:type/:name") { try api.updateProperty($0) }
        router.delete("/crm/v3/properties/:type/:name") { try api.archiveProperty($0) }

        router.get("/crm/v3/schemas") { try api.schemas($0) }
        router.post("/crm/v3/schemas") { try api.createSchema($0) }
        router.get("/crm/v3/schemas/:type") { try api.schema($0) }
        router.delete("/crm/v3/schemas/:type") { try api.archiveSchema($0) }

        router.get("/crm/v3/pipelines/:type") { try api.pipelines($0) }
        router.get("/crm/v3/pipelines/:type/:pipeline") { try api.pipeline($0) }
        router.get("/crm/v3/pipelines/:type/:pipeline/stages") { try api.stages($0) }
        router.get("/crm/v3/owners") { try api.owners($0) }
        router.get("/crm/v3/owners/:id") { try api.owner($0) }

        router.get("/properties/v1/:object/properties") { try api.legacyProperties($0) }
        router.get("/properties/v2/:object/properties") { try api.legacyProperties($0) }
        router.get("/companies/v2/companies/paged") { try api.legacyCompaniesPaged($0) }
        router.get("/deals/v1/deal/paged") { try api.legacyDealsPaged($0) }
        router.get("/contacts/v1/lists/all/contacts/all") { try api.legacyContactsAll($0) }
    }
}
