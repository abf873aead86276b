import FakeCRM
import FakeKit
import FakePRM
import Foundation
import HTTP

/// One scenario's simulated systems: the vendor's CRM, any partners' CRMs,
/// the PRM and the alert sink, each on its own kernel-chosen loopback port,
/// on one journal clock. Each system has its fault layer in front of it
/// (`inject`). `run` and `serve` both build their worlds here.
public final class World: Sendable {
    /// One system of the world, as the runner and the evidence see it.
    public struct Member: Sendable {
        public let id: SystemID
        public let role: SystemRole
        public let system: any SimulatedSystem
        /// A partner CRM's PRM partner ref.
        public let partner: String?
        let server: HTTPServer
        /// The servers of its companions (`CRMSystem.companions`), by name.
        let companionServers: [(name: String, server: HTTPServer)]
        public var url: String { server.baseURL }
        /// A companion's URL (Dynamics' `entra`).
        public func companionURL(_ name: String) -> String? { companionServers.first { $0.name == name }?.server.baseURL }
    }

    public let clock: JournalClock
    /// Every system, the vendor's CRM first and the PRM last.
    public let members: [Member]
    public let vendorCRMID: SystemID
    public let prmID: SystemID
    public let prm: PRMFake
    public let alerts: AlertSink
    let alertServer: HTTPServer
    /// The CA file connectors must trust (nil: plain HTTP): the fakes' test
    /// CA and, with the proxy, the run CA that signs production hostnames.
    public let caBundlePath: String?
    /// The intercepting proxy connectors reach production hostnames through (nil: plain HTTP, or not asked for).
    public let proxy: WorldProxy?
    /// `PYTHONPATH` with the certifi trust hook first (`PythonTrustHook`), when there is a CA to trust.
    let pythonPath: String?

    /// - Parameters:
    ///   - folder: where the TLS files go (the scenario's run folder).
    ///   - tls: serve HTTPS with the test CA (`serve --http` turns it off).
    ///   - admin: put each system's admin API (`/__admin`) on its port, as `serve` does.
    ///   - proxy: run the intercepting proxy (needs TLS).
    public init(plan: WorldPlan, folder: URL, tls: Bool = true, admin: (host: String, token: String?)? = nil, proxy useProxy: Bool = true) throws {
        clock = JournalClock()
        var tlsFiles: HTTPServer.Configuration.TLSFiles?
        var testCABundle: String?
        if tls {
            let files = try TLSIdentity.testOnly.write(to: folder.appendingPathComponent("tls"))
            tlsFiles = .init(files)
            testCABundle = files.caBundlePath
        }
        let configuration = HTTPServer.Configuration(tls: tlsFiles)
        func serve(_ system: any SimulatedSystem) throws -> HTTPServer {
            let handler = admin.map { system.adminHandler(boundHost: $0.host, adminToken: $0.token) } ?? system.handler
            let server = try HTTPServer(configuration: configuration, handler: handler)
            try server.start()
            return server
        }
        var members: [Member] = []
        var namespaces: [String: Int] = [:]
        for (index, crm) in plan.crms.enumerated() {
            let namespace = namespaces[crm.dialect.name, default: 0]
            namespaces[crm.dialect.name] = namespace + 1
            // Each system's fault generators get their own seed, so schedules do not mirror each other (the PRM keeps seed + 1).
            let seed = index == 0 ? plan.seed : plan.seed &+ 1 &+ UInt64(index)
            let system = try crm.dialect.makeSystem(CRMSystemSettings(
                name: crm.id.rawValue, org: crm.org, clock: clock, namespace: namespace, dailyAPILimit: crm.dailyAPILimit, faultSeed: seed))
            let server = try serve(system)
            var companions: [(name: String, server: HTTPServer)] = []
            for companion in system.companions {
                let companionServer = try HTTPServer(configuration: configuration, handler: companion.handler)
                try companionServer.start()
                companions.append((companion.name, companionServer))
            }
            system.companionsStarted(systemURL: server.baseURL, urls: Dictionary(uniqueKeysWithValues: companions.map { ($0.name, $0.server.baseURL) }))
            members.append(Member(id: crm.id, role: crm.role, system: system, partner: crm.partner, server: server, companionServers: companions))
        }
        prm = try PRMFake(
            program: plan.prm.program, clock: clock, rateLimit: plan.prm.rateLimit ?? 6000,
            rateLimitWindowSeconds: plan.prm.rateLimitWindowSeconds ?? 60, faultSeed: plan.seed &+ 1, system: plan.prm.id.rawValue)
        members.append(Member(id: plan.prm.id, role: .prm, system: prm, partner: nil, server: try serve(prm), companionServers: []))
        self.members = members
        vendorCRMID = plan.crms[0].id
        prmID = plan.prm.id
        alerts = AlertSink(clock: clock)
        alertServer = try HTTPServer(configuration: HTTPServer.Configuration(), handler: alerts)
        try alertServer.start()
        if useProxy, let testCABundle {
            // The vendor's CRM comes first, so a login host shared by several orgs reaches the vendor's.
            var routes = ProxyRoutes()
            for member in members {
                for host in (member.system as? any CRMSystem)?.productionHostnames ?? [] { routes.add(host, member.system.handler) }
            }
            routes.add(WorldProxy.prmHostname, prm.handler)
            let proxy = try WorldProxy(routes: routes, testCABundlePath: testCABundle, folder: folder.appendingPathComponent("proxy"))
            self.proxy = proxy
            caBundlePath = proxy.caBundlePath
        } else {
            proxy = nil
            caBundlePath = testCABundle
        }
        pythonPath = try caBundlePath.map { bundle in
            try PythonTrustHook.install(
                in: folder.appendingPathComponent("python"), caBundlePath: bundle, inherited: ProcessInfo.processInfo.environment["PYTHONPATH"])
        }
    }

    public var systemIDs: [SystemID] { members.map(\.id) }
    public func member(_ id: SystemID) -> Member? { members.first { $0.id == id } }
    public func role(of id: SystemID) -> SystemRole? { member(id)?.role }

    /// The vendor's CRM (`SV_CRM_*`).
    public var crm: any CRMSystem { crm(vendorCRMID)! }
    /// A CRM of the world by name.
    public func crm(_ id: SystemID) -> (any CRMSystem)? { member(id)?.system as? any CRMSystem }
    public var crmMembers: [Member] { members.filter(\.role.isCRM) }

    public var crmURL: String { url(vendorCRMID) }
    public var prmURL: String { url(prmID) }
    public func url(_ id: SystemID) -> String { member(id)!.url }
    public var alertURL: String { alertServer.baseURL + "/alerts" }

    /// Where the vendor CRM keeps deals, for the evidence.
    public var crmDeal: DealShape { crm.dialect.deal }

    /// The journal actor of the connector's writes on each system.
    public var connectorActors: [SystemID: String] {
        var actors: [SystemID: String] = [prmID: "api-key:connector"]
        for member in crmMembers { actors[member.id] = (member.system as! any CRMSystem).connectorActor }
        return actors
    }

    /// Fields the system stamps on every write: a CRM's dialect's system fields, the PRM's timestamps.
    public func stampedFields(_ id: SystemID) -> Set<String> {
        let system = system(id)
        guard let crm = system as? any CRMSystem else { return ["createdAt", "updatedAt"] }
        return Set(system.store.schema.objects.flatMap { $0.fields.map(\.name) }.filter(crm.dialect.isSystemField))
    }

    public func system(_ id: SystemID) -> any SimulatedSystem { member(id)!.system }
    public func store(_ id: SystemID) -> RecordStore { system(id).store }
    public func journal(_ id: SystemID) -> Journal { system(id).journal }
    public func requestLog(_ id: SystemID) -> RequestLog { system(id).requestLog }

    /// Injects a fault value on one system; the id clears it.
    public func inject(_ spec: FaultSpec, on id: SystemID) throws -> Int { try system(id).inject(spec) }

    public func clearFaults(on id: SystemID, id fault: Int?) { system(id).clearFaults(id: fault) }

    /// The contract's variables (docs/connector-contract.md): the vendor CRM's
    /// `SV_CRM_*`, the PRM's, and `SV_SYSTEMS`, the file describing every system.
    public func environment(configPath: String, stateDirectory: String, controlPort: UInt16?, systemsFile: String) -> [String: String] {
        var variables = Dictionary(uniqueKeysWithValues: contractVariables(systemsFile: systemsFile).map { ($0.name, $0.value) })
        variables["SV_CONFIG"] = configPath
        variables["SV_STATE_DIR"] = stateDirectory
        variables["SV_ALERT_URL"] = alertURL
        if let caBundlePath {
            for name in ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "URLSessionCertificateAuthorityInfoFile"] {
                variables[name] = caBundlePath
            }
        }
        if let proxy { variables.merge(proxy.environment) { _, proxied in proxied } }
        if let pythonPath { variables["PYTHONPATH"] = pythonPath }
        if let controlPort { variables["SV_CONTROL_PORT"] = String(controlPort) }
        return variables
    }

    /// The variables both `run` and `serve` give: vendor CRM, PRM, CA and the systems file, in print order.
    public func contractVariables(systemsFile: String) -> [(name: String, value: String)] {
        var variables = crm.connectorVariables(baseURL: crmURL)
        variables += [("SV_PRM_URL", prmURL), ("SV_PRM_API_KEY", prm.apiKey)]
        if let caBundlePath { variables.append(("SV_CA_BUNDLE", caBundlePath)) }
        if let proxy { variables.append(("SV_PROXY_URL", proxy.proxy.url)) }
        variables.append(("SV_SYSTEMS", systemsFile))
        return variables
    }

    /// Writes the `SV_SYSTEMS` file (`SystemsFile`) and returns its path.
    public func writeSystemsFile(to url: URL) throws -> String {
        try SystemsFile(world: self).data().write(to: url, options: .atomic)
        return url.path
    }

    public func stop() {
        for member in members {
            member.server.stop(gracePeriodSeconds: 1)
            for companion in member.companionServers { companion.server.stop(gracePeriodSeconds: 1) }
        }
        alertServer.stop(gracePeriodSeconds: 1)
        proxy?.stop()
    }
}
