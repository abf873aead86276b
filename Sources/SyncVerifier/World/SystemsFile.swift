import FakeCRM
import FakeKit
import Foundation

/// The file `SV_SYSTEMS` names: every system of the world with its role,
/// dialect, URLs and credentials, so a connector that syncs several CRMs has
/// one place to look (a single-CRM connector can keep to `SV_CRM_*`).
///
/// ```json
/// {"format": "sync-verifier/systems@1", "systems": [
///   {"name": "crm", "role": "vendor", "dialect": "salesforce", "url": "https://127.0.0.1:40001",
///    "variables": {"SV_CRM_TOKEN_URL": "…", "SV_CRM_CLIENT_ID": "…", "SV_CRM_CLIENT_SECRET": "…"}},
///   {"name": "acme-crm", "role": "partner", "partner": "acme", "partnerId": "a01…", …},
///   {"name": "prm", "role": "prm", "dialect": "prm", "url": "…", "variables": {"SV_PRM_API_KEY": "…"}}]}
/// ```
struct SystemsFile {
    static let format = "sync-verifier/systems@1"
    let world: World

    func data() throws -> Data {
        var systems: [OrderedJSON] = []
        for member in world.members {
            var pairs: [(String, OrderedJSON)] = [("name", .value(.string(member.id.rawValue))), ("role", .value(.string(member.role.rawValue)))]
            let variables: [(name: String, value: String)]
            if let crm = member.system as? any CRMSystem {
                pairs.append(("dialect", .value(.string(crm.dialect.name))))
                variables = crm.connectorVariables(baseURL: member.url).filter { !["SV_CRM_DIALECT", "SV_CRM_URL"].contains($0.name) }
            } else {
                pairs.append(("dialect", .value("prm")))
                variables = [("SV_PRM_API_KEY", world.prm.apiKey)]
            }
            if let partner = member.partner {
                pairs.append(("partner", .value(.string(partner))))
                if let id = world.prm.seededIDs[partner] { pairs.append(("partnerId", .value(.string(id)))) }
            }
            pairs.append(("url", .value(.string(member.url))))
            pairs.append(("variables", .object(variables.map { ($0.name, .value(.string($0.value))) })))
            systems.append(.object(pairs))
        }
        return OrderedJSON.object([("format", .value(.string(Self.format))), ("systems", .array(systems))]).serialized()
    }
}
