import CRMProjection
import FakeKit
import Foundation
import HTTP

/// The simulated HubSpot portal: a record store loaded from an org
/// definition (HubSpot's objects and lower-case properties), its
/// associations, apps and tokens, its rate limits, and the CRM APIs over them.
///
/// ```swift
/// let fake = try HubSpotFake(org: .bundledHubSpot("default"), clock: JournalClock())
/// let server = try HTTPServer(configuration: .init(tls: …), handler: fake.handler)
/// // a client sends `Authorization: Bearer \(fake.app.privateAppToken)`
/// ```
///
/// An org's `reference` fields are not properties in HubSpot: each becomes
/// an association between the two objects, and a seed record's reference a
/// link of the pair's default type (and of the Primary label where HubSpot
/// has one, as for a contact's or a deal's company; of the projection's label
/// for a projected library org's labelled reference, `HubSpotOrgProjection`).
public final class HubSpotFake: CRMSystem {
    public let store: RecordStore
    public let journal: Journal
    public let auth: HubSpotAuth
    public let limits: HubSpotRateLimits
    public let associations: HubSpotAssociations
    public let catalog: HubSpotPropertyCatalog
    public let org: OrgDefinition
    /// The connector's app: its OAuth client and its private-app token.
    public let app: HubSpotAuth.App
    /// A refresh token the connector's app holds from the start, as after its install.
    public let refreshToken: String
    /// Seed records by their `ref` in the org file.
    public let seededIDs: [String: String]
    /// The owners' record ids: the people whose writes are a person's, not an app's.
    public let ownerIDs: Set<String>
    /// The API behind its fault layer and request log.
    public let faulted: FaultedAPI
    public var portalID: Int { auth.portalID }
    public var dialect: any CRMDialect { HubSpotDialect() }
    public var adminTitle: String { "Sync Verifier simulated HubSpot" }

    /// - Parameters:
    ///   - idNamespace: keeps this portal's ids and portal id apart from another's in the same world.
    ///   - dailyAPILimit: the private app's daily allowance (`X-HubSpot-RateLimit-Daily`).
    ///   - unmetered: HubSpot's own allowances are reported but never enforced (benchmarks only).
    public init(
        org: OrgDefinition, clock: JournalClock, clientID: String = "sync-verifier-connector", clientSecret: String? = nil, idNamespace: Int = 0,
        dailyAPILimit: Int = 625_000, faultSeed: UInt64 = 0, system: String = "crm", unmetered: Bool = false
    ) throws {
        self.org = org
        journal = Journal(system: system, clock: clock)
        let references = org.schema.objects.flatMap { object in
            object.fields.filter { $0.type == .reference }.map { (object: object.name, field: $0.name, targets: $0.referenceTo) }
        }
        store = RecordStore(
            system: system, schema: HubSpotSchema.served(org.schema), journal: journal, ids: HubSpotIDGenerator(namespace: idNamespace),
            derivation: HubSpotDerivation())
        associations = HubSpotAssociations(journal: journal)
        catalog = HubSpotPropertyCatalog(bornAt: clock.now())
        auth = HubSpotAuth(clock: clock, portalID: 44_000_000 + idNamespace, userID: 9_000_000 + idNamespace)
        app = auth.addApp(clientID: clientID, secret: clientSecret ?? UUID().uuidString.lowercased())
        refreshToken = auth.issueRefreshToken(clientID: clientID) ?? ""
        limits = HubSpotRateLimits(clock: clock, dailyLimit: dailyAPILimit, unmetered: unmetered)

        var refs: [String: String] = [:]
        for (object, records) in org.seed {
            for record in records {
                var fields: [String: JSONValue] = [:]
                var links: [(String, String)] = []
                for (name, value) in record.fields {
                    var resolved = value
                    if case .string(let text) = value, text.hasPrefix("${"), text.hasSuffix(".id}") {
                        let ref = String(text.dropFirst(2).dropLast(4))
                        guard let id = refs[ref] else { throw OrgFileError(file: org.name, problems: ["records.\(object): \(text) names no earlier record"]) }
                        resolved = .string(id)
                    }
                    if let reference = references.first(where: { $0.object == object && $0.field.caseInsensitiveEquals(name) }) {
                        if case .string(let target) = resolved { links.append((reference.field, target)) }
                    } else {
                        fields[name] = resolved
                    }
                }
                let created = try store.create(object, fields, id: record.id, actor: "harness", channel: "seed")
                if let ref = record.ref { refs[ref] = created.id }
                for (field, target) in links {
                    guard let targetRecord = store.record(id: target) else { continue }
                    let pair = associations.defaultType(from: created.object, to: targetRecord.object)
                    associations.link(created.id, target, type: pair, actor: "harness", channel: "seed")
                    // A projected library org's labelled reference (a deal's partner company): that label, not Primary.
                    if let label = HubSpotProjection.libraryObject(created.object).flatMap({ HubSpotProjection.association($0, field) })?.label {
                        let labelled =
                            associations.types(from: created.object, to: targetRecord.object).first { $0.label == label }
                            ?? associations.addLabel(
                                from: created.object, to: targetRecord.object, label: label, name: HubSpotProjection.rule(label), inverseLabel: nil)
                        associations.link(created.id, target, type: labelled, actor: "harness", channel: "seed")
                    } else if let primary = associations.types(from: created.object, to: targetRecord.object).first(where: { $0.label == "Primary" }) {
                        associations.link(created.id, target, type: primary, actor: "harness", channel: "seed")
                    }
                }
            }
        }
        seededIDs = refs
        let owners = Set(store.records(of: HubSpotObjectTypes.owners).map(\.id))
        ownerIDs = owners
        let retired = RetiredVersions()
        let api = HubSpotAPI(
            store: store, auth: auth, limits: limits, associations: associations, catalog: catalog, retired: retired, clock: clock,
            isPerson: { owners.contains($0) })
        faulted = FaultedAPI(
            api: api, dialect: HubSpotFaultDialect(auth: auth),
            applier: HubSpotFaultApplier(store: store, auth: auth, retired: retired, defaultClientID: clientID), seed: faultSeed, clock: clock)
    }

    // MARK: CRMSystem

    /// HubSpot's API hosts (`api.hubapi.com`, and `api.hubspot.com`, which
    /// some clients use), answered by this portal through the world's proxy.
    /// One host serves every portal there (the token names it), so in a
    /// world of several HubSpot portals the vendor's, routed first, answers.
    public static let apiHostnames = ["api.hubapi.com", "api.hubspot.com"]
    public var productionHostnames: [String] { Self.apiHostnames }

    /// The connector's writes are its app's (HubSpot attributes them to the app, `sourceType` `INTEGRATION`).
    public var connectorActor: String { app.clientID }

    /// HubSpot's connector contract: the API base, the private-app token, and the OAuth app with a refresh token.
    public func connectorVariables(baseURL: String) -> [(name: String, value: String)] {
        [
            ("SV_CRM_DIALECT", "hubspot"), ("SV_CRM_URL", baseURL), ("SV_CRM_ACCESS_TOKEN", app.privateAppToken),
            ("SV_CRM_TOKEN_URL", baseURL + "/oauth/v1/token"), ("SV_CRM_CLIENT_ID", app.clientID), ("SV_CRM_CLIENT_SECRET", app.secret),
            ("SV_CRM_REFRESH_TOKEN", refreshToken),
        ]
    }

    /// An owner acting in HubSpot's UI, by email; the first owner when nil.
    public func person(named name: String?) throws -> String {
        let owners = store.records(of: HubSpotObjectTypes.owners)
        if let name {
            guard let owner = owners.first(where: { $0["email"].stringValue?.lowercased() == name.lowercased() }) else {
                throw CRMDialectError("no HubSpot owner '\(name)' in portal '\(org.name)'")
            }
            return owner.id
        }
        return owners.first?.id ?? "harness"
    }

    public var people: Set<String> { ownerIDs }

    /// A lead qualified in HubSpot's UI: the lead moves to its pipeline's
    /// won stage, and a deal is made (with `fields`) and associated with the
    /// lead's contacts and their primary companies. Returns the lead's id.
    public func convertLead(_ id: String, fields: [String: JSONValue], actor: String) throws -> String {
        guard let lead = store.record(id: id), lead.object == "leads" else { throw CRMDialectError("no HubSpot lead \(id)") }
        let stages = store.schema.object("leads")?.field("hs_pipeline_stage")?.picklistValues ?? []
        guard let won = stages.first(where: { $0.isWon == true }) else { throw CRMDialectError("the leads pipeline has no won stage") }
        _ = try store.update(id: id, ["hs_pipeline_stage": .string(won.value)], actor: actor, channel: "ui")
        var dealFields: [String: JSONValue] = ["dealname": .string((lead["hs_lead_name"].stringValue ?? "New") + " - deal")]
        if let first = store.schema.object("deals")?.field("dealstage")?.picklistValues.first { dealFields["dealstage"] = .string(first.value) }
        for (name, value) in fields { dealFields[name] = value }
        let deal = try store.create("deals", dealFields, actor: actor, channel: "ui")
        let live: (String) -> Bool = { [store] in store.record(id: $0) != nil }
        for contact in associations.links(from: id, fromObject: "leads", toObject: "contacts", isLive: live) {
            associations.link(deal.id, contact.toID, type: associations.defaultType(from: "deals", to: "contacts"), actor: actor, channel: "ui")
            for company in associations.links(from: contact.toID, fromObject: "contacts", toObject: "companies", isLive: live) {
                associations.link(deal.id, company.toID, type: associations.defaultType(from: "deals", to: "companies"), actor: actor, channel: "ui")
            }
        }
        return id
    }
}

extension OrgDefinition {
    /// The bundled HubSpot portals' names (`Orgs/hubspot/*.json`).
    public static var bundledHubSpotNames: [String] {
        guard let folder = Bundle.module.url(forResource: "Orgs/hubspot", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// A bundled HubSpot portal by name.
    public static func bundledHubSpot(_ name: String) throws -> OrgDefinition {
        guard let url = Bundle.module.url(forResource: "Orgs/hubspot/\(name)", withExtension: "json") else {
            throw OrgFileError(file: name, problems: ["no bundled HubSpot org named '\(name)' (have: \(bundledHubSpotNames.joined(separator: ", ")))"])
        }
        return try load(file: url)
    }
}
