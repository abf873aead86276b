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
            SV_CRM_URL, SV_CRM_TOKEN_URL, SV_CRM_CLIENT_ID, SV_CRM_CLIENT_SECRET, and for HubSpot
            SV_CRM_ACCESS_TOKEN and SV_CRM_REFRESH_TOKEN; SV_PRM_URL, SV_PRM_API_KEY, SV_CA_BUNDLE,
            SV_ADMIN_URL) on standard output: one line of JSON by
            default, `export NAME='value'` lines with --env (for `. ./serve.env` in a shell), or
            NAME=value lines with --format dotenv. Then serves until Ctrl-C or SIGTERM, logging each
            request the connector made to standard error as the client saw it: the status it got, or
            that the connection was reset, closed mid-body or held open; admin calls are not logged.
            The admin API (faults, drift, reset, journal, request log) is on each fake's own port under
            /__admin: SV_ADMIN_URL is the CRM's; the PRM's is SV_PRM_URL + /__admin.
            --crm picks the dialect (\(CRMDialects.names.joined(separator: ", "))). --org takes an org file,
            a folder of Salesforce describe results, or a bundled org's name (Salesforce:
            \(OrgDefinition.bundledNames.joined(separator: ", ")), default partner-channel; HubSpot:
            \(OrgDefinition.bundledHubSpotNames.joined(separator: ", ")), default default).
            --seed is a number, as in `run`: the seed of the fault layers' generators.
            """,
        options: [
            OptionSpec("--crm", .value(name: "DIALECT"), help: "CRM dialect: salesforce (default) or hubspot."),
            OptionSpec("--org", .value(name: "ORG"), help: "Org file, describe folder or bundled org name (default: the dialect's)."),
            OptionSpec("--seed", .value(name: "N"), help: "Seed of the fault layers' generators (default 0): same seed, same schedule."),
            OptionSpec("--fault-seed", .value(name: "N"), help: "The same as --seed (its earlier name)."),
            OptionSpec("--env", help: "Print the variables as shell `export` lines (the same as --format env)."),
            OptionSpec("--format", .value(name: "FORMAT"), help: "json (default: one line), env (export lines) or dotenv (NAME=value lines)."),
            OptionSpec("--http", help: "Serve plain HTTP instead of HTTPS."),
            OptionSpec("--daily-api-limit", .value(name: "N"), help: "The org's daily API allowance (default: Salesforce 100000, HubSpot 625000)."),
        ],
        run: run)

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let dialectName = try arguments.choice("--crm", among: CRMDialects.names) ?? "salesforce"
        let dialect = try CRMDialects.named(dialectName)
        if let seed = arguments.value("--seed"), UInt64(seed) == nil {
            throw ExitError(code: 2, "--seed takes a number (the fault seed, as in run); to name the org, use --org \(seed)")
        }
        if arguments.flag("--env"), let format = arguments.value("--format"), format != "env" {
            throw UsageError("serve: --env is --format env; it cannot go with --format \(format)")
        }
        let format = try arguments.flag("--env") ? "env" : (arguments.choice("--format", among: ["json", "env", "dotenv"]) ?? "json")
        // Salesforce's default is its partner-channel org; a dialect without one serves its first bundled org.
        let defaultOrg = dialect.bundledOrgNames.contains("partner-channel") ? "partner-channel" : (dialect.bundledOrgNames.first ?? "default")
        let org = try loadOrg(arguments.value("--org") ?? defaultOrg, dialect: dialect)

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
        let limit = try arguments.integer("--daily-api-limit", in: 1...100_000_000)
        let faultSeed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? arguments.integer("--fault-seed", in: 0...Int.max) ?? 0)
        let configuration = HTTPServer.Configuration(tls: tls)
        // The admin API needs a token only off loopback; serve binds loopback, so it is never asked for.
        let adminToken = AdminAPI.isLoopback(configuration.host) ? nil : UUID().uuidString
        let crm = try dialect.makeSystem(CRMSystemSettings(name: "crm", org: org, clock: clock, dailyAPILimit: limit, faultSeed: faultSeed))
        let crmServer = try HTTPServer(configuration: configuration, handler: crm.adminHandler(boundHost: configuration.host, adminToken: adminToken))
        try crmServer.start()
        // The PRM's generators get their own seed, so its schedule does not mirror the CRM's.
        let prm = try PRMFake(program: .bundled("default"), clock: clock, faultSeed: faultSeed &+ 1)
        let prmServer = try HTTPServer(configuration: configuration, handler: prm.adminHandler(boundHost: configuration.host, adminToken: adminToken))
        try prmServer.start()

        var variables: [(String, String)] = crm.connectorVariables(baseURL: crmServer.baseURL).map { ($0.name, $0.value) }
        variables += [("SV_PRM_URL", prmServer.baseURL), ("SV_PRM_API_KEY", prm.apiKey)]
        if let caBundle { variables.append(("SV_CA_BUNDLE", caBundle)) }
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
        printer.stop()
        sources.forEach { $0.cancel() }
        return 0
    }

    static func loadOrg(_ name: String, dialect: any CRMDialect) throws -> OrgDefinition {
        if FileManager.default.fileExists(atPath: name) { return try dialect.loadOrg(path: name) }
        if dialect.bundledOrgNames.contains(name) { return try dialect.bundledOrg(name) }
        throw ExitError(
            code: 2, "--org: '\(name)' is neither a file, a folder nor a bundled \(dialect.displayName) org (\(dialect.bundledOrgNames.joined(separator: ", ")))")
    }
}
