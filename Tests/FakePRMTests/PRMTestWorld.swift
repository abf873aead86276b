import FakeKit
import Foundation
import HTTP

@testable import FakePRM

/// The default program in memory, called as the connector (API key) or as a
/// partner user (portal token).
struct PRMTestWorld {
    let prm: PRMFake

    init() throws { prm = try PRMFake(program: .bundled("default"), clock: JournalClock(), apiKey: "test-key") }

    struct Reply {
        let response: HTTPResponse
        var status: Int { response.status.code }
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null }
        var code: String? { json["error"]?["code"]?.stringValue }
        var ids: [String] { json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }
    }

    /// `as`: nil for the connector, else a seeded contact's ref (`nina`).
    func call(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil, as user: String? = nil) -> Reply {
        var request = HTTPRequest(method: method, target: path, headers: ["Host": "127.0.0.1"])
        request.headers["Authorization"] = "Bearer " + (user.map { prm.partnerUserTokens[$0] ?? "?" } ?? "test-key")
        if let body { request.body = (try? JSONEncoder().encode(body)) ?? Data() }
        return Reply(response: prm.handler.respond(to: request))
    }

    func id(_ ref: String) -> String { prm.seededIDs[ref] ?? "" }

    @discardableResult
    func register(_ partner: String, customer: String, domain: String? = nil, as user: String? = nil) -> Reply {
        var body: [String: JSONValue] = ["customerName": .string(customer), "amount": 50_000]
        if user == nil { body["partnerId"] = .string(id(partner)) }
        if let domain { body["customerDomain"] = .string(domain) }
        return call(.post, "/api/v1/deal-registrations", .object(body), as: user)
    }
}
