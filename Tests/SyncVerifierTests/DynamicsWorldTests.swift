import FakeCRM
import FakeKit
import Foundation
import HTTP
import Testing
@testable import SyncVerifier

/// A world whose vendor CRM is Dataverse: its Entra ID stand-in is a
/// companion server on a port of its own, over the same TLS, named in the
/// contract, and stopped with the world.
@Suite("A Dynamics world", .tags(.socket))
struct DynamicsWorldTests {
    @Test func entraListensBesideTheOrgAndItsTokensOpenTheWebAPI() throws {
        let dialect = try CRMDialects.named("dynamics")
        let plan = try WorldPlan.standard(dialect: dialect, org: try dialect.bundledOrg("default"), seed: 1)
        let world = try World(plan: plan, folder: TestPaths.temporaryFolder("dynamics-world"), proxy: false)
        let variables = Dictionary(uniqueKeysWithValues: world.contractVariables(systemsFile: "/dev/null").map { ($0.name, $0.value) })
        let orgURL = try #require(variables["SV_CRM_URL"])
        let authority = try #require(variables["SV_CRM_AUTHORITY"])
        let tenant = try #require(variables["SV_CRM_TENANT_ID"])
        #expect(variables["SV_CRM_DIALECT"] == "dynamics")
        #expect(authority.hasPrefix("https://127.0.0.1:") && authority != orgURL)
        #expect(world.member(world.vendorCRMID)?.companionURL("entra") == authority)
        #expect(variables["SV_CRM_TOKEN_URL"] == "\(authority)/\(tenant)/oauth2/v2.0/token")

        var configuration = HTTPClient.Configuration()
        configuration.caBundlePath = world.caBundlePath
        let client = HTTPClient(configuration: configuration)
        let form = "grant_type=client_credentials&client_id=\(variables["SV_CRM_CLIENT_ID"] ?? "")&client_secret=\(variables["SV_CRM_CLIENT_SECRET"] ?? "")&scope=\(orgURL)/.default"
        let granted = try client.send(
            .post, try #require(variables["SV_CRM_TOKEN_URL"]), headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8))
        #expect(granted.status.code == 200)
        let token = try #require(try JSONParser.parse(granted.body)["access_token"]?.stringValue)
        let whoAmI = try client.send(.get, orgURL + "/api/data/v9.2/WhoAmI", headers: ["Authorization": "Bearer \(token)"])
        #expect(whoAmI.status.code == 200)
        #expect(try JSONParser.parse(whoAmI.body)["UserId"]?.stringValue == (world.crm as? DynamicsFake)?.applicationUserID)
        #expect(world.crm.requestLog.entries.count >= 1, "the Web API call is the connector's traffic")

        world.stop()
        client.closeIdleConnections()
        #expect(throws: HTTPClientError.self) { try HTTPClient(configuration: configuration).send(.get, authority + "/\(tenant)/v2.0/.well-known/openid-configuration") }
    }
}
