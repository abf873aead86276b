import FakeCRM
import FakeKit
import FakePRM
import Foundation
import HTTP

/// One scenario's simulated systems: the CRM, the PRM and the alert sink,
/// each on its own kernel-chosen loopback port, on one journal clock. Each
/// fake has its fault layer in front of it (`inject`).
public final class World: Sendable {
    public let clock: JournalClock
    /// Where this world's CRM keeps deals (Salesforce: `Opportunity.StageName`, `Amount`), for the evidence.
    public let crmDeal = DealShape(object: "Opportunity", stageField: "StageName", wonStages: ["Closed Won"], amountField: "Amount")
    public let crm: SalesforceFake
    public let prm: PRMFake
    public let alerts: AlertSink
    let crmServer: HTTPServer
    let prmServer: HTTPServer
    let alertServer: HTTPServer
    /// The CA file connectors must trust: the fakes' test CA and the proxy's run CA.
    public let caBundlePath: String
    /// The intercepting proxy connectors reach production hostnames through.
    public let proxy: WorldProxy
    /// `PYTHONPATH` with the certifi trust hook first (`PythonTrustHook`).
    let pythonPath: String

    /// - Parameter folder: where the TLS files go (the scenario's run folder).
    public init(org: OrgDefinition, program: Program, setup: Scenario.CRMSetup, prmSetup: Scenario.PRMSetup, seed: UInt64, folder: URL) throws {
        clock = JournalClock()
        crm = try SalesforceFake(org: org, clock: clock, dailyAPILimit: setup.dailyApiLimit ?? 100_000, faultSeed: seed)
        prm = try PRMFake(
            program: program, clock: clock, rateLimit: prmSetup.rateLimit ?? 6000,
            rateLimitWindowSeconds: prmSetup.rateLimitWindowSeconds ?? 60, faultSeed: seed &+ 1)
        alerts = AlertSink(clock: clock)
        let files = try TLSIdentity.testOnly.write(to: folder.appendingPathComponent("tls"))
        proxy = try WorldProxy(crm: crm, prmHandler: prm.handler, testCABundlePath: files.caBundlePath, folder: folder.appendingPathComponent("proxy"))
        caBundlePath = proxy.caBundlePath
        pythonPath = try PythonTrustHook.install(
            in: folder.appendingPathComponent("python"), caBundlePath: caBundlePath, inherited: ProcessInfo.processInfo.environment["PYTHONPATH"])
        let configuration = HTTPServer.Configuration(tls: .init(files))
        crmServer = try HTTPServer(configuration: configuration, handler: crm.handler)
        prmServer = try HTTPServer(configuration: configuration, handler: prm.handler)
        alertServer = try HTTPServer(configuration: HTTPServer.Configuration(), handler: alerts)
        try crmServer.start()
        try prmServer.start()
        try alertServer.start()
    }

    public var crmURL: String { crmServer.baseURL }
    public var prmURL: String { prmServer.baseURL }
    public var alertURL: String { alertServer.baseURL + "/alerts" }

    /// The journal actor of the connector's writes on each side.
    public var connectorActors: [Side: String] { [.crm: crm.client.id, .prm: "api-key:connector"] }

    public func store(_ side: Side) -> RecordStore { side == .crm ? crm.store : prm.store }
    public func journal(_ side: Side) -> Journal { side == .crm ? crm.journal : prm.journal }
    public func requestLog(_ side: Side) -> RequestLog { side == .crm ? crm.requestLog : prm.requestLog }

    /// Injects a fault value on one side; the id clears it.
    public func inject(_ spec: FaultSpec, on side: Side) throws -> Int {
        side == .crm ? try crm.inject(spec) : try prm.inject(spec)
    }

    public func clearFaults(on side: Side, id: Int?) {
        if side == .crm { crm.clearFaults(id: id) } else { prm.clearFaults(id: id) }
    }

    /// The contract's variables (docs/connector-contract.md).
    public func environment(configPath: String, stateDirectory: String, controlPort: UInt16?) -> [String: String] {
        var variables = [
            "SV_CRM_DIALECT": "salesforce", "SV_CRM_URL": crmURL, "SV_CRM_TOKEN_URL": crmURL + "/services/oauth2/token",
            "SV_CRM_CLIENT_ID": crm.client.id, "SV_CRM_CLIENT_SECRET": crm.client.secret,
            "SV_PRM_URL": prmURL, "SV_PRM_API_KEY": prm.apiKey, "SV_ALERT_URL": alertURL,
            "SV_CONFIG": configPath, "SV_STATE_DIR": stateDirectory, "SV_CA_BUNDLE": caBundlePath,
            "SSL_CERT_FILE": caBundlePath, "REQUESTS_CA_BUNDLE": caBundlePath, "NODE_EXTRA_CA_CERTS": caBundlePath,
            "CURL_CA_BUNDLE": caBundlePath, "URLSessionCertificateAuthorityInfoFile": caBundlePath,
        ]
        variables.merge(proxy.environment) { _, proxied in proxied }
        variables["PYTHONPATH"] = pythonPath
        if let controlPort { variables["SV_CONTROL_PORT"] = String(controlPort) }
        return variables
    }

    public func stop() {
        crmServer.stop(gracePeriodSeconds: 1)
        prmServer.stop(gracePeriodSeconds: 1)
        alertServer.stop(gracePeriodSeconds: 1)
        proxy.stop()
    }
}
