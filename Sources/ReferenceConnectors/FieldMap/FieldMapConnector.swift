import Foundation
import HTTP

/// The naive connector buyers are warned about: a fixed mapping of
/// standard fields, polled on an interval. No schema discovery, no custom
/// fields, no account matching, no retries, no back-off, no token renewal,
/// no alerts, no history and no rollback. What it created it remembers in
/// memory only. It speaks Salesforce or HubSpot (`SV_CRM_DIALECT`), each in
/// that CRM's fixed standard names, with no projection of the library's.
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
        guard
            let response = try? transport.send(method, url, headers: headers, body: body.map(JSONBody.encode) ?? Data())
        else {
            log("request failed: \(method.rawValue) \(url)")
            return nil
        }
        guard (200..<300).contains(response.status) else {
            log(
                "\(method.rawValue) \(url) answered \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))"
            )
            return nil
        }
        return response.json
    }

    func login() {
        var headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let form =
            "grant_type=client_credentials&client_id=\(SalesforceSession.encode(env.clientID))&client_secret=\(SalesforceSession.encode(env.clientSecret))"
        guard let response = try? transport.send(.post, env.tokenURL, headers: headers, body: Data(form.utf8)),
            let json = response.json as? [String: Any], let access = json["access_token"] as? String
        else { return log("login failed") }
        token = access
        instanceURL = json["instance_url"] as? String ?? instanceURL
    }

    func prmList(_ resource: String) -> [[String: Any]] {
        // One page: the first 200 records are all it ever looks at.
        ((request(.get, "\(env.prmURL)/api/v1/\(resource)?limit=200", nil, bearer: env.prmKey) as? [String: Any])?[
            "data"] as? [[String: Any]]) ?? []
    }

    /// The CRM's answer to "is this deal closed": `won`, `lost` or nil, and the amount.
    typealias DealState = (stage: String, outcome: String?, amount: Any?)

    func pass() {
        if env.crmDialect == "salesforce", token == nil { login() }
        // A HubSpot private-app token needs no login (and, to this connector, no renewal).
        let bearer = env.crmDialect == "hubspot" ? env.accessToken : token
        guard let bearer else { return }
        for partner in prmList("partners") {
            guard let id = partner["id"] as? String, created[id] == nil else { continue }
            if let account = createAccount(partner["name"] ?? "", bearer: bearer) { created[id] = account }
        }
        for registration in prmList("deal-registrations") where registration["status"] as? String == "approved" {
            guard let id = registration["id"] as? String, created[id] == nil else { continue }
            // A new account for every deal: no matching.
            let account = createAccount(registration["customerName"] ?? "", bearer: bearer)
            var fields: [String: Any] = [:]
            for (prmField, crmField) in Self.registrationMapping {
                fields[crmField] = registration[prmField] ?? NSNull()
            }
            if fields["CloseDate"] is NSNull { fields["CloseDate"] = "2030-01-01" }
            if let opportunity = createOpportunity(fields, account: account, bearer: bearer) {
                created[id] = opportunity
                registrations[opportunity] = id
            }
        }
        // Won and lost deals go back to the registration it made them from.
        for (opportunity, registration) in registrations {
            guard let deal = readOpportunity(opportunity, bearer: bearer), pushedStages[opportunity] != deal.stage
            else { continue }
            var body: [String: Any]?
            if deal.outcome == "won" { body = ["status": "won", "confirmedAmount": deal.amount ?? 0] }
            if deal.outcome == "lost" { body = ["status": "lost"] }
            guard let body else { continue }
            if request(
                .post, "\(env.prmURL)/api/v1/deal-registrations/\(registration)/status", body, bearer: env.prmKey)
                != nil
            {
                pushedStages[opportunity] = deal.stage
            }
        }
    }

    // MARK: the CRM, in the dialect's own fixed words (`SV_CRM_DIALECT`)

    var salesforceBase: String { "\(instanceURL)/services/data/v59.0" }

    func createAccount(_ name: Any, bearer: String) -> String? {
        let answer =
            env.crmDialect == "hubspot"
            ? request(
                .post, "\(env.crmURL)/crm/v3/objects/companies", ["properties": ["name": JSONBody.text(name) ?? ""]],
                bearer: bearer)
            : request(.post, "\(salesforceBase)/sobjects/Account", ["Name": name], bearer: bearer)
        return JSONBody.text((answer as? [String: Any])?["id"])
    }

    func createOpportunity(_ fields: [String: Any], account: String?, bearer: String) -> String? {
        guard env.crmDialect == "hubspot" else {
            var record = fields
            record["StageName"] = "Prospecting"
            record["AccountId"] = account ?? NSNull()
            return JSONBody.text(
                (request(.post, "\(salesforceBase)/sobjects/Opportunity", record, bearer: bearer) as? [String: Any])?[
                    "id"])
        }
        // HubSpot's names for the same three fields; a new deal in the default pipeline's first stage.
        var properties: [String: String] = ["dealstage": "appointmentscheduled", "pipeline": "default"]
        for (field, property) in [("Name", "dealname"), ("Amount", "amount"), ("CloseDate", "closedate")] {
            if let value = JSONBody.text(fields[field]) { properties[property] = value }
        }
        var body: [String: Any] = ["properties": properties]
        if let account {
            body["associations"] = [
                [
                    "to": ["id": account],
                    "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 341]],
                ]
            ]
        }
        return JSONBody.text(
            (request(.post, "\(env.crmURL)/crm/v3/objects/deals", body, bearer: bearer) as? [String: Any])?["id"])
    }

    func readOpportunity(_ id: String, bearer: String) -> DealState? {
        guard env.crmDialect == "hubspot" else {
            guard
                let record = request(.get, "\(salesforceBase)/sobjects/Opportunity/\(id)", nil, bearer: bearer)
                    as? [String: Any],
                let stage = record["StageName"] as? String
            else { return nil }
            return (stage, stage == "Closed Won" ? "won" : stage == "Closed Lost" ? "lost" : nil, record["Amount"])
        }
        guard
            let record = request(
                .get, "\(env.crmURL)/crm/v3/objects/deals/\(id)?properties=dealstage,amount", nil, bearer: bearer)
                as? [String: Any],
            let properties = record["properties"] as? [String: Any], let stage = properties["dealstage"] as? String
        else { return nil }
        // HubSpot's default pipeline ids; a string amount is sent on as it came.
        return (
            stage, stage == "closedwon" ? "won" : stage == "closedlost" ? "lost" : nil,
            Double(properties["amount"] as? String ?? "") ?? properties["amount"]
        )
    }
}
