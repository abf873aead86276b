import Foundation

/// The contract's variables (docs/connector-contract.md), read once at start.
struct ConnectorEnvironment: Sendable {
    let crmURL: String
    let tokenURL: String
    let clientID: String
    let clientSecret: String
    let prmURL: String
    let prmKey: String
    let alertURL: String?
    let configPath: String?
    let stateDirectory: String?
    let caBundle: String?
    let controlPort: UInt16?

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func read(_ variables: [String: String] = ProcessInfo.processInfo.environment) throws -> ConnectorEnvironment {
        func need(_ name: String) throws -> String {
            guard let value = variables[name], !value.isEmpty else { throw Missing(description: "\(name) is not set: start me through sync-verifier (see the connector contract)") }
            return value
        }
        return ConnectorEnvironment(
            crmURL: try need("SV_CRM_URL"), tokenURL: try need("SV_CRM_TOKEN_URL"), clientID: try need("SV_CRM_CLIENT_ID"),
            clientSecret: try need("SV_CRM_CLIENT_SECRET"), prmURL: try need("SV_PRM_URL"), prmKey: try need("SV_PRM_API_KEY"),
            alertURL: variables["SV_ALERT_URL"], configPath: variables["SV_CONFIG"], stateDirectory: variables["SV_STATE_DIR"],
            caBundle: variables["SV_CA_BUNDLE"], controlPort: variables["SV_CONTROL_PORT"].flatMap(UInt16.init))
    }
}
