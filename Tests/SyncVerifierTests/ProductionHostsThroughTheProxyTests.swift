import FakeCRM
import FakeKit
import Foundation
import Testing

@testable import HTTP
@testable import SyncVerifier

/// A connector written against a CRM's production hosts reaches the world's
/// fake of that CRM through the intercepting proxy, over TLS the run's CA
/// vouches for; a host outside the world is refused and recorded.
@Suite(.tags(.socket), .timeLimit(.minutes(2))) struct ProductionHostsThroughTheProxyTests {
    final class ProxiedWorld: Sendable {
        let world: World
        let folder: URL

        init(_ dialect: any CRMDialect) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sv-hosts-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            world = try World(plan: WorldPlan.standard(dialect: dialect, seed: 1), folder: folder)
        }

        deinit {
            world.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        var variables: [String: String] { world.environment(configPath: "", stateDirectory: "", controlPort: nil, systemsFile: "") }

        /// One request through a tunnel to `host`, and the answer.
        func get(_ path: String, on host: String, headers: String = "") throws -> HTTPClientResponse {
            let proxy = try ClientEndpoint(url: world.proxy!.proxy.url + "/")
            let tls = try TLSClientContext(caFile: world.caBundlePath ?? "")
            let connection = try ClientConnection.tunnel(through: proxy, to: host, timeoutSeconds: 10, tls: tls)
            defer { connection.close() }
            let deadline = ContinuousClock.now + .seconds(10)
            try connection.write(Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\(headers)Connection: close\r\n\r\n".utf8), until: deadline)
            return try connection.readResponse(to: .get, limits: HTTPClient.Configuration(), until: deadline).0
        }
    }

    @Test(arguments: HubSpotFake.apiHostnames)
    func hubSpotsAPIHostsReachThePortal(host: String) throws {
        let proxied = try ProxiedWorld(HubSpotDialect())
        let token = try #require(proxied.variables["SV_CRM_ACCESS_TOKEN"])
        let response = try proxied.get("/crm/v3/objects/companies?limit=2", on: host, headers: "Authorization: Bearer \(token)\r\n")
        #expect(response.status.code == 200, "\(response.text.prefix(300))")
        let page = try JSONParser.parse(response.body)
        #expect(page["results"]?.arrayValue?.count == 2, "\(response.text.prefix(300))")
        #expect(proxied.world.proxy!.refusals.isEmpty)
    }

    @Test func salesforcesLoginHostAndMyDomainReachTheOrg() throws {
        let proxied = try ProxiedWorld(SalesforceDialect())
        let hosts = (proxied.world.member(.crm)!.system as! any CRMSystem).productionHostnames
        #expect(hosts.contains("login.salesforce.com") && hosts.contains { $0.hasSuffix(".my.salesforce.com") })
        for host in hosts {
            let response = try proxied.get("/services/data", on: host)
            #expect(response.status.code == 200, "\(host): \(response.text.prefix(200))")
        }
    }

    @Test func aHostOutsideTheWorldIsRefusedAndRecorded() throws {
        let proxied = try ProxiedWorld(HubSpotDialect())
        #expect(throws: HTTPClientError.self) { try proxied.get("/", on: "collector.example.net") }
        let refusals = proxied.world.proxy!.refusals
        #expect(refusals.map(\.host) == ["collector.example.net"] && refusals.first?.port == 443)
    }
}
