import Foundation
import HTTP

/// The naive connector buyers are warned about: a fixed mapping of
/// standard fields, polled on an interval. No schema discovery, no custom
/// fields, no account matching, no retries, no back-off, no token renewal,
/// no alerts, no history and no rollback. What it created it remembers in
/// memory only.
final class FieldMapConnector {
    let env: ConnectorEnvironment
    let settings: SyncSettings
    let transport: Transport
    var token: String?
    var instanceURL: String
    /// PRM id → CRM id, for what it created in this process.
    var created: [String: String] = [:]
    /// CRM opportunity → PRM registration, to move won deals back.
    var registrations: [String: String] = [:]
    var pushedStages: [String: String] = [:]

    /// The whole mapping: partner name → Account Name, and these registration
    /// fields → Opportunity fields.
    static let registrationMapping = ["customerName": "Name", "amount": "Amount", "expectedCloseDate": "CloseDate"]

    init(env: ConnectorEnvironment, settings: SyncSettings) {
        self.env = env
        self.settings = settings
        transport = Transport(caBundle: env.caBundle)
        instanceURL = env.crmURL
    }

    func run(stop: () -> Bool) {
        while !stop() {
            pass()
            Thread.sleep(forTimeInterval: settings.pollIntervalSeconds)
        }
    }

    func request(_ method: HTTPMethod, _ url: String, _ body: Any?, bearer: String?) -> Any? {
        var headers = HTTPHeaders()
        if let bearer { headers["Authorization"] = "Bearer \(bearer)" }
        if body != nil { headers["Content-Type"] = "application/json" }
        guard let response = try? transport.send(method, url, headers: headers, body: body.map(JSONBody.encode) ?? Data()) else {
            log("request failed: \(method.rawValue) \(url)")
            return nil
        }
        guard (200..<300).contains(response.status) else {
            log("\(method.rawValue) \(url) answered \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
            return nil
        }
        return response.json
    }

    func login() {
        var headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let form = "grant_type=client_credentials&client_id=\(SalesforceSession.encode(env.clientID))&client_secret=\(SalesforceSession.encode(env.clientSecret))"
        guard let response = try? transport.send(.post, env.tokenURL, headers: headers, body: Data(form.utf8)),
            let json = response.json as? [String: Any], let access = json["access_token"] as? String
        else { return log("login failed") }
        token = access
        instanceURL = json["instance_url"] as? String ?? instanceURL
    }

    func prmList(_ resource: String) -> [[String: Any]] {
        // One page: the first 200 records are all it ever looks at.
        ((request(.get, "\(env.prmURL)/api/v1/\(resource)?limit=200", nil, bearer: env.prmKey) as? [String: Any])?["data"] as? [[String: Any]]) ?? []
    }

    func pass() {
        if token == nil { login() }
        guard let token else { return }
        let base = "\(instanceURL)/services/data/v59.0"
        for partner in prmList("partners") {
            guard let id = partner["id"] as? String, created[id] == nil else { continue }
            if let result = request(.post, "\(base)/sobjects/Account", ["Name": partner["name"] ?? ""], bearer: token) as? [String: Any] {
                created[id] = result["id"] as? String
            }
        }
        for registration in prmList("deal-registrations") where registration["status"] as? String == "approved" {
            guard let id = registration["id"] as? String, created[id] == nil else { continue }
            // A new account for every deal: no matching.
            let account = (request(.post, "\(base)/sobjects/Account", ["Name": registration["customerName"] ?? ""], bearer: token) as? [String: Any])?["id"]
            var fields: [String: Any] = ["StageName": "Prospecting", "AccountId": account ?? NSNull()]
            for (prmField, crmField) in Self.registrationMapping { fields[crmField] = registration[prmField] ?? NSNull() }
            if fields["CloseDate"] is NSNull { fields["CloseDate"] = "2030-01-01" }
            if let result = request(.post, "\(base)/sobjects/Opportunity", fields, bearer: token) as? [String: Any], let opportunity = result["id"] as? String {
                created[id] = opportunity
                registrations[opportunity] = id
            }
        }
        // Won and lost deals go back to the registration it made them from.
        for (opportunity, registration) in registrations {
            guard let record = request(.get, "\(base)/sobjects/Opportunity/\(opportunity)", nil, bearer: token) as? [String: Any],
                let stage = record["StageName"] as? String, pushedStages[opportunity] != stage
            else { continue }
            var body: [String: Any]?
            if stage == "Closed Won" { body = ["status": "won", "confirmedAmount": record["Amount"] ?? 0] }
            if stage == "Closed Lost" { body = ["status": "lost"] }
            guard let body else { continue }
            if request(.post, "\(env.prmURL)/api/v1/deal-registrations/\(registration)/status", body, bearer: env.prmKey) != nil {
                pushedStages[opportunity] = stage
            }
        }
    }
}
