import Foundation

/// The contract's variables (docs/connector-contract.md), read once at start.
struct ConnectorEnvironment: Sendable {
    /// `SV_CRM_DIALECT`: which API the vendor's CRM speaks (`salesforce` when unset, as before the variable existed).
    let crmDialect: String
    let crmURL: String
    let tokenURL: String
    let clientID: String
    let clientSecret: String
    /// HubSpot's private-app token and the installed OAuth app's refresh token (`SV_CRM_ACCESS_TOKEN`, `SV_CRM_REFRESH_TOKEN`).
    let accessToken: String?
    let refreshToken: String?
    let prmURL: String
    let prmKey: String
    let alertURL: String?
    let configPath: String?
    let stateDirectory: String?
    let caBundle: String?
    let controlPort: UInt16?
    /// Partners' own CRMs, from the `SV_SYSTEMS` file (none when a world has only the vendor's).
    let partnerCRMs: [PartnerCRM]

    /// Where a CRM is and how to log in to it.
    struct CRMCredentials: Sendable {
        let url: String
        let tokenURL: String
        let clientID: String
        let clientSecret: String
        var accessToken: String? = nil
        var refreshToken: String? = nil
    }

    /// A partner's CRM and the PRM partner that runs it.
    struct PartnerCRM: Sendable {
        let name: String
        let dialect: String
        let partnerID: String
        let credentials: CRMCredentials
    }

    /// The vendor's CRM.
    var vendorCRM: CRMCredentials {
        CRMCredentials(
            url: crmURL, tokenURL: tokenURL, clientID: clientID, clientSecret: clientSecret, accessToken: accessToken, refreshToken: refreshToken)
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ variables: [String: String] = ProcessInfo.processInfo.environment) throws -> ConnectorEnvironment {
        func need(_ name: String) throws -> String {
            guard let value = variables[name], !value.isEmpty else { throw Missing(description: "\(name) is not set: start me through sync-verifier (see the connector contract)") }
            return value
        }
        let dialect = variables["SV_CRM_DIALECT"].flatMap { $0.isEmpty ? nil : $0 } ?? "salesforce"
        guard CRMSessions.dialects.contains(dialect) else { throw Missing(description: CRMSessions.UnknownDialect(name: dialect).description) }
        return ConnectorEnvironment(
            crmDialect: dialect, crmURL: try need("SV_CRM_URL"), tokenURL: try need("SV_CRM_TOKEN_URL"), clientID: try need("SV_CRM_CLIENT_ID"),
            clientSecret: try need("SV_CRM_CLIENT_SECRET"),
            accessToken: variables["SV_CRM_ACCESS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            refreshToken: variables["SV_CRM_REFRESH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }, prmURL: try need("SV_PRM_URL"), prmKey: try need("SV_PRM_API_KEY"),
            alertURL: variables["SV_ALERT_URL"], configPath: variables["SV_CONFIG"], stateDirectory: variables["SV_STATE_DIR"],
            caBundle: variables["SV_CA_BUNDLE"], controlPort: variables["SV_CONTROL_PORT"].flatMap(UInt16.init),
            partnerCRMs: try variables["SV_SYSTEMS"].map(partnerCRMs(systemsFile:)) ?? [])
    }

    /// The partner CRMs the systems file lists (`sync-verifier/systems@1`).
    static func partnerCRMs(systemsFile path: String) throws -> [PartnerCRM] {
        guard let data = FileManager.default.contents(atPath: path),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let systems = root["systems"] as? [[String: Any]]
        else { throw Missing(description: "SV_SYSTEMS names '\(path)', which is not a readable systems file") }
        return try systems.filter { $0["role"] as? String == "partner" }.map { system in
            let variables = system["variables"] as? [String: String] ?? [:]
            guard let name = system["name"] as? String, let url = system["url"] as? String, let partner = system["partnerId"] as? String,
                let token = variables["SV_CRM_TOKEN_URL"], let id = variables["SV_CRM_CLIENT_ID"], let secret = variables["SV_CRM_CLIENT_SECRET"]
            else { throw Missing(description: "a partner CRM in \(path) lacks its name, url, partnerId or credentials") }
            return PartnerCRM(
                name: name, dialect: system["dialect"] as? String ?? "", partnerID: partner,
                credentials: CRMCredentials(
                    url: url, tokenURL: token, clientID: id, clientSecret: secret, accessToken: variables["SV_CRM_ACCESS_TOKEN"],
                    refreshToken: variables["SV_CRM_REFRESH_TOKEN"]))
        }
    }
}
