import Foundation
import HTTP

/// HubSpot's CRM APIs as a connector uses them: the private-app token
/// (`SV_CRM_ACCESS_TOKEN`), renewed through the installed OAuth app's refresh
/// token when it is refused; HubSpot's rate limits honoured (`Retry-After`
/// when given, else a pause; search paced under its own per-second limit);
/// errors sorted by HubSpot's status and category.
final class HubSpotSession: CRMSession {
    let credentials: ConnectorEnvironment.CRMCredentials
    let transport: Transport
    private var token: String?
    private var refreshToken: String?
    /// HubSpot type → property name → its definition (`/crm/v3/properties`).
    var properties: [String: [String: [String: Any]]] = [:]
    /// The deal pipelines' stages: id and label, won and closed.
    var stages: [(id: String, label: String, closed: Bool, won: Bool)]?
    /// Association label ids by `from/to/label` (user-defined, made on first use).
    var labelIDs: [String: Int] = [:]
    /// Record id → `updatedAt` of this connector's latest write to it.
    var ownStamps: [String: String] = [:]
    /// When the last searches were sent (HubSpot allows five a second).
    private var searches: [Date] = []

    init(credentials: ConnectorEnvironment.CRMCredentials, transport: Transport) {
        self.credentials = credentials
        self.transport = transport
        token = credentials.accessToken
        refreshToken = credentials.refreshToken
    }

    /// `POST /oauth/v1/token` with the refresh token (HubSpot may hand back a new one).
    func renew() throws(RemoteError) {
        guard let refresh = refreshToken else {
            throw .authentication("HubSpot refused the access token and no refresh token is set (SV_CRM_REFRESH_TOKEN)")
        }
        let (access, json) = try transport.tokenGrant(
            credentials.tokenURL,
            [
                ("grant_type", "refresh_token"), ("client_id", credentials.clientID),
                ("client_secret", credentials.clientSecret), ("refresh_token", refresh),
            ],
            what: "HubSpot's refresh token")
        token = access
        if let rotated = json["refresh_token"] as? String { refreshToken = rotated }
    }

    /// One API call, renewing the token once when it is refused.
    func call(_ method: HTTPMethod, _ path: String, body: Any? = nil) throws(RemoteError) -> Any? {
        if path.hasSuffix("/search") { paceSearch() }
        var renewed = false
        while true {
            var headers = HTTPHeaders()
            if let token { headers["Authorization"] = "Bearer \(token)" }
            headers["Accept"] = "application/json"
            if body != nil { headers["Content-Type"] = "application/json" }
            let url = credentials.url + path
            let response = try transport.send(method, url, headers: headers, body: body.map(JSONBody.encode) ?? Data())
            watchLimits(response, url: url)
            let json = response.json as? [String: Any]
            let message =
                "\(json?["category"] as? String ?? "\(response.status)"): \(json?["message"] as? String ?? String(decoding: response.body.prefix(300), as: UTF8.self))"
            switch response.status {
            case 200..<300: return response.json
            case 401 where !renewed && !MirrorDefect.on(.noTokenRenewal):
                renewed = true
                try renew()
            case 401: throw .authentication("HubSpot refused a fresh token: \(message)")
            case 429:
                // HubSpot often names no wait: pause a second (its per-second window), longer when told.
                let wait = Double(response.headers["Retry-After"] ?? "") ?? 1
                transport.backOff(url, seconds: wait)
                throw .throttled("HubSpot RATE_LIMIT (\(json?["policyName"] as? String ?? "?"))", waitSeconds: wait)
            case 500...599: throw .transient("\(method.rawValue) \(path): \(response.status)")
            default: throw .permanent(status: response.status, message)
            }
        }
    }

    func retrying(_ what: String, _ method: HTTPMethod, _ path: String, body: Any? = nil) throws(RemoteError)
        -> [String: Any]
    {
        let answer = try transport.withRetries(what) { () throws(RemoteError) in try call(method, path, body: body) }
        return answer as? [String: Any] ?? [:]
    }

    /// Stay under five searches a second: wait for the oldest of the last four to age past a second.
    private func paceSearch() {
        searches = searches.filter { Date().timeIntervalSince($0) < 1 }
        if searches.count >= 4, let oldest = searches.first { Thread.sleep(until: oldest.addingTimeInterval(1.05)) }
        searches.append(Date())
    }

    /// `X-HubSpot-RateLimit-Remaining`: pause before the ten-second window runs out.
    private func watchLimits(_ response: Transport.Response, url: String) {
        guard let remaining = response.headers["X-HubSpot-RateLimit-Remaining"].flatMap(Int.init), remaining < 3 else {
            return
        }
        let interval = response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"].flatMap(Double.init) ?? 10_000
        transport.backOff(url, seconds: min(interval / 1000, 2))
    }
}
