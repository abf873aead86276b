import Foundation
import HTTP

/// The Salesforce REST API as a connector uses it: a client-credentials
/// token renewed when it expires, a pinned API version that moves to the
/// newest one when the pinned one is retired, SOQL with paging, single and
/// composite writes, and the limits header watched to slow down in time.
final class SalesforceSession: CRMSession {
    let credentials: ConnectorEnvironment.CRMCredentials
    let transport: Transport
    private var token: String?
    private(set) var instanceURL: String
    /// The integration user the connector writes as (its own changes come back with this LastModifiedById).
    private(set) var userID: String?
    var version = "v55.0"

    init(credentials: ConnectorEnvironment.CRMCredentials, transport: Transport) {
        self.credentials = credentials
        self.transport = transport
        instanceURL = credentials.url
    }

    func authenticate() throws(RemoteError) {
        let (access, json) = try transport.tokenGrant(
            credentials.tokenURL, [("grant_type", "client_credentials"), ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret)],
            what: "the client credentials")
        token = access
        if let instance = json["instance_url"] as? String { instanceURL = instance }
        if let id = json["id"] as? String { userID = id.split(separator: "/").last.map(String.init) }
    }

    static func encode(_ text: String) -> String { Transport.formEncode(text) }

    /// One API call under `/services/data/vNN.N`, renewing the token and the
    /// version as needed. Throws `.throttled` on REQUEST_LIMIT_EXCEEDED.
    func call(_ method: HTTPMethod, _ path: String, body: Any? = nil) throws(RemoteError) -> Any? {
        if token == nil { try authenticate() }
        var renewed = false
        var moved = false
        while true {
            var headers = HTTPHeaders()
            headers["Authorization"] = "Bearer \(token ?? "")"
            headers["Accept"] = "application/json"
            if body != nil { headers["Content-Type"] = "application/json" }
            let url = path.hasPrefix("/services/") ? instanceURL + path : "\(instanceURL)/services/data/\(version)\(path)"
            let response = try transport.send(method, url, headers: headers, body: body.map(JSONBody.encode) ?? Data())
            watchLimits(response)
            let errorCode = ((response.json as? [[String: Any]])?.first?["errorCode"] as? String) ?? ""
            switch response.status {
            case 200..<300: return response.json
            case 401 where !renewed && !MirrorDefect.on(.noTokenRenewal):
                renewed = true
                try authenticate()
            case 401: throw .authentication("the CRM refused a fresh token: \(errorCode)")
            case 403 where errorCode == "REQUEST_LIMIT_EXCEEDED":
                transport.backOff(url, seconds: 2)
                throw .throttled("REQUEST_LIMIT_EXCEEDED", waitSeconds: 2)
            case 404 where !moved && !path.hasPrefix("/services/") && errorCode == "NOT_FOUND" && !path.contains("/sobjects/"),
                410 where !moved && !MirrorDefect.on(.noVersionUpgrade):
                // The pinned version is gone: take the newest the org serves.
                moved = true
                try moveToNewestVersion()
            case 500...599: throw .transient("\(method.rawValue) \(path): \(response.status)")
            default:
                let message = ((response.json as? [[String: Any]])?.first?["message"] as? String) ?? String(decoding: response.body, as: UTF8.self)
                throw .permanent(status: response.status, "\(errorCode): \(message)")
            }
        }
    }

    func moveToNewestVersion() throws(RemoteError) {
        let response = try transport.send(.get, instanceURL + "/services/data", headers: HTTPHeaders())
        guard let versions = response.json as? [[String: Any]] else { throw .transient("no version list") }
        let newest = versions.compactMap { $0["version"] as? String }.max { (Double($0) ?? 0) < (Double($1) ?? 0) }
        guard let newest, "v" + newest != version else { return }
        log("API version \(version) is not served any more; moving to v\(newest)")
        version = "v" + newest
    }

    /// `Sforce-Limit-Info: api-usage=N/M`: slow down as the daily quota nears its end.
    private func watchLimits(_ response: Transport.Response) {
        guard let header = response.headers["Sforce-Limit-Info"], let range = header.range(of: #"api-usage=(\d+)/(\d+)"#, options: .regularExpression) else { return }
        let parts = header[range].dropFirst("api-usage=".count).split(separator: "/")
        guard parts.count == 2, let used = Double(parts[0]), let limit = Double(parts[1]), limit > 0 else { return }
        if used / limit > 0.95 { transport.backOff(instanceURL, seconds: 1) }
    }

    func query(_ soql: String, all: Bool = false) throws(RemoteError) -> [[String: Any]] {
        var records: [[String: Any]] = []
        var next: String? = "/\(all ? "queryAll" : "query")?q=\(Self.encode(soql))"
        while let path = next {
            let page = try transport.withRetries("query") { () throws(RemoteError) in try call(.get, path) } as? [String: Any]
            records += (page?["records"] as? [[String: Any]]) ?? []
            next = page?["nextRecordsUrl"] as? String
        }
        return records
    }

    func create(_ object: String, _ fields: [String: Any]) throws(RemoteError) -> String {
        let result = try transport.withRetries("create \(object)") { () throws(RemoteError) in try call(.post, "/sobjects/\(object)", body: fields) }
        guard let id = (result as? [String: Any])?["id"] as? String else { throw .transient("create \(object) answered no id") }
        return id
    }

    func update(_ object: String, _ id: String, _ fields: [String: Any]) throws(RemoteError) {
        _ = try transport.withRetries("update \(object)") { () throws(RemoteError) in try call(.patch, "/sobjects/\(object)/\(id)", body: fields) }
    }

    func delete(_ object: String, _ id: String) throws(RemoteError) {
        _ = try transport.withRetries("delete \(object)") { () throws(RemoteError) in try call(.delete, "/sobjects/\(object)/\(id)") }
    }

    /// Up to 200 creates in one request (composite sobject collections); a
    /// result per record: its id, or the error message.
    func createMany(_ object: String, _ records: [[String: Any]]) throws(RemoteError) -> [Result<String, RemoteError>] {
        var results: [Result<String, RemoteError>] = []
        for start in stride(from: 0, to: records.count, by: 200) {
            let chunk = records[start..<min(records.count, start + 200)].map { fields -> [String: Any] in
                var record = fields
                record["attributes"] = ["type": object]
                return record
            }
            let answer = try transport.withRetries("composite create \(object)") { () throws(RemoteError) in
                try call(.post, "/composite/sobjects", body: ["allOrNone": false, "records": chunk])
            } as? [[String: Any]] ?? []
            for item in answer {
                if item["success"] as? Bool == true, let id = item["id"] as? String {
                    results.append(.success(id))
                } else {
                    let error = (item["errors"] as? [[String: Any]])?.first
                    results.append(.failure(.permanent(status: 400, "\(error?["statusCode"] ?? ""): \(error?["message"] ?? "")")))
                }
            }
        }
        return results
    }

    func describeGlobal() throws(RemoteError) -> [[String: Any]] {
        let result = try transport.withRetries("describeGlobal") { () throws(RemoteError) in try call(.get, "/sobjects") }
        return ((result as? [String: Any])?["sobjects"] as? [[String: Any]]) ?? []
    }

    func describe(_ object: String) throws(RemoteError) -> [String: Any] {
        let result = try transport.withRetries("describe \(object)") { () throws(RemoteError) in try call(.get, "/sobjects/\(object)/describe") }
        return (result as? [String: Any]) ?? [:]
    }
}
