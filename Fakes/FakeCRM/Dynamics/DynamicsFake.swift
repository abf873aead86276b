import FakeKit
import Foundation
import HTTP
import Synchronization

/// Where a Dataverse org and its Entra tenant are reached, once their servers listen.
public final class DynamicsEndpoints: Sendable {
    private let urls = Mutex<(org: String?, authority: String?)>((nil, nil))
    public init() {}
    public var orgURL: String? { urls.withLock { $0.org } }
    public var authorityURL: String? { urls.withLock { $0.authority } }
    func set(org: String, authority: String) { urls.withLock { $0 = (org, authority) } }
}

/// The simulated Dataverse org: a record store loaded from an org
/// definition (tables by logical name, option sets, lookups), its Entra ID
/// tenant with the connector's app registration, and the Web API over both.
///
/// ```swift
/// let fake = try DynamicsFake(org: .bundledDynamics("default"), clock: JournalClock())
/// // serve fake.handler and fake.entraHandler, then:
/// fake.bind(orgURL: apiServer.baseURL, authorityURL: entraServer.baseURL)
/// ```
public final class DynamicsFake: CRMSystem {
    public let store: RecordStore
    public let journal: Journal
    public let org: OrgDefinition
    public let entra: EntraID
    /// The connector's app registration (client id and secret).
    public let app: EntraID.App
    public let seededIDs: [String: String]
    public let endpoints = DynamicsEndpoints()
    public let faulted: FaultedAPI
    /// The Entra ID stand-in's endpoints, served on a port of their own.
    public let entraHandler: any HTTPHandler
    public let organizationID: String
    /// The application user the connector's app acts as in Dataverse.
    public let applicationUserID: String
    public var dialect: any CRMDialect { DynamicsDialect() }
    public var adminTitle: String { "Sync Verifier simulated Dynamics 365" }

    public init(
        org: OrgDefinition, clock: JournalClock, clientID: String? = nil, clientSecret: String? = nil, idNamespace: Int = 0, faultSeed: UInt64 = 0,
        system: String = "crm"
    ) throws {
        self.org = org
        journal = Journal(system: system, clock: clock)
        store = RecordStore(
            system: system, schema: DynamicsSchema.served(org.schema), journal: journal, ids: DynamicsIDGenerator(namespace: idNamespace),
            derivation: DynamicsDerivation())
        entra = EntraID(clock: clock, namespace: idNamespace)
        let appID = clientID ?? DynamicsGUID.make(namespace: idNamespace, kind: 0xA0, counter: 1)
        app = entra.register(clientID: appID, secret: clientSecret ?? RandomToken.make(40, alphabet: .mixedCase), displayName: "Sync Verifier connector")
        organizationID = DynamicsGUID.make(namespace: idNamespace, kind: 0x0E, counter: 1)
        let businessUnitID = DynamicsGUID.make(namespace: idNamespace, kind: 0xB0, counter: 1)
        seededIDs = try org.seed(into: store, actor: "harness")
        if store.schema.object("systemuser") != nil {
            applicationUserID = try store.create(
                "systemuser", ["firstname": "#", "lastname": "Sync Verifier connector", "applicationid": .string(appID)], actor: "harness", channel: "seed"
            ).id
        } else {
            applicationUserID = app.objectID
        }
        let applicationUser = applicationUserID
        let api = DynamicsAPI(
            store: store, entra: entra, endpoints: endpoints, organizationID: organizationID, businessUnitID: businessUnitID,
            applicationUser: { $0.caseInsensitiveEquals(appID) ? applicationUser : nil })
        entraHandler = EntraAPI(entra: entra)
        faulted = FaultedAPI(
            api: api, dialect: DynamicsFaultDialect(entra: entra), applier: DynamicsFaultApplier(store: store, entra: entra, defaultClientID: appID),
            seed: faultSeed, clock: clock)
    }

    /// Tells the org and its tenant where they listen: tokens are then issued for, and accepted by, `orgURL`.
    public func bind(orgURL: String, authorityURL: String) {
        endpoints.set(org: orgURL, authority: authorityURL)
        entra.authorityURL = authorityURL
        entra.addResource(orgURL)
    }

    // MARK: CRMSystem

    public var companions: [CompanionServer] { [CompanionServer(name: "entra", handler: entraHandler)] }

    public func companionsStarted(systemURL: String, urls: [String: String]) {
        bind(orgURL: systemURL, authorityURL: urls["entra"] ?? systemURL)
    }

    public var connectorActor: String { app.clientID }

    /// Dataverse's connector contract: the org URL, the Entra authority and tenant, and the app's client credentials.
    public func connectorVariables(baseURL: String) -> [(name: String, value: String)] {
        let authority = endpoints.authorityURL ?? ""
        let secret = entra.app(app.clientID)?.secret ?? app.secret
        return [
            ("SV_CRM_DIALECT", "dynamics"), ("SV_CRM_URL", baseURL), ("SV_CRM_AUTHORITY", authority), ("SV_CRM_TENANT_ID", entra.tenantID),
            ("SV_CRM_CLIENT_ID", app.clientID), ("SV_CRM_CLIENT_SECRET", secret),
            ("SV_CRM_TOKEN_URL", authority + "/" + entra.tenantID + "/oauth2/v2.0/token"),
        ]
    }

    /// A user acting in Dynamics' UI, by `internalemailaddress`; the first user when nil.
    public func person(named name: String?) throws -> String {
        let users = store.records(of: "systemuser").filter { $0.id != applicationUserID }
        if let name {
            guard let user = users.first(where: { $0["internalemailaddress"].stringValue?.lowercased() == name.lowercased() }) else {
                throw CRMDialectError("no Dynamics user '\(name)' in org '\(org.name)'")
            }
            return user.id
        }
        return users.first?.id ?? "harness"
    }

    public var people: Set<String> { Set(store.records(of: "systemuser").map(\.id).filter { $0 != applicationUserID }) }

    /// A lead qualified in Dynamics' UI: the lead is closed as Qualified and
    /// an opportunity made (with `fields`) for the lead's parent account.
    public func convertLead(_ id: String, fields: [String: JSONValue], actor: String) throws -> String {
        guard let lead = store.record(id: id), lead.object == "lead" else { throw CRMDialectError("no Dynamics lead \(id)") }
        _ = try store.update(id: id, ["statecode": "1", "statuscode": "3"], actor: actor, channel: "ui")
        var opportunity: [String: JSONValue] = ["name": .string(lead["subject"].stringValue ?? "New opportunity")]
        if case .string(let account) = lead["parentaccountid"] { opportunity["parentaccountid"] = .string(account) }
        for (name, value) in fields { opportunity[name] = value }
        _ = try store.create("opportunity", opportunity, actor: actor, channel: "ui")
        return id
    }
}

extension OrgDefinition {
    /// The bundled Dataverse orgs' names (`Orgs/dynamics/*.json`).
    public static var bundledDynamicsNames: [String] {
        guard let folder = Bundle.module.url(forResource: "Orgs/dynamics", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    public static func bundledDynamics(_ name: String) throws -> OrgDefinition {
        guard let url = Bundle.module.url(forResource: "Orgs/dynamics/\(name)", withExtension: "json") else {
            throw OrgFileError(file: name, problems: ["no bundled Dynamics org named '\(name)' (have: \(bundledDynamicsNames.joined(separator: ", ")))"])
        }
        return try load(file: url)
    }
}
