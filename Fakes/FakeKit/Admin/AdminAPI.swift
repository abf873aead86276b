import Foundation
import HTTP

/// The admin API on a fake's own port, under `/__admin`: faults (add, list,
/// clear), drift, reset, the journal and the request log, and its OpenAPI
/// document (`/__admin/openapi.json`, from `AdminOpenAPI`). Admin requests
/// never reach the fault layer: they are not faulted, throttled or logged.
///
/// A server bound to loopback serves it to anyone on the machine (like the
/// fake itself); bound anywhere else, every admin request must carry
/// `X-Admin-Token`, and without a configured token the admin API is closed.
/// Errors are `{"error":{"status","code","message","field"}}`.
public struct AdminAPI: HTTPMiddleware {
    public static let prefix = "/__admin"

    let faults: FaultPipeline
    let journal: Journal
    let boundHost: String
    let token: String?
    /// The admin API's own OpenAPI document, built once (it depends only on the fault types).
    let document: HTTPResponse
    private var router = HTTPRouter()

    /// - Parameter title: the fake's name, for the OpenAPI document's title.
    public init(faults: FaultPipeline, journal: Journal, boundHost: String, token: String?, title: String = "Sync Verifier fake") {
        document = .json(.ok, data: AdminOpenAPI.document(title: title).serialized())
        self.faults = faults
        self.journal = journal
        self.boundHost = boundHost
        self.token = token
        router.notFound = { request in Self.error(.notFound, "not_found", "No admin route for \(request.method) \(request.path).") }
        router.methodNotAllowed = { request, allowed in
            var response = Self.error(.methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed here.")
            response.headers["Allow"] = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            return response
        }
        let api = self
        router.get("/__admin/faults") { _ in api.listFaults() }
        router.post("/__admin/faults") { try api.addFault($0, onlyDrift: false) }
        router.delete("/__admin/faults") { _ in
            api.faults.clear()
            return HTTPResponse(status: .noContent)
        }
        router.get("/__admin/faults/:id") { try api.fault($0) }
        router.delete("/__admin/faults/:id") { try api.clearFault($0) }
        router.post("/__admin/drift") { try api.addFault($0, onlyDrift: true) }
        router.post("/__admin/reset") { _ in
            api.faults.reset()
            return HTTPResponse(status: .noContent)
        }
        router.get("/__admin/journal") { try api.journalEntries($0) }
        router.get("/__admin/requests") { try api.requests($0) }
        router.get("/__admin/openapi.json") { _ in api.document }
    }

    public func handle(_ request: HTTPRequest, next: any HTTPHandler) throws -> HTTPResponse {
        let path = request.path
        guard path.hasPrefix(Self.prefix), path.count == Self.prefix.count || path.dropFirst(Self.prefix.count).hasPrefix("/") else {
            return try next.handle(request)
        }
        if !Self.isLoopback(boundHost) {
            guard let token else {
                return Self.error(.forbidden, "forbidden", "The admin API is closed on a server not bound to loopback unless it is given a token.")
            }
            guard let given = request.headers["X-Admin-Token"], Self.constantTimeEquals(given, token) else {
                return Self.error(.unauthorized, "unauthorized", "Send the admin token as X-Admin-Token.")
            }
        }
        return router.respond(to: request)
    }

    /// Whether a bound host is reachable only from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare.hasPrefix("127.") || bare == "::1" || bare == "localhost"
    }

    // MARK: routes

    func listFaults() -> HTTPResponse { Self.json(.ok, Page(data: faults.records)) }

    func addFault(_ request: HTTPRequest, onlyDrift: Bool) throws -> HTTPResponse {
        var body: JSONValue
        do {
            body = try JSONDecoder().decode(JSONValue.self, from: request.body)
        } catch {
            return Self.error(.badRequest, "invalid_json", "The body must be a fault as a JSON object.")
        }
        if onlyDrift, case .object(var object) = body {
            // The drift route takes a drift value with or without its `type`.
            if object["type"] == nil { object["type"] = "drift" }
            guard object["type"] == "drift" else { return Self.error(.badRequest, "invalid_fault", "/__admin/drift takes drift values only.", field: "type") }
            body = .object(object)
        }
        let spec: FaultSpec
        do {
            spec = try JSONDecoder().decode(FaultSpec.self, from: JSONEncoder().encode(body))
        } catch {
            return Self.error(.badRequest, "invalid_fault", FaultDecoding.message(error))
        }
        do {
            let id = try faults.inject(spec)
            return Self.json(.created, faults.record(id: id))
        } catch {
            return Self.error(.unprocessableContent, "fault_refused", FaultDecoding.message(error))
        }
    }

    func fault(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let id = Int(request.pathParameters["id"] ?? ""), let record = faults.record(id: id) else {
            return Self.error(.notFound, "not_found", "No fault with that id.")
        }
        return Self.json(.ok, record)
    }

    func clearFault(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let id = Int(request.pathParameters["id"] ?? ""), let record = faults.record(id: id) else {
            return Self.error(.notFound, "not_found", "No fault with that id.")
        }
        guard record.spec.isTraffic else {
            return Self.error(.conflict, "already_applied", "Fault \(id) is a change that was applied; it cannot be cleared.")
        }
        faults.clear(id: id)
        return HTTPResponse(status: .noContent)
    }

    func journalEntries(_ request: HTTPRequest) throws -> HTTPResponse {
        let since = try Self.count(request, "since") ?? 0
        let limit = try Self.count(request, "limit") ?? 1000
        let entries = Array(journal.entries(after: since).prefix(max(1, limit)))
        return Self.json(.ok, Page(data: entries, nextSince: entries.last?.sequence ?? since))
    }

    /// The log after `since`, narrowed by `RequestFilter`'s parameters; the
    /// summary counts what was kept. `next_since` follows the log, not the filter.
    func requests(_ request: HTTPRequest) throws -> HTTPResponse {
        let since = try Self.count(request, "since") ?? 0
        let filter: RequestFilter
        do { filter = try RequestFilter.parse { request.query($0) } } catch {
            return Self.error(.badRequest, "invalid_parameter", error.message, field: error.parameter)
        }
        let all = faults.log.entries(after: since)
        let entries = all.filter(filter.matches)
        return Self.json(.ok, Page(data: entries, nextSince: all.last?.sequence ?? since, summary: RequestLogSummary(entries: entries)))
    }

    // MARK: helpers

    /// A list answer: the items, where to continue from, and (requests) their summary.
    struct Page<Item: Encodable>: Encodable {
        let data: [Item]
        var nextSince: Int?
        var summary: RequestLogSummary?

        enum CodingKeys: String, CodingKey {
            case data
            case nextSince = "next_since"
            case summary
        }
    }

    static func count(_ request: HTTPRequest, _ name: String) throws -> Int? {
        guard let text = request.query(name) else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw AdminError(response: error(.badRequest, "invalid_parameter", "\(name) must be a whole number, 0 or more.", field: name))
        }
        return value
    }

    struct AdminError: HTTPResponseError { let response: HTTPResponse }

    static func json(_ status: HTTPStatus, _ value: some Encodable) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(DateFormats.formatISO(date))
        }
        guard let data = try? encoder.encode(value) else { return error(.internalServerError, "internal", "The answer could not be encoded.") }
        return .json(status, data: data)
    }

    static func error(_ status: HTTPStatus, _ code: String, _ message: String, field: String? = nil) -> HTTPResponse {
        let body = OrderedJSON.object([
            ("error", .object([
                ("status", .value(.int(status.code))), ("code", .value(.string(code))), ("message", .value(.string(message))),
                ("field", .value(field.map(JSONValue.string) ?? .null)),
            ]))
        ])
        return .json(status, data: body.serialized())
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for (p, q) in zip(x, y) { difference |= p ^ q }
        return difference == 0
    }
}
