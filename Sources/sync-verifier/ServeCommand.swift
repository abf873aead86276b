import CommandLineKit
import FakeCRM
import FakeKit
import FakePRM
import Foundation
import HTTP
import Synchronization
import SyncVerifier

/// `sync-verifier serve`: the fakes on loopback, like a local sandbox org,
/// for developing a connector by hand.
enum ServeCommand {
    static let spec = CommandSpec(
        name: "serve",
        abstract: "Run the simulated CRM and PRM on loopback until interrupted.",
        discussion: """
            Once the servers listen, prints the SV_* variables a connector is given (SV_CRM_DIALECT,
            SV_CRM_URL, SV_CRM_TOKEN_URL, SV_CRM_CLIENT_ID, SV_CRM_CLIENT_SECRET, SV_PRM_URL,
            SV_PRM_API_KEY, SV_CA_BUNDLE, SV_ADMIN_URL) on standard output: one line of JSON by
            default, `export NAME='value'` lines with --env (for `. ./serve.env` in a shell), or
            NAME=value lines with --format dotenv. Then serves until Ctrl-C or SIGTERM, logging each
            request the connector made to standard error as the client saw it: the status it got, or
            that the connection was reset, closed mid-body or held open; admin calls are not logged.
            The admin API (faults, drift, reset, journal, request log) is on each fake's own port under
            /__admin: SV_ADMIN_URL is the CRM's; the PRM's is SV_PRM_URL + /__admin.
            --org takes an org file, a folder of Salesforce describe results, or a bundled org's
            name (\(OrgDefinition.bundledNames.joined(separator: ", "))); the default is partner-channel.
            --seed is a number, as in `run`: the seed of the fault layers' generators.
            --proxy also starts the intercepting proxy and prints SV_PROXY_URL: a client sent through
            it (HTTPS_PROXY) reaches the org at login.salesforce.com, test.salesforce.com and its My
            Domain, and the PRM at \(WorldProxy.prmHostname); any other host is refused. SV_CA_BUNDLE
            then also holds the run CA that signs those hostnames' certificates.
            """,
        options: [
            OptionSpec("--crm", .value(name: "DIALECT"), help: "CRM dialect: salesforce (default)."),
            OptionSpec("--org", .value(name: "ORG"), help: "Org file, describe folder or bundled org name (default partner-channel)."),
            OptionSpec("--seed", .value(name: "N"), help: "Seed of the fault layers' generators (default 0): same seed, same schedule."),
            OptionSpec("--fault-seed", .value(name: "N"), help: "The same as --seed (its earlier name)."),
            OptionSpec("--env", help: "Print the variables as shell `export` lines (the same as --format env)."),
            OptionSpec("--format", .value(name: "FORMAT"), help: "json (default: one line), env (export lines) or dotenv (NAME=value lines)."),
            OptionSpec("--http", help: "Serve plain HTTP instead of HTTPS."),
            OptionSpec("--proxy", help: "Also run the intercepting proxy for production hostnames; prints SV_PROXY_URL."),
            OptionSpec("--daily-api-limit", .value(name: "N"), help: "DailyApiRequests of the org (default 100000)."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let dialect = try arguments.choice("--crm", among: ["salesforce", "hubspot", "dynamics"]) ?? "salesforce"
        guard dialect == "salesforce" else {
            throw ExitError(code: 2, "the \(dialect) dialect is not available yet; only salesforce is")
        }
        if let seed = arguments.value("--seed"), UInt64(seed) == nil {
            throw ExitError(code: 2, "--seed takes a number (the fault seed, as in run); to name the org, use --org \(seed)")
        }
        if arguments.flag("--env"), let format = arguments.value("--format"), format != "env" {
            throw UsageError("serve: --env is --format env; it cannot go with --format \(format)")
        }
        if arguments.flag("--proxy") && arguments.flag("--http") {
            throw UsageError("serve: --proxy intercepts HTTPS; it cannot go with --http")
        }
        let format = try arguments.flag("--env") ? "env" : (arguments.choice("--format", among: ["json", "env", "dotenv"]) ?? "json")
        let org = try loadOrg(arguments.value("--org") ?? "partner-channel")

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
        let faultSeed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? arguments.integer("--fault-seed", in: 0...Int.max) ?? 0)
        let configuration = HTTPServer.Configuration(tls: tls)
        // The admin API needs a token only off loopback; serve binds loopback, so it is never asked for.
        let adminToken = AdminAPI.isLoopback(configuration.host) ? nil : UUID().uuidString
        let crm = try SalesforceFake(org: org, clock: clock, dailyAPILimit: limit, faultSeed: faultSeed)
        let crmServer = try HTTPServer(configuration: configuration, handler: crm.adminHandler(boundHost: configuration.host, adminToken: adminToken))
        try crmServer.start()
        // The PRM's generators get their own seed, so its schedule does not mirror the CRM's.
        let prm = try PRMFake(program: .bundled("default"), clock: clock, faultSeed: faultSeed &+ 1)
        let prmServer = try HTTPServer(configuration: configuration, handler: prm.adminHandler(boundHost: configuration.host, adminToken: adminToken))
        try prmServer.start()

        var variables: [(String, String)] = [
            ("SV_CRM_DIALECT", dialect), ("SV_CRM_URL", crmServer.baseURL),
            ("SV_CRM_TOKEN_URL", crmServer.baseURL + "/services/oauth2/token"), ("SV_CRM_CLIENT_ID", crm.client.id),
            ("SV_CRM_CLIENT_SECRET", crm.client.secret), ("SV_PRM_URL", prmServer.baseURL), ("SV_PRM_API_KEY", prm.apiKey),
        ]
        var proxy: WorldProxy?
        if arguments.flag("--proxy"), let caBundle {
            proxy = try WorldProxy(crm: crm, prmHandler: prm.handler, testCABundlePath: caBundle, folder: runDirectory.appendingPathComponent("proxy"))
        }
        if let caBundle { variables.append(("SV_CA_BUNDLE", proxy?.caBundlePath ?? caBundle)) }
        if let proxy { variables.append(("SV_PROXY_URL", proxy.proxy.url)) }
        variables.append(("SV_ADMIN_URL", crmServer.baseURL + AdminAPI.prefix))
        if let adminToken { variables.append(("SV_ADMIN_TOKEN", adminToken)) }
        FileHandle.standardOutput.write(Data(ServeVariables.render(variables, format: format).utf8))
        FileHandle.standardError.write(Data("serving org '\(org.name)' (\(Plural.of(crm.store.count, "record"))); Ctrl-C to stop\n".utf8))
        // The request log, not the handler's answer: a reset the fault layer made is a reset here too.
        let printer = RequestLogPrinter(logs: [("crm", crm.requestLog), ("prm", prm.requestLog)]) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        printer.start()

        stopSignal.wait()
        crmServer.stop(gracePeriodSeconds: 2)
        prmServer.stop(gracePeriodSeconds: 2)
        proxy?.stop()
        printer.stop()
        sources.forEach { $0.cancel() }
        return 0
    }

    static func loadOrg(_ name: String) throws -> OrgDefinition {
        if FileManager.default.fileExists(atPath: name) { return try OrgDefinition.load(path: name) }
        if OrgDefinition.bundledNames.contains(name) { return try OrgDefinition.bundled(name) }
        throw ExitError(code: 2, "--seed: '\(name)' is neither a file, a folder nor a bundled org (\(OrgDefinition.bundledNames.joined(separator: ", ")))")
    }
}
