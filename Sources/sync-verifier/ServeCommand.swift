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
            SV_CRM_URL, SV_CRM_TOKEN_URL, SV_CRM_CLIENT_ID, SV_CRM_CLIENT_SECRET, for HubSpot also
            SV_CRM_ACCESS_TOKEN and SV_CRM_REFRESH_TOKEN, for Dynamics also SV_CRM_AUTHORITY (the Entra ID
            stand-in on its own port) and SV_CRM_TENANT_ID, SV_PRM_URL, SV_PRM_API_KEY, SV_CA_BUNDLE,
            SV_SYSTEMS, SV_ADMIN_URL) on standard output: one line of JSON by
            default, `export NAME='value'` lines with --env (for `. ./serve.env` in a shell), or
            NAME=value lines with --format dotenv. Then serves until Ctrl-C or SIGTERM, logging each
            request the connector made to standard error as the client saw it: the status it got, or
            that the connection was reset, closed mid-body or held open; admin calls are not logged.
            The admin API (faults, drift, reset, journal, request log) is on each fake's own port under
            /__admin: SV_ADMIN_URL is the CRM's; the PRM's is SV_PRM_URL + /__admin.
            --org takes an org file, a folder of Salesforce describe results, or a bundled org's
            name (Salesforce: \(OrgDefinition.bundledNames.joined(separator: ", ")), default partner-channel;
            HubSpot: \(OrgDefinition.bundledHubSpotNames.joined(separator: ", ")), default default, or a library org
            — Salesforce's bundled names, or an org file in their vocabulary — projected onto HubSpot;
            Dynamics: \(OrgDefinition.bundledDynamicsNames.joined(separator: ", ")), default default).
            --seed is a number, as in `run`: the seed of the fault layers' generators.
            --partner-crm acme=salesforce:partner-reseller adds the partner acme's own CRM; every
            system (its URL, credentials and admin API at URL/__admin) is in the SV_SYSTEMS file.
            --proxy also starts the intercepting proxy and prints SV_PROXY_URL: a client sent through it
            (HTTPS_PROXY) reaches the vendor org at login.salesforce.com, test.salesforce.com and its My
            Domain, and the PRM at \(WorldProxy.prmHostname); any other host is refused. SV_CA_BUNDLE then
            also holds the run CA that signs those hostnames' certificates.
            """,
        options: [
            OptionSpec("--crm", .value(name: "DIALECT"), help: "The vendor CRM's dialect: \(CRMDialects.names.joined(separator: ", ")) (default salesforce)."),
            OptionSpec(
                "--partner-crm", .repeated(name: "NAME[=DIALECT[:ORG]]"),
                help: "Also serve a partner's own CRM (repeatable): NAME is the program's partner ref, with or without -crm."),
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
        let dialect: any CRMDialect
        do {
            dialect = try CRMDialects.named(arguments.value("--crm") ?? "salesforce")
        } catch {
            throw UsageError("serve: --crm: \(error)")
        }
        if let seed = arguments.value("--seed"), UInt64(seed) == nil {
            throw ExitError(code: 2, "--seed takes a number (the fault seed, as in run); to name the org, use --org \(seed)")
        }
        if arguments.flag("--env"), let format = arguments.value("--format"), format != "env" {
            throw UsageError("serve: --env is --format env; it cannot go with --format \(format)")
        }
        let format = try arguments.flag("--env") ? "env" : (arguments.choice("--format", among: ["json", "env", "dotenv"]) ?? "json")
        let org = try loadOrg(arguments.value("--org") ?? dialect.defaultOrgName, dialect: dialect, option: "--org")
        let limit = try arguments.integer("--daily-api-limit", in: 1...100_000_000)
        let faultSeed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? arguments.integer("--fault-seed", in: 0...Int.max) ?? 0)
        var plan = try WorldPlan.standard(dialect: dialect, org: org, dailyAPILimit: limit, seed: faultSeed)
        plan.crms += try arguments.list("--partner-crm").map { try partnerCRM($0, program: plan.prm.program) }
        if Set(plan.crms.map(\.id)).count != plan.crms.count || plan.crms.contains(where: { $0.id == plan.prm.id }) {
            throw UsageError("serve: --partner-crm: every system needs its own name (crm and prm are taken)")
        }

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
        try? FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: runDirectory) }
        // The admin API needs a token only off loopback; serve binds loopback, so it is never asked for.
        let host = HTTPServer.Configuration().host
        let adminToken = AdminAPI.isLoopback(host) ? nil : UUID().uuidString
        // The same world `run` builds for a scenario, with each system's admin API on its port.
        if arguments.flag("--proxy") && arguments.flag("--http") {
            throw UsageError("serve: --proxy intercepts HTTPS; it cannot go with --http")
        }
        let world = try World(
            plan: plan, folder: runDirectory, tls: !arguments.flag("--http"), admin: (host, adminToken), proxy: arguments.flag("--proxy"))
        let systemsFile = try world.writeSystemsFile(to: runDirectory.appendingPathComponent("systems.json"))
        var variables = world.contractVariables(systemsFile: systemsFile)
        variables.append(("SV_ADMIN_URL", world.crmURL + AdminAPI.prefix))
        if let adminToken { variables.append(("SV_ADMIN_TOKEN", adminToken)) }
        FileHandle.standardOutput.write(Data(ServeVariables.render(variables, format: format).utf8))
        let partners = world.crmMembers.dropFirst().map { "\($0.id) (\($0.partner ?? "?"))" }
        FileHandle.standardError.write(Data((
            "serving \(dialect.displayName) org '\(org.name)' (\(Plural.of(world.crm.store.count, "record")))"
                + (partners.isEmpty ? "" : " and partner CRMs \(partners.joined(separator: ", "))") + "; Ctrl-C to stop\n").utf8))
        // The request log, not the handler's answer: a reset the fault layer made is a reset here too.
        let printer = RequestLogPrinter(logs: world.members.map { ($0.id.rawValue, $0.system.requestLog) }) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        printer.start()

        stopSignal.wait()
        world.stop()
        printer.stop()
        sources.forEach { $0.cancel() }
        return 0
    }

    static func loadOrg(_ name: String, dialect: any CRMDialect, option: String) throws -> OrgDefinition {
        do {
            return try dialect.resolveOrg(name, relativeTo: nil)
        } catch let error as CRMDialectError {
            throw ExitError(code: 2, "\(option): \(error)")
        }
    }

    /// `NAME[=DIALECT[:ORG]]`: a partner's own CRM, run by the program's partner of the same ref
    /// (`acme`), or by `NAME` without a trailing `-crm` (`acme-crm` is acme's).
    static func partnerCRM(_ text: String, program: Program) throws -> WorldPlan.CRM {
        let (name, rest) = text.split(separator: "=", maxSplits: 1).map(String.init).splitFirst
        guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
            throw UsageError("serve: --partner-crm '\(text)': the name takes lower-case letters, digits and '-' (NAME[=DIALECT[:ORG]])")
        }
        let parts = rest.map { $0.split(separator: ":", maxSplits: 1).map(String.init) } ?? []
        let dialect: any CRMDialect
        do {
            dialect = try CRMDialects.named(parts.first ?? "salesforce")
        } catch {
            throw UsageError("serve: --partner-crm '\(text)': \(error)")
        }
        let partner = name.hasSuffix("-crm") ? String(name.dropLast(4)) : name
        guard program.partners.contains(where: { $0.ref == partner }) else {
            throw UsageError("serve: --partner-crm '\(text)': no partner '\(partner)' in the program (partners: \(program.partners.map(\.ref).joined(separator: ", ")))")
        }
        let org = try loadOrg(parts.count > 1 ? parts[1] : dialect.defaultPartnerOrgName, dialect: dialect, option: "--partner-crm")
        return WorldPlan.CRM(id: SystemID(name), role: .partner, dialect: dialect, org: org, partner: partner)
    }
}

private extension Array where Element == String {
    /// The first element and the second, if any.
    var splitFirst: (String, String?) { (first ?? "", count > 1 ? self[1] : nil) }
}
