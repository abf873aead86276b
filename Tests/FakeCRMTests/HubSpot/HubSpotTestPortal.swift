import FakeKit
import Foundation
import HTTP

@testable import FakeCRM

/// The bundled HubSpot portal behind a real `HTTPServer` on loopback, and a
/// client that calls it as a connector would (bearer token, JSON bodies).
final class HubSpotTestPortal: Sendable {
    let fake: HubSpotFake
    let server: HTTPServer
    let client = HTTPClient()
    let clock: JournalClock

    init(clock: JournalClock = JournalClock(), faultSeed: UInt64 = 0, dailyAPILimit: Int = 625_000) throws {
        self.clock = clock
        fake = try HubSpotFake(
            org: .bundledHubSpot("default"), clock: clock, clientID: "test-app", clientSecret: "s3cret", dailyAPILimit: dailyAPILimit, faultSeed: faultSeed)
        server = try HTTPServer(handler: fake.handler)
        _ = try server.start()
    }

    deinit { server.stop(gracePeriodSeconds: 0) }

    var token: String { fake.app.privateAppToken }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: Data
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
        var text: String { String(decoding: body, as: UTF8.self) }
        var category: String? { json["category"]?.stringValue }
        var message: String? { json["message"]?.stringValue }
        var results: [JSONValue] { json["results"]?.arrayValue ?? [] }
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, json body: JSONValue? = nil, form: String? = nil, token: String? = nil, authorized: Bool = true) throws -> Reply {
        var headers = HTTPHeaders()
        if authorized { headers["Authorization"] = "Bearer \(token ?? self.token)" }
        var data = Data()
        if let body {
            data = try JSONEncoder().encode(body)
            headers["Content-Type"] = "application/json"
        }
        if let form {
            data = Data(form.utf8)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        }
        let response = try client.send(method, server.baseURL + path, headers: headers, body: data)
        return Reply(status: response.status.code, headers: response.headers, body: response.body)
    }

    func id(_ ref: String) -> String { fake.seededIDs[ref] ?? "" }

    /// Creates a record; returns its id.
    @discardableResult
    func create(_ object: String, _ properties: JSONValue) throws -> String {
        try call(.post, "/crm/v3/objects/\(object)", json: ["properties": properties]).json["id"]?.stringValue ?? ""
    }

    func search(_ object: String, _ body: JSONValue) throws -> Reply { try call(.post, "/crm/v3/objects/\(object)/search", json: body) }
}
