import FakeKit
import Foundation
import HTTP

/// The PRM's REST API under `/api/v1`: collections with cursor paging,
/// records, status changes, and the change feed.
struct PRMAPI: HTTPHandler {
    let store: RecordStore
    let rules: PartnerProgramRules
    let clock: JournalClock
    let keys: APIKeyRing
    let partnerTokens: [String: (contactID: String, partnerID: String)]
    let webhooks: WebhookDispatcher
    let ruleEngine: RuleEngine
    let rateLimiter: RateLimiter
    private var router = HTTPRouter()

    init(
        store: RecordStore, rules: PartnerProgramRules, clock: JournalClock, apiKeys: [String: String],
        partnerTokens: [String: (contactID: String, partnerID: String)], webhooks: WebhookDispatcher, ruleEngine: RuleEngine,
        rateLimiter: RateLimiter
    ) {
        self.rateLimiter = rateLimiter
        self.webhooks = webhooks
        self.ruleEngine = ruleEngine
        self.store = store
        self.rules = rules
        self.clock = clock
        keys = APIKeyRing(apiKeys)
        self.partnerTokens = partnerTokens
        router.notFound = { request in PRMError(.notFound, "not_found", "No route for \(request.method) \(request.path).").response }
        router.methodNotAllowed = { request, allowed in
            var response = PRMError(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed here.").response
            response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            return response
        }
        let api = self
        for resource in PRMResource.all {
            let base = "/api/v1/\(resource.path)"
            router.get(base) { try api.list(resource, $0) }
            router.get("\(base)/:id") { try api.read(resource, $0) }
            if resource.object != "Incentive" {
                router.post(base) { try api.create(resource, $0) }
                router.patch("\(base)/:id") { try api.update(resource, $0) }
            }
        }
        router.post("/api/v1/deal-registrations/:id/status") { try api.changeRegistrationStatus($0) }
        router.post("/api/v1/mdf-requests/:id/status") { try api.changeMDFStatus($0) }
        router.get("/api/v1/changes") { try api.changes($0) }
        router.get("/openapi.json") { _ in .json(.ok, data: PRMOpenAPI.document(schema: api.store.schema).serialized()) }
        api.registerExtensions(&router)
    }

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        guard request.path.hasPrefix("/api/") else { return try router.handle(request) }
        let caller = try caller(request)
        let decision = rateLimiter.check(caller.actor)
        guard decision.allowed else {
            return PRMError.rateLimited(
                "Too many requests: \(decision.limit) per window. Retry after \(decision.resetSeconds) s.", limit: decision.limit,
                resetSeconds: decision.resetSeconds, retryAfterSeconds: decision.resetSeconds)
        }
        var response = router.respond(to: request)
        PRMError.setRateLimitHeaders(&response, limit: decision.limit, remaining: decision.remaining, resetSeconds: decision.resetSeconds)
        return response
    }

    func caller(_ request: HTTPRequest) throws -> PRMCaller {
        var token = request.headers["X-API-Key"]
        if token == nil, let header = request.headers["Authorization"], header.hasPrefix("Bearer ") { token = String(header.dropFirst(7)) }
        guard let token, !token.isEmpty else {
            throw PRMError(.unauthorized, "unauthorized", "Send the API key as `Authorization: Bearer <key>` or `X-API-Key`.")
        }
        if let name = keys.name(forKey: token) { return .connector(keyName: name) }
        if let user = partnerTokens[token] { return .partnerUser(contactID: user.contactID, partnerID: user.partnerID) }
        throw PRMError(.unauthorized, "unauthorized", "The API key or token is not valid.")
    }

    // MARK: records

    func render(_ record: Record) -> OrderedJSON { PRMRecordRenderer(store: store).render(record) }

    /// A record the caller may see, or 404 (a partner user never learns that another partner's record exists).
    func visible(_ resource: PRMResource, _ id: String, _ caller: PRMCaller) throws -> Record {
        guard let record = store.record(id: id), record.object == resource.object, canSee(record, resource, caller) else {
            throw PRMError.notFound(resource.noun)
        }
        return record
    }

    func canSee(_ record: Record, _ resource: PRMResource, _ caller: PRMCaller) -> Bool {
        guard let partner = caller.partnerID else { return true }
        guard let field = resource.partnerField else { return false }
        return (field == "id" ? record.id : record[field].stringValue) == partner
    }

    func body(_ request: HTTPRequest) throws -> [String: JSONValue] {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: request.body), case .object(let object) = json else {
            throw PRMError(.badRequest, "invalid_json", "The body must be a JSON object.")
        }
        return object
    }

    /// Checks a client's fields: known, writable, multi-selects as arrays.
    func clientFields(_ resource: PRMResource, _ body: [String: JSONValue]) throws -> [String: JSONValue] {
        guard let object = store.schema.object(resource.object) else { throw PRMError.notFound(resource.noun) }
        var fields: [String: JSONValue] = [:]
        for (key, value) in body {
            guard let field = object.fields.first(where: { $0.name == key }) else {
                throw PRMError(.badRequest, "unknown_field", "Unknown field '\(key)' for a \(resource.noun).", field: key)
            }
            guard !resource.readOnly.contains(key) else {
                throw PRMError(.badRequest, "read_only", "'\(key)' is set by the PRM, not by clients.", field: key)
            }
            // This API is typed JSON: text fields take strings only (the store would coerce a number).
            let textTypes: Set<FieldType> = [.string, .textarea, .email, .phone, .url, .picklist, .reference, .date, .datetime]
            if textTypes.contains(field.type), !value.isNull, value.stringValue == nil {
                throw PRMError(.unprocessableContent, "invalid_value", "'\(key)' must be a string.", field: key)
            }
            if field.type == .multipicklist, case .array(let items) = value {
                fields[key] = .string(items.compactMap(\.stringValue).joined(separator: ";"))
            } else {
                fields[key] = value
            }
        }
        return fields
    }

    func write<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch { throw PRMError(error) }
    }

    func list(_ resource: PRMResource, _ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        var limit = 50
        var offset = 0
        var filters: [(String, String)] = []
        let fields = Set(store.schema.object(resource.object)?.fields.map(\.name) ?? [])
        for (name, value) in request.queryItems {
            switch name {
            case "limit":
                guard let n = Int(value), (1...200).contains(n) else {
                    throw PRMError(.badRequest, "invalid_parameter", "limit must be a whole number from 1 to 200.", field: "limit")
                }
                limit = n
            case "cursor":
                guard value.hasPrefix("c"), let n = Int(value.dropFirst()), n >= 0 else {
                    throw PRMError(.badRequest, "invalid_parameter", "cursor is not one this API gave.", field: "cursor")
                }
                offset = n
            default:
                guard fields.contains(name) else {
                    throw PRMError(.badRequest, "unknown_parameter", "Unknown query parameter '\(name)'.", field: name)
                }
                filters.append((name, value))
            }
        }
        let matching = store.records(of: resource.object).filter { record in
            canSee(record, resource, caller)
                && filters.allSatisfy { name, value in
                    let field = record[name]
                    return field.stringValue == value || field.description == value
                }
        }
        let page = Array(matching.dropFirst(offset).prefix(limit))
        let next = offset + page.count < matching.count ? OrderedJSON.value(.string("c\(offset + page.count)")) : .value(.null)
        return .json(.ok, data: OrderedJSON.object([("data", .array(page.map(render))), ("next_cursor", next)]).serialized())
    }

    func read(_ resource: PRMResource, _ request: HTTPRequest) throws -> HTTPResponse {
        let record = try visible(resource, request.pathParameters["id"] ?? "", caller(request))
        return .json(.ok, data: render(record).serialized())
    }

    func create(_ resource: PRMResource, _ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        var fields = try clientFields(resource, body(request))
        if let partner = caller.partnerID {
            // Portal users act for their own partner only.
            guard let field = resource.partnerField, field != "id" else {
                throw PRMError(.forbidden, "forbidden", "Partner users cannot create \(resource.noun) records.")
            }
            if let given = fields[field]?.stringValue, given != partner {
                throw PRMError(.forbidden, "forbidden", "Partner users act for their own partner only.", field: field)
            }
            fields[field] = .string(partner)
        }
        let record: Record
        if resource.object == "DealRegistration" {
            record = try write { () throws(StoreError) in try rules.register(fields, actor: caller.actor, now: clock.now()) }
        } else {
            record = try write { () throws(StoreError) in try store.create(resource.object, fields, actor: caller.actor, channel: "api") }
        }
        if resource.object == "PartnerContact" {
            try write { () throws(StoreError) in try rules.contactsChanged(partnerID: record["partnerId"].stringValue ?? "") }
        }
        var response = HTTPResponse.json(.created, data: render(record).serialized())
        response.headers["Location"] = "/api/v1/\(resource.path)/\(record.id)"
        return response
    }

    func update(_ resource: PRMResource, _ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        let record = try visible(resource, request.pathParameters["id"] ?? "", caller)
        let fields = try clientFields(resource, body(request))
        if caller.partnerID != nil, let field = resource.partnerField, fields[field] != nil {
            throw PRMError(.forbidden, "forbidden", "Partner users cannot move records to another partner.", field: field)
        }
        let updated = try write { () throws(StoreError) in try store.update(id: record.id, fields, actor: caller.actor, channel: "api") }
        if resource.object == "PartnerContact" {
            try write { () throws(StoreError) in try rules.contactsChanged(partnerID: updated["partnerId"].stringValue ?? "") }
        }
        return .json(.ok, data: render(updated).serialized())
    }

    // MARK: status changes

    func changeRegistrationStatus(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        guard caller.partnerID == nil else { throw PRMError(.forbidden, "forbidden", "Only the vendor changes a registration's status.") }
        let record = try visible(.registrations, request.pathParameters["id"] ?? "", caller)
        let (target, body) = try statusChange(
            request, from: DealRegistrationStatus(rawValue: record["status"].stringValue ?? "") ?? .submitted,
            extraKeys: ["confirmedAmount", "reason"], noun: "registration")
        var changes: [String: JSONValue] = ["status": .string(target.rawValue)]
        var amount: Double?
        if target == .won {
            guard let confirmed = body["confirmedAmount"]?.doubleValue, confirmed >= 0 else {
                throw PRMError(.unprocessableContent, "required", "A won registration needs its confirmedAmount (the won revenue).", field: "confirmedAmount")
            }
            amount = confirmed
            changes["confirmedAmount"] = .double(confirmed)
        }
        let updated = try write { () throws(StoreError) in try store.update(id: record.id, changes, actor: caller.actor, channel: "api") }
        if let amount { _ = try write { () throws(StoreError) in try rules.bookIncentives(for: updated, confirmedAmount: amount) } }
        return .json(.ok, data: render(store.record(id: record.id) ?? updated).serialized())
    }

    func changeMDFStatus(_ request: HTTPRequest) throws -> HTTPResponse {
        let caller = try caller(request)
        let record = try visible(.mdf, request.pathParameters["id"] ?? "", caller)
        let (target, body) = try statusChange(
            request, from: MDFStatus(rawValue: record["status"].stringValue ?? "") ?? .submitted, extraKeys: ["claimedAmount"], noun: "MDF request")
        // Partners claim their funds; the vendor approves, rejects and pays.
        if caller.partnerID != nil, target != .claimed {
            throw PRMError(.forbidden, "forbidden", "Partner users may only claim approved funds.")
        }
        var changes: [String: JSONValue] = ["status": .string(target.rawValue)]
        if target == .claimed {
            guard let claimed = body["claimedAmount"]?.doubleValue, claimed >= 0, claimed <= (record["amount"].doubleValue ?? 0) else {
                throw PRMError(.unprocessableContent, "invalid_value", "claimedAmount must be between 0 and the approved amount.", field: "claimedAmount")
            }
            changes["claimedAmount"] = .double(claimed)
        }
        let updated = try write { () throws(StoreError) in try store.update(id: record.id, changes, actor: caller.actor, channel: "api") }
        return .json(.ok, data: render(updated).serialized())
    }

    /// The requested status and the body, checked: only known keys, a known
    /// status, and a move the status machine allows from `current`.
    func statusChange<S: StatusMachine>(
        _ request: HTTPRequest, from current: S, extraKeys: Set<String>, noun: String
    ) throws -> (S, [String: JSONValue]) {
        let body = try body(request)
        for key in body.keys where key != "status" && !extraKeys.contains(key) {
            throw PRMError(.badRequest, "unknown_field", "Unknown field '\(key)' for a status change.", field: key)
        }
        guard let text = body["status"]?.stringValue, let target = S(rawValue: text) else {
            throw PRMError(.unprocessableContent, "invalid_choice", "status must be one of \(S.allCases.map(\.rawValue).joined(separator: ", ")).", field: "status")
        }
        guard current.next.contains(target) else {
            throw PRMError(.conflict, "invalid_transition", "A \(current.rawValue) \(noun) cannot become \(target.rawValue).", field: "status")
        }
        return (target, body)
    }

    // MARK: change feed

    /// `GET /api/v1/changes?since=N&limit=M`: journal entries after sequence N (connector only).
    func changes(_ request: HTTPRequest) throws -> HTTPResponse {
        guard try caller(request).partnerID == nil else { throw PRMError(.forbidden, "forbidden", "The change feed is for the vendor's connector.") }
        let since = try request.query("since").map { text -> Int in
            guard let n = Int(text), n >= 0 else { throw PRMError(.badRequest, "invalid_parameter", "since must be a sequence number.", field: "since") }
            return n
        } ?? 0
        let limit = min(1000, max(1, Int(request.query("limit") ?? "") ?? 200))
        let entries = store.journal.entries(after: since).filter { $0.operation != .schema }.prefix(limit)
        let items = entries.map { entry -> OrderedJSON in
            .object([
                ("sequence", .value(.int(entry.sequence))), ("time", .value(.string(DateFormats.formatISO(entry.time)))),
                ("operation", .value(.string(entry.operation.rawValue))), ("object", .value(.string(entry.object))),
                ("id", .value(entry.recordID.map(JSONValue.string) ?? .null)), ("actor", .value(.string(entry.actor))),
                ("changedFields", .array(entry.changedFields.map { .value(.string($0)) })),
            ])
        }
        let next = entries.last?.sequence ?? since
        return .json(.ok, data: OrderedJSON.object([("data", .array(items)), ("next_since", .value(.int(next)))]).serialized())
    }
}
