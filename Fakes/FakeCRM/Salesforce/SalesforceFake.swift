import FakeKit
import Foundation
import HTTP

/// The simulated Salesforce org: a record store loaded from an org
/// definition, its OAuth clients, its API usage, and the REST API over them.
///
/// ```swift
/// let fake = try SalesforceFake(org: .bundled("partner-channel"), clock: JournalClock())
/// let server = try HTTPServer(configuration: .init(tls: …), handler: fake.handler)
/// try fake.inject(.throttle(ThrottleFault(limit: 100, windowSeconds: 60)))
/// ```
public final class SalesforceFake: Sendable {
    public let store: RecordStore
    public let journal: Journal
    public let oauth: OAuthRegistry
    public let usage: APIUsage
    public let org: OrgDefinition
    /// The connected app a connector logs in with.
    public let client: OAuthRegistry.Client
    /// The User id that writes by the connector's client are attributed to.
    public let integrationUserID: String?
    /// Seed records by their `ref` in the org file.
    public let seededIDs: [String: String]
    /// The REST API behind its fault layer (`faults`), which also writes the request log.
    public let handler: any HTTPHandler
    /// The REST API alone, without the fault layer or the request log (the
    /// fault benchmark measures what the layer costs against it).
    public let api: any HTTPHandler
    /// The fault layer in front of the REST API: latency, outages, throttling.
    public let faults: FaultPipeline
    /// Every request the API received, with what the fault layer did to it.
    public let requestLog: RequestLog

    /// - Parameters:
    ///   - clientID, clientSecret: the connected app to register (a random secret by default).
    ///   - dailyAPILimit: `DailyApiRequests` Max.
    ///   - faultSeed: the seed of the fault layer's generators (same seed, same schedule).
    public init(
        org: OrgDefinition, clock: JournalClock, clientID: String = "sync-verifier-connector", clientSecret: String? = nil,
        dailyAPILimit: Int = 100_000, faultSeed: UInt64 = 0
    ) throws {
        self.org = org
        journal = Journal(system: "crm", clock: clock)
        store = RecordStore(
            system: "crm", schema: SalesforceSchema.augment(org.schema), journal: journal, ids: SalesforceIDGenerator(),
            derivation: SalesforceDerivation())
        // Record types are records too (SELECT … FROM RecordType), with the ids the org file gives.
        if store.schema.object("RecordType") != nil {
            for object in store.schema.objects {
                for type in object.recordTypes {
                    _ = try store.create(
                        "RecordType",
                        ["Name": .string(type.name), "DeveloperName": .string(type.developerName), "SobjectType": .string(object.name), "IsActive": .bool(type.active)],
                        id: type.id, actor: "harness", channel: "seed")
                }
            }
        }
        seededIDs = try org.seed(into: store, actor: "harness")
        oauth = OAuthRegistry(clock: clock)
        client = oauth.addClient(id: clientID, secret: clientSecret ?? OAuthRegistry.randomToken(32))
        usage = APIUsage(limit: dailyAPILimit)
        // The connected app runs as a dedicated integration user, as real
        // orgs set it up, so a connector can tell its own changes
        // (LastModifiedById) from everyone else's, seed data included.
        var users = store.records(of: "User")
        if store.schema.object("User") != nil, !users.contains(where: { ($0["Username"].stringValue ?? "").hasPrefix("integration@") }) {
            let domain = users.first.flatMap { $0["Username"].stringValue?.split(separator: "@").last.map(String.init) } ?? "example.com"
            var fields: [String: JSONValue] = ["Username": .string("integration@\(domain)"), "LastName": "Integration"]
            for (name, value) in [("FirstName", JSONValue.string("Sync")), ("Alias", "integ"), ("IsActive", true), ("Email", .string("integration@\(domain)"))]
            where store.schema.object("User")?.field(name) != nil { fields[name] = value }
            _ = try store.create("User", fields, actor: "harness", channel: "seed")
            users = store.records(of: "User")
        }
        let integration = users.first { ($0["Username"].stringValue ?? "").hasPrefix("integration@") }
        integrationUserID = integration?.id
        for user in users {
            if case .string(let username) = user["Username"] { oauth.addUser(username: username, password: "test-password", userID: user.id) }
        }
        // Seed data and scenario steps are the org's administrator's: the first other user.
        let harnessUser = users.first { $0.id != integration?.id }?.id ?? integration?.id
        let integrationUser = integration?.id
        let connectedApp = client.id
        let seededUsers = Set(users.map(\.id))
        let retired = RetiredVersions()
        api = SalesforceAPI(
            store: store, oauth: oauth, usage: usage, clock: clock, retired: retired,
            userIDs: { actor in seededUsers.contains(actor) ? actor : (actor == connectedApp ? integrationUser : harnessUser) })
        requestLog = RequestLog()
        faults = FaultPipeline(
            seed: faultSeed, clock: clock, dialect: SalesforceFaultDialect(oauth: oauth, usage: usage), log: requestLog,
            applier: SalesforceFaultApplier(store: store, oauth: oauth, retired: retired, defaultClientID: clientID))
        handler = api.with(faults)
    }

    /// Injects a fault: traffic faults (latency, outage, throttle) join the
    /// fault layer until cleared; changes (drift, auth, retireVersions) are
    /// applied at once and recorded. Returns the id `clearFaults` and
    /// `faults.record(id:)` take. Throws `FaultError` for a change the org
    /// cannot make (an unknown field, say).
    @discardableResult
    public func inject(_ spec: FaultSpec) throws -> Int { try faults.inject(spec) }

    /// Clears one traffic fault, or all of them (nil). Applied changes stay.
    public func clearFaults(id: Int? = nil) { faults.clear(id: id) }

    /// The API and the admin API (`/__admin/…`) on one handler, for a server bound to `boundHost`.
    public func adminHandler(boundHost: String, adminToken: String?) -> any HTTPHandler {
        handler.with(AdminAPI(faults: faults, journal: journal, boundHost: boundHost, token: adminToken, title: "Sync Verifier simulated Salesforce"))
    }
}
