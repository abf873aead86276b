import FakeKit
import Foundation
import HTTP

/// The simulated PRM: partners, contacts, deal registrations, leads, MDF,
/// incentives and tiers over a journaled record store, and its REST API.
///
/// ```swift
/// let prm = try PRMFake(program: .bundled("default"), clock: clock)
/// let server = try HTTPServer(configuration: …, handler: prm.handler)   // SV_PRM_URL, SV_PRM_API_KEY = prm.apiKey
/// ```
public final class PRMFake: SimulatedSystem {
    public let program: Program
    public let store: RecordStore
    public let journal: Journal
    /// The connector's API key.
    public let apiKey: String
    /// The channel team's key (journaled as `api-key:staff`), for people
    /// acting in the PRM in scenarios: approving registrations, MDF.
    public let staffKey: String
    /// Portal tokens of the seeded partner users, by contact ref (`nina`).
    public let partnerUserTokens: [String: String]
    /// Seeded records by their `ref` in the program.
    public let seededIDs: [String: String]
    /// The REST API behind its fault layer (latency, outages, throttling), which also writes the request log.
    public let faulted: FaultedAPI
    public var adminTitle: String { "Sync Verifier simulated PRM" }
    let webhooks: WebhookDispatcher
    let keys: APIKeyRing

    /// - Parameters:
    ///   - webhookRetryDelays: seconds before each retry of a failed delivery.
    ///   - rateLimit: requests per caller per `rateLimitWindowSeconds` before 429.
    ///   - faultSeed: the seed of the fault layer's generators (same seed, same schedule).
    public init(
        program: Program, clock: JournalClock, apiKey: String? = nil, webhookRetryDelays: [Double] = [0.2, 0.5, 1, 2],
        rateLimit: Int = 6000, rateLimitWindowSeconds: Double = 60, faultSeed: UInt64 = 0, system: String = "prm"
    ) throws {
        self.program = program
        journal = Journal(system: system, clock: clock)
        let ruleEngine = RuleEngine()
        let store = RecordStore(
            system: system, schema: PRMSchema.make(program: program), journal: journal, ids: SequentialIDGenerator(), derivation: ruleEngine)
        self.store = store
        let renderer = PRMRecordRenderer(store: store)
        webhooks = WebhookDispatcher(clock: clock, retryDelays: webhookRetryDelays) { entry in
            guard let id = entry.recordID, let record = store.record(id: id) else { return .null }
            return renderer.render(record).plain
        }
        let key = apiKey ?? "prm_" + RandomToken.make(32)
        self.apiKey = key
        staffKey = "prm_staff_" + RandomToken.make(24)
        var seeded: [String: String] = [:]
        var tokens: [String: String] = [:]
        var users: [String: (contactID: String, partnerID: String)] = [:]
        for partner in program.partners {
            let record = try store.create(
                "Partner",
                ["name": .string(partner.name), "tier": .string(partner.tier), "status": .string(partner.status),
                 "region": partner.region.map(JSONValue.string) ?? .null, "domain": partner.domain.map(JSONValue.string) ?? .null,
                 "qualificationRevenue": 0],
                actor: "harness", channel: "seed")
            seeded[partner.ref] = record.id
            for contact in partner.contacts {
                let contactRecord = try store.create(
                    "PartnerContact",
                    ["partnerId": .string(record.id), "firstName": .string(contact.firstName), "lastName": .string(contact.lastName),
                     "email": .string(contact.email), "certifications": .string(contact.certifications.joined(separator: ";"))],
                    actor: "harness", channel: "seed")
                seeded[contact.ref] = contactRecord.id
                let token = "pu_" + RandomToken.make(24)
                tokens[contact.ref] = token
                users[token] = (contactRecord.id, record.id)
            }
        }
        let rules = PartnerProgramRules(program: program, store: store)
        for partner in program.partners {
            // Seeded tiers are the program's word; only the certifications summary is derived.
            if let id = seeded[partner.ref], let record = store.record(id: id) {
                let held = Set(partner.contacts.flatMap(\.certifications)).sorted().joined(separator: ";")
                if !held.isEmpty { _ = try store.update(id: record.id, ["certifications": .string(held)], actor: "harness", channel: "seed") }
            }
        }
        seededIDs = seeded
        partnerUserTokens = tokens
        let api = PRMAPI(
            store: store, rules: rules, clock: clock, apiKeys: [key: "connector", staffKey: "staff"],
            partnerTokens: users, webhooks: webhooks, ruleEngine: ruleEngine,
            rateLimiter: RateLimiter(limit: rateLimit, windowSeconds: rateLimitWindowSeconds, clock: clock))
        keys = api.keys
        faulted = FaultedAPI(
            api: api, dialect: PRMFaultDialect(keys: api.keys, partnerTokens: users), applier: PRMFaultApplier(store: store, keys: api.keys),
            seed: faultSeed, clock: clock)
        let dispatcher = webhooks
        journal.observe { dispatcher.enqueue($0) }
    }

    deinit { webhooks.stop() }

    /// The key now valid for the connector (`apiKey` until a rotation).
    public var currentAPIKey: String? { keys.key(named: "connector") }

    /// Every delivery attempt so far, for tests and evidence.
    public var webhookDeliveries: [WebhookDelivery] { webhooks.deliveries }
}
