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
public final class SalesforceFake: CRMSystem {
    public let store: RecordStore
    public let journal: Journal
    public let oauth: OAuthRegistry
    public let usage: APIUsage
    public let org: OrgDefinition
    /// The production hostnames (login hosts, My Domain) the proxy routes to this org.
    public let productionHosts: SalesforceProductionHosts
    public var productionHostnames: [String] { productionHosts.all }
    /// The connected app a connector logs in with.
    public let client: OAuthRegistry.Client
    /// A refresh token of the connected app, as an admin who authorised it
    /// once would hand to a tool that logs in with `grant_type=refresh_token`
    /// (`SV_CRM_REFRESH_TOKEN`).
    public let connectorRefreshToken: String
    /// The User id that writes by the connector's client are attributed to.
    public let integrationUserID: String?
    /// Seed records by their `ref` in the org file.
    public let seededIDs: [String: String]
    /// The REST API behind its fault layer (latency, outages, throttling), which also writes the request log.
    public let faulted: FaultedAPI
    public var adminTitle: String { "Sync Verifier simulated Salesforce" }
    public var dialect: any CRMDialect { SalesforceDialect() }

    /// - Parameters:
    ///   - clientID, clientSecret: the connected app to register (a random secret by default).
    ///   - dailyAPILimit: `DailyApiRequests` Max.
    ///   - faultSeed: the seed of the fault layer's generators (same seed, same schedule).
    ///   - system: the org's name in its world (its journal's `system`).
    ///   - instance: where its ids and tokens come from; each org in a world has its own.
    public init(
        org: OrgDefinition, clock: JournalClock, clientID: String = "sync-verifier-connector", clientSecret: String? = nil,
        dailyAPILimit: Int = 100_000, faultSeed: UInt64 = 0, system: String = "crm", instance: SalesforceInstance = .first
    ) throws {
        self.org = org
        journal = Journal(system: system, clock: clock)
        store = RecordStore(
            system: system, schema: SalesforceSchema.augment(org.schema), journal: journal, ids: SalesforceIDGenerator(instance: instance),
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
        oauth = OAuthRegistry(clock: clock, instance: instance)
        client = oauth.addClient(id: clientID, secret: clientSecret ?? OAuthRegistry.randomToken(32))
        usage = APIUsage(limit: dailyAPILimit)
        guard let refresh = try oauth.grant(type: "client_credentials", clientID: client.id, clientSecret: client.secret, wantsRefreshToken: true).refreshToken else {
            preconditionFailure("a grant that asks for a refresh token gets one")
        }
        connectorRefreshToken = refresh
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
        productionHosts = SalesforceProductionHosts(orgName: org.name, instance: instance)
        let api = SalesforceAPI(
            store: store, oauth: oauth, usage: usage, clock: clock, retired: retired, productionHosts: productionHosts,
            userIDs: { actor in seededUsers.contains(actor) ? actor : (actor == connectedApp ? integrationUser : harnessUser) })
        faulted = FaultedAPI(
            api: api, dialect: SalesforceFaultDialect(oauth: oauth, usage: usage),
            applier: SalesforceFaultApplier(store: store, oauth: oauth, retired: retired, defaultClientID: clientID), seed: faultSeed, clock: clock)
    }

    // MARK: the CRM seam

    public var connectorActor: String { client.id }

    public func connectorVariables(baseURL: String) -> [(name: String, value: String)] {
        [("SV_CRM_DIALECT", dialect.name), ("SV_CRM_URL", baseURL), ("SV_CRM_TOKEN_URL", baseURL + "/services/oauth2/token"),
         ("SV_CRM_CLIENT_ID", client.id), ("SV_CRM_CLIENT_SECRET", client.secret), ("SV_CRM_REFRESH_TOKEN", connectorRefreshToken)]
    }

    /// The named user's id, or the first seeded user who is not the
    /// connector's integration user (a sales rep).
    public func person(named name: String?) throws -> String {
        let users = store.records(of: "User")
        if let name {
            guard let user = users.first(where: { $0["Username"].stringValue == name }) else {
                throw CRMDialectError("no Salesforce user '\(name)' in org '\(org.name)'")
            }
            return user.id
        }
        return (users.first { $0.id != integrationUserID } ?? users.first)?.id ?? "harness"
    }

    public var people: Set<String> { Set(store.records(of: "User").map(\.id).filter { $0 != integrationUserID }) }

    /// What Salesforce's Convert button does: an account, a contact and an
    /// opportunity from the lead, and the lead marked converted.
    public func convertLead(_ id: String, fields: [String: JSONValue], actor: String) throws -> String {
        guard let lead = store.record(id: id), lead.object == "Lead" else { throw CRMDialectError("no Lead \(id)") }
        let now = journal.clock.now()
        let company = lead["Company"].stringValue ?? "Unknown company"
        let account = try store.create("Account", ["Name": .string(company)], actor: actor, channel: "ui")
        var contactFields: [String: JSONValue] = ["LastName": lead["LastName"], "AccountId": .string(account.id)]
        for name in ["FirstName", "Email", "Phone", "Title"] where !lead[name].isNull { contactFields[name] = lead[name] }
        let contact = try store.create("Contact", contactFields, actor: actor, channel: "ui")
        var opportunityFields: [String: JSONValue] = [
            "Name": .string(company + " - "), "AccountId": .string(account.id), "StageName": "Prospecting",
            "CloseDate": .string(DateFormats.formatDate(now.addingTimeInterval(30 * 86_400))),
        ]
        for (name, value) in fields { opportunityFields[name] = value }
        let opportunity = try store.create("Opportunity", opportunityFields, actor: actor, channel: "ui")
        _ = try store.update(
            id: id,
            ["IsConverted": true, "Status": "Closed - Converted", "ConvertedDate": .string(DateFormats.formatDate(now)),
             "ConvertedAccountId": .string(account.id), "ConvertedContactId": .string(contact.id), "ConvertedOpportunityId": .string(opportunity.id)],
            actor: actor, channel: "ui")
        return id
    }
}
