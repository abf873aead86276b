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
public final class PRMFake: Sendable {
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
    /// The REST API behind its fault layer (`faults`), which also writes the request log.
    public let handler: any HTTPHandler
    /// The API alone, without the fault layer and the request log: for
    /// people acting in scenarios, whose requests are not the connector's traffic.
    public let api: any HTTPHandler
    /// The fault layer in front of the API: latency, outages, throttling.
    public let faults: FaultPipeline
    /// Every request the API received, with what the fault layer did to it.
    public let requestLog: RequestLog
    let webhooks: WebhookDispatcher
    let keys: APIKeyRing

    /// - Parameters:
    ///   - webhookRetryDelays: seconds before each retry of a failed delivery.
    ///   - rateLimit: requests per caller per `rateLimitWindowSeconds` before 429.
    ///   - faultSeed: the seed of the fault layer's generators (same seed, same schedule).
    public init(
        program: Program, clock: JournalClock, apiKey: String? = nil, webhookRetryDelays: [Double] = [0.2, 0.5, 1, 2],
        rateLimit: Int = 6000, rateLimitWindowSeconds: Double = 60, faultSeed: UInt64 = 0
    ) throws {
        self.program = program
        journal = Journal(system: "prm", clock: clock)
        let ruleEngine = RuleEngine()
        let store = RecordStore(
            system: "prm", schema: PRMSchema.make(program: program), journal: journal, ids: SequentialIDGenerator(), derivation: ruleEngine)
        self.store = store
        let renderer = PRMRecordRenderer(store: store)
        webhooks = WebhookDispatcher(clock: clock, retryDelays: webhookRetryDelays) { entry in
            guard let id = entry.recordID, let record = store.record(id: id) else { return .null }
            return renderer.render(record).plain
        }
        let key = apiKey ?? "prm_" + Self.randomToken(32)
        self.apiKey = key
        staffKey = "prm_staff_" + Self.randomToken(24)
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
                let token = "pu_" + Self.randomToken(24)
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
        requestLog = RequestLog()
        faults = FaultPipeline(
            seed: faultSeed, clock: clock, dialect: PRMFaultDialect(keys: api.keys, partnerTokens: users), log: requestLog,
            applier: PRMFaultApplier(store: store, keys: api.keys))
        self.api = api
        handler = api.with(faults)
        let dispatcher = webhooks
        journal.observe { dispatcher.enqueue($0) }
    }

    deinit { webhooks.stop() }

    /// Injects a fault: traffic faults (latency, outage, throttle) join the
    /// fault layer until cleared; changes (drift, an API key revoked or
    /// rotated) are applied at once and recorded. Returns the id
    /// `clearFaults` and `faults.record(id:)` take. Throws `FaultError` for a
    /// change the PRM cannot make.
    @discardableResult
    public func inject(_ spec: FaultSpec) throws -> Int { try faults.inject(spec) }

    /// Clears one traffic fault, or all of them (nil). Applied changes stay.
    public func clearFaults(id: Int? = nil) { faults.clear(id: id) }

    /// The key now valid for the connector (`apiKey` until a rotation).
    public var currentAPIKey: String? { keys.key(named: "connector") }

    /// The API and the admin API (`/__admin/…`) on one handler, for a server bound to `boundHost`.
    public func adminHandler(boundHost: String, adminToken: String?) -> any HTTPHandler {
        handler.with(AdminAPI(faults: faults, journal: journal, boundHost: boundHost, token: adminToken, title: "Sync Verifier simulated PRM"))
    }

    /// Every delivery attempt so far, for tests and evidence.
    public var webhookDeliveries: [WebhookDelivery] { webhooks.deliveries }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
