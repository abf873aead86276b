import CommandLineKit
import FakeCRM
import FakeKit
import FakePRM
import Foundation
import HTTP

/// `sync-verifier serve`: the fakes on loopback, like a local sandbox org,
/// for developing a connector by hand.
enum ServeCommand {
    static let spec = CommandSpec(
        name: "serve",
        abstract: "Run the simulated CRM and PRM on loopback until interrupted.",
        discussion: """
            Prints one line of JSON on standard output once the servers listen: the SV_* variables
            a connector is given (SV_CRM_DIALECT, SV_CRM_URL, SV_CRM_TOKEN_URL, SV_CRM_CLIENT_ID,
            SV_CRM_CLIENT_SECRET, SV_PRM_URL, SV_PRM_API_KEY, SV_CA_BUNDLE, SV_ADMIN_URL). Requests are
            logged to standard error. Ctrl-C stops it.
            The admin API (faults, drift, reset, journal, request log) is on each fake's own port under
            /__admin: SV_ADMIN_URL is the CRM's; the PRM's is SV_PRM_URL + /__admin.
            --seed takes an org file, a folder of Salesforce describe results, or a bundled org's
            name (\(OrgDefinition.bundledNames.joined(separator: ", "))); the default is partner-channel.
            """,
        options: [
            OptionSpec("--crm", .value(name: "DIALECT"), help: "CRM dialect: salesforce (default)."),
            OptionSpec("--seed", .value(name: "FILE"), help: "Org file, describe folder or bundled org name."),
            OptionSpec("--http", help: "Serve plain HTTP instead of HTTPS."),
            OptionSpec("--daily-api-limit", .value(name: "N"), help: "DailyApiRequests of the org (default 100000)."),
            OptionSpec("--fault-seed", .value(name: "N"), help: "Seed of the fault layers' generators (default 0): same seed, same schedule."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let dialect = try arguments.choice("--crm", among: ["salesforce", "hubspot", "dynamics"]) ?? "salesforce"
        guard dialect == "salesforce" else {
            throw ExitError(code: 2, "the \(dialect) dialect is not available yet; only salesforce is")
        }
        let org = try loadOrg(arguments.value("--seed") ?? "partner-channel")

        // Signals are caught before the port is announced, so a supervisor
        // that reads the line and at once sends SIGTERM still gets a clean stop.
        let stopSignal = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopSignal.signal() }
            source.resume()
            sources.append(source)
        }

        let runDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-verifier-serve-\(getpid())")
        defer { try? FileManager.default.removeItem(at: runDirectory) }
        var tls: HTTPServer.Configuration.TLSFiles?
        var caBundle: String?
        if !arguments.flag("--http") {
            let files = try TLSIdentity.testOnly.write(to: runDirectory.appendingPathComponent("tls"))
            tls = .init(files)
            caBundle = files.caBundlePath
        }

        let clock = JournalClock()
        let limit = try arguments.integer("--daily-api-limit", in: 1...100_000_000) ?? 100_000
        let faultSeed = UInt64(try arguments.integer("--fault-seed", in: 0...Int.max) ?? 0)
        let configuration = HTTPServer.Configuration(tls: tls)
        // The admin API needs a token only off loopback; serve binds loopback, so it is never asked for.
        let adminToken = AdminAPI.isLoopback(configuration.host) ? nil : UUID().uuidString
        let crm = try SalesforceFake(org: org, clock: clock, dailyAPILimit: limit, faultSeed: faultSeed)
        let crmServer = try HTTPServer(
            configuration: configuration,
            handler: crm.adminHandler(boundHost: configuration.host, adminToken: adminToken)
                .with(AccessLogMiddleware(label: "crm", sink: AccessLogMiddleware.standardError)))
        try crmServer.start()
        // The PRM's generators get their own seed, so its schedule does not mirror the CRM's.
        let prm = try PRMFake(program: .bundled("default"), clock: clock, faultSeed: faultSeed &+ 1)
        let prmServer = try HTTPServer(
            configuration: configuration,
            handler: prm.adminHandler(boundHost: configuration.host, adminToken: adminToken)
                .with(AccessLogMiddleware(label: "prm", sink: AccessLogMiddleware.standardError)))
        try prmServer.start()

        var variables: [(String, String)] = [
            ("SV_CRM_DIALECT", dialect), ("SV_CRM_URL", crmServer.baseURL),
            ("SV_CRM_TOKEN_URL", crmServer.baseURL + "/services/oauth2/token"), ("SV_CRM_CLIENT_ID", crm.client.id),
            ("SV_CRM_CLIENT_SECRET", crm.client.secret), ("SV_PRM_URL", prmServer.baseURL), ("SV_PRM_API_KEY", prm.apiKey),
        ]
        if let caBundle { variables.append(("SV_CA_BUNDLE", caBundle)) }
        variables.append(("SV_ADMIN_URL", crmServer.baseURL + AdminAPI.prefix))
        if let adminToken { variables.append(("SV_ADMIN_TOKEN", adminToken)) }
        let line = OrderedJSON.object(variables.map { ($0.0, .value(.string($0.1))) }).text + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        FileHandle.standardError.write(Data("serving org '\(org.name)' (\(crm.store.count) records); Ctrl-C to stop\n".utf8))

        stopSignal.wait()
        crmServer.stop(gracePeriodSeconds: 2)
        prmServer.stop(gracePeriodSeconds: 2)
        sources.forEach { $0.cancel() }
        return 0
    }

    static func loadOrg(_ name: String) throws -> OrgDefinition {
        if FileManager.default.fileExists(atPath: name) { return try OrgDefinition.load(path: name) }
        if OrgDefinition.bundledNames.contains(name) { return try OrgDefinition.bundled(name) }
        throw ExitError(code: 2, "--seed: '\(name)' is neither a file, a folder nor a bundled org (\(OrgDefinition.bundledNames.joined(separator: ", ")))")
    }
}
