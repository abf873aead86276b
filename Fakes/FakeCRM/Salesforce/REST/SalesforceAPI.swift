import FakeKit
import Foundation
import HTTP

/// The Salesforce REST API over one org's store: the routes, bearer-token
/// checks and the `Sforce-Limit-Info` header, as the real API shapes them.
struct SalesforceAPI: HTTPHandler {
    let store: RecordStore
    let oauth: OAuthRegistry
    let usage: APIUsage
    let locators = QueryLocatorTable()
    /// Bulk API 1.0 and 2.0 jobs.
    let bulkJobs = BulkJobTable()
    let subrequests = SubrequestRouter()
    /// The production hostnames this org answers through the proxy (nil: none).
    let productionHosts: SalesforceProductionHosts?
    let clock: JournalClock
    let retired: RetiredVersions
    /// The User id standing for a store actor (OAuth client or harness).
    let userIDs: @Sendable (String) -> String?
    var router = HTTPRouter()

    /// API versions served, oldest first ("31.0" … "62.0").
    static let versions: [String] = (31...62).map { "\($0).0" }

    static func label(forVersion version: String) -> String {
        let major = Int(Double(version) ?? 62)
        let offset = 62 - major
        let season = ["Winter", "Summer", "Spring"][offset % 3]
        let year = (season == "Winter" ? 25 : 24) - offset / 3
        return "\(season) '\(year < 10 ? "0" : "")\(year)"
    }

    init(
        store: RecordStore, oauth: OAuthRegistry, usage: APIUsage, clock: JournalClock, retired: RetiredVersions = RetiredVersions(),
        productionHosts: SalesforceProductionHosts? = nil, userIDs: @escaping @Sendable (String) -> String?
    ) {
        self.productionHosts = productionHosts
        self.store = store
        self.retired = retired
        self.oauth = oauth
        self.usage = usage
        self.clock = clock
        self.userIDs = userIDs
        router.notFound = { _ in SalesforceError.notFound.response }
        router.methodNotAllowed = { request, allowed in
            var response = SalesforceError(
                .methodNotAllowed, "METHOD_NOT_ALLOWED", "HTTP Method '\(request.method)' not allowed. Allowed are \(allowed.map(\.rawValue).sorted().joined(separator: ","))"
            ).response
            response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            return response
        }
        registerRoutes()
        subrequests.set(router)
    }

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        let path = request.path
        if path == "/services/oauth2/token" || path == "/services/data" || path == "/services/data/" {
            return try router.handle(request)
        }
        if path.hasPrefix("/services/async/") { return bulk1Authenticated(request) }
        guard path.hasPrefix("/services/data/") else { return try router.handle(request) }
        if let retiredVersion = retiredVersion(path) { return Self.retiredVersionError(retiredVersion).response }
        // Everything under /services/data/vXX.X needs a valid session and counts against the daily limit.
        var response: HTTPResponse
        if let token = Self.bearerToken(request), oauth.authenticate(bearer: token) != nil {
            let (used, limit) = usage.current
            if used >= limit {
                // The org's daily allowance is spent: Salesforce refuses every call until it resets.
                response = SalesforceError(.forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.").response
            } else {
                usage.record()
                response = router.respond(to: request)
            }
        } else {
            response = SalesforceError.invalidSession.response
            response.headers["WWW-Authenticate"] = "Token"
        }
        response.headers["Sforce-Limit-Info"] = usage.headerValue
        return response
    }

    /// Bulk API 1.0 takes its session in `X-SFDC-Session` (or a bearer
    /// token) and refuses a bad one with its own 400 `InvalidSessionId`;
    /// its calls count against the same daily limit.
    private func bulk1Authenticated(_ request: HTTPRequest) -> HTTPResponse {
        let token = request.headers["X-SFDC-Session"] ?? Self.bearerToken(request)
        guard let token, oauth.authenticate(bearer: token) != nil else {
            return Bulk1Format.of(request, fallback: .xml).error(Bulk1Error("InvalidSessionId", "Invalid session id"))
        }
        let (used, limit) = usage.current
        guard used < limit else {
            return Bulk1Format.of(request, fallback: .xml).error(Bulk1Error("ExceededQuota", "TotalRequests Limit exceeded.", status: 403))
        }
        usage.record()
        var response = router.respond(to: request)
        response.headers["Sforce-Limit-Info"] = usage.headerValue
        return response
    }

    /// The token of `Authorization: Bearer …` (or `OAuth …`). Read on every
    /// request twice (the API and the request log), so without Foundation's
    /// trimming, which bridges to NSString.
    static func bearerToken(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["Authorization"] else { return nil }
        for prefix in ["Bearer ", "OAuth "] where header.utf8.starts(with: prefix.utf8) {
            let token = header.utf8.dropFirst(prefix.utf8.count).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let end = token.lastIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            return end.map { String(Substring(token[...$0])) } ?? ""
        }
        return nil
    }

    /// The client id behind the request's token (the actor journaled for its writes).
    func actor(_ request: HTTPRequest) -> String {
        (request.headers["X-SFDC-Session"] ?? Self.bearerToken(request)).flatMap { oauth.authenticate(bearer: $0) } ?? "unknown"
    }

    /// `v59.0` → "59.0", or a NOT_FOUND error for a version not served.
    func version(_ request: HTTPRequest) throws -> String {
        let text = request.pathParameters["version"] ?? ""
        guard text.hasPrefix("v"), Self.versions.contains(String(text.dropFirst())) else { throw SalesforceError.notFound }
        let version = String(text.dropFirst())
        if retired.isRetired(version) { throw Self.retiredVersionError(version) }
        return version
    }

    /// The version of a `/services/data/vNN.N/…` path when it is retired.
    /// Checked before the session and the limits: a retired version answers
    /// the same to everyone, and the call is not counted.
    private func retiredVersion(_ path: String) -> String? {
        guard retired.any, path.hasPrefix("/services/data/v") else { return nil }
        let version = String(path.dropFirst("/services/data/v".count).prefix { $0 != "/" })
        return Double(version) != nil && retired.isRetired(version) ? version : nil
    }

    /// Salesforce's answer for a retired API version. Its retirement notices
    /// (API 7.0–20.0, then 21.0–30.0) say REST calls to a retired version fail
    /// with `410 GONE`; the error code is the one Salesforce uses for a
    /// version it no longer supports (`UNSUPPORTED_API_VERSION`, as its SOAP
    /// API answers). Clients key on the status: simple-salesforce raises its
    /// general error for a 410.
    static func retiredVersionError(_ version: String) -> SalesforceError {
        SalesforceError(
            .gone, "UNSUPPORTED_API_VERSION",
            "The REST API version v\(version) has been retired and is no longer supported. Use a supported version of the API.")
    }

    func reader(_ snapshot: StoreSnapshot, version: String) -> SalesforceRecordReader {
        SalesforceRecordReader(snapshot: snapshot, apiVersion: "v" + version, userID: userIDs)
    }

    /// The request body as a JSON object, or Salesforce's parse error.
    func jsonObject(_ request: HTTPRequest) throws -> [String: JSONValue] {
        guard case .object(let object) = try jsonBody(request) else {
            throw SalesforceError.jsonParser("Cannot deserialize instance of object from START_ARRAY value [ or request may be missing a required field at [line:1, column:1]")
        }
        return object
    }

    func jsonBody(_ request: HTTPRequest) throws -> JSONValue {
        guard !request.body.isEmpty else {
            throw SalesforceError.jsonParser("No content to map due to end-of-input at [line:1, column:0]")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: request.body)
        } catch {
            throw SalesforceError.jsonParser("Unexpected character: was expecting a valid JSON value at [line:1, column:1]")
        }
    }

    static func ordered(_ json: OrderedJSON, status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse.json(status, data: json.serialized())
    }

    private mutating func registerRoutes() {
        let api = self
        router.post("/services/oauth2/token") { try api.token($0) }
        router.get("/services/data") { _ in api.versionList() }
        router.get("/services/data/:version") { try api.resources($0) }
        router.get("/services/data/:version/sobjects") { try api.describeGlobal($0) }
        router.get("/services/data/:version/sobjects/:object") { try api.basicInfo($0) }
        router.post("/services/data/:version/sobjects/:object") { try api.create($0) }
        router.get("/services/data/:version/sobjects/:object/describe") { try api.describe($0) }
        router.get("/services/data/:version/sobjects/:object/updated") { try api.updated($0) }
        router.get("/services/data/:version/sobjects/:object/deleted") { try api.deleted($0) }
        router.get("/services/data/:version/sobjects/:object/:id") { try api.read($0) }
        router.patch("/services/data/:version/sobjects/:object/:id") { try api.update($0) }
        router.delete("/services/data/:version/sobjects/:object/:id") { try api.delete($0) }
        router.get("/services/data/:version/sobjects/:object/:field/:value") { try api.readByExternalID($0) }
        router.add([.patch, .post], "/services/data/:version/sobjects/:object/:field/:value") { try api.upsert($0) }
        router.delete("/services/data/:version/sobjects/:object/:field/:value") { try api.deleteByExternalID($0) }
        router.get("/services/data/:version/query") { try api.query($0, includeDeleted: false) }
        router.get("/services/data/:version/query/:locator") { try api.queryMore($0) }
        router.get("/services/data/:version/queryAll") { try api.query($0, includeDeleted: true) }
        router.get("/services/data/:version/queryAll/:locator") { try api.queryMore($0) }
        router.get("/services/data/:version/limits") { try api.limits($0) }
        router.post("/services/data/:version/composite/sobjects") { try api.compositeCreate($0) }
        router.patch("/services/data/:version/composite/sobjects") { try api.compositeUpdate($0) }
        router.delete("/services/data/:version/composite/sobjects") { try api.compositeDelete($0) }
        router.get("/services/data/:version/composite/sobjects/:object") { try api.compositeRetrieve($0) }
        router.patch("/services/data/:version/composite/sobjects/:object/:field") { try api.compositeUpsert($0) }
        router.post("/services/data/:version/composite") { try api.composite($0) }
        router.post("/services/data/:version/composite/batch") { try api.compositeBatch($0) }
        router.post("/services/data/:version/composite/tree/:object") { try api.compositeTree($0) }
        registerBulkRoutes(api)
    }
}
