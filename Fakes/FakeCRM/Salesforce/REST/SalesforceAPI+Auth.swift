import FakeKit
import Foundation
import HTTP

extension SalesforceAPI {
    /// `POST /services/oauth2/token`: client credentials, password and
    /// refresh-token grants, with Salesforce's success and error bodies.
    func token(_ request: HTTPRequest) throws -> HTTPResponse {
        let form = request.formFields
        // Some clients send credentials as HTTP Basic instead of in the body.
        var clientID = form["client_id"]
        var clientSecret = form["client_secret"]
        if let header = request.headers["Authorization"], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            clientID = clientID ?? String(decoded[..<colon]).removingPercentEncoding
            clientSecret = clientSecret ?? String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
        }
        let scopes = (form["scope"] ?? "").split(separator: " ").map(String.init)
        let grantType = form["grant_type"] ?? ""
        do {
            let grant = try oauth.grant(
                type: grantType, clientID: clientID, clientSecret: clientSecret, username: form["username"],
                password: form["password"], refreshToken: form["refresh_token"],
                wantsRefreshToken: scopes.contains("refresh_token") || scopes.contains("offline_access"))
            var host = request.headers["Host"] ?? "127.0.0.1"
            // Through the proxy a token is asked of login.salesforce.com: it names the org's My Domain.
            if let myDomain = productionHosts?.instanceHost(forTokenRequestTo: String(host.split(separator: ":").first ?? "")) { host = myDomain }
            let instanceURL = "\(request.connection.isSecure ? "https" : "http")://\(host)"
            let userID = grant.userID ?? userIDs(grant.clientID) ?? ""
            let issuedAt = String(Int(grant.issuedAt.timeIntervalSince1970 * 1000))
            var pairs: [(String, OrderedJSON)] = [("access_token", .value(.string(grant.accessToken)))]
            if let refresh = grant.refreshToken { pairs.append(("refresh_token", .value(.string(refresh)))) }
            pairs += [
                ("instance_url", .value(.string(instanceURL))),
                ("id", .value(.string("\(instanceURL)/id/\(oauth.orgID)/\(userID)"))),
                ("token_type", .value("Bearer")), ("issued_at", .value(.string(issuedAt))),
                ("signature", .value(.string(Data((grant.accessToken + issuedAt).utf8).base64EncodedString().prefix(44).description))),
            ]
            if !scopes.isEmpty { pairs.append(("scope", .value(.string(scopes.joined(separator: " "))))) }
            return Self.ordered(.object(pairs))
        } catch {
            let (status, code, description): (HTTPStatus, String, String) =
                switch error {
                case .invalidClientID: (.badRequest, "invalid_client_id", "client identifier invalid")
                case .invalidClientCredentials: (.badRequest, "invalid_client", "invalid client credentials")
                case .inactiveClient: (.badRequest, "invalid_client", "app must be enabled")
                case .authenticationFailure: (.badRequest, "invalid_grant", "authentication failure")
                case .expiredRefreshToken: (.badRequest, "invalid_grant", "expired access/refresh token")
                case .unsupportedGrant: (.badRequest, "unsupported_grant_type", "grant type not supported")
                }
            return .json(status, ["error": code, "error_description": description])
        }
    }

    /// `GET /services/data`: the versions served, no authentication needed.
    func versionList() -> HTTPResponse {
        let items = Self.versions.filter { !retired.isRetired($0) }.map { version -> OrderedJSON in
            .object([
                ("label", .value(.string(Self.label(forVersion: version)))),
                ("url", .value(.string("/services/data/v\(version)"))), ("version", .value(.string(version))),
            ])
        }
        return Self.ordered(.array(items))
    }

    /// `GET /services/data/vXX.X`: the resources of a version.
    func resources(_ request: HTTPRequest) throws -> HTTPResponse {
        let version = try version(request)
        let names = ["limits", "query", "queryAll", "sobjects", "composite", "search", "tooling", "recent", "analytics"]
        return Self.ordered(.object(names.sorted().map { ($0, .value(.string("/services/data/v\(version)/\($0)"))) }))
    }

    /// `GET limits/`: the org's allowances (DailyApiRequests and friends).
    func limits(_ request: HTTPRequest) throws -> HTTPResponse {
        _ = try version(request)
        let (used, limit) = usage.current
        func entry(_ max: Int, _ remaining: Int) -> OrderedJSON { .object([("Max", .value(.int(max))), ("Remaining", .value(.int(remaining)))]) }
        let bulk = bulkJobs.usage
        return Self.ordered(
            .object([
                ("ConcurrentAsyncGetReportInstances", entry(200, 200)), ("DailyApiRequests", entry(limit, max(0, limit - used))),
                ("DailyAsyncApexExecutions", entry(250_000, 250_000)), ("DailyBulkApiBatches", entry(BulkJobTable.dailyBulkApiBatches, max(0, BulkJobTable.dailyBulkApiBatches - bulk.batches))),
                ("DailyBulkV2QueryFileStorageMB", entry(976_562, 976_562)),
                ("DailyBulkV2QueryJobs", entry(BulkJobTable.dailyBulkV2QueryJobs, max(0, BulkJobTable.dailyBulkV2QueryJobs - bulk.queryJobs))),
                ("DataStorageMB", entry(1024, 1024 - store.count / 500)), ("SingleEmail", entry(5000, 5000)),
            ]))
    }
}
