import FakeKit
import Foundation
import HTTP

@testable import FakeCRM

/// The bundled Dataverse org and its Entra tenant, called in memory as a
/// connector would call them over the network: the org at
/// `https://org.test`, the tenant at `https://login.test`.
final class DynamicsTestOrg: Sendable {
    static let orgURL = "https://org.test"
    static let authorityURL = "https://login.test"
    let fake: DynamicsFake
    let clock: JournalClock

    init(clock: JournalClock = JournalClock()) throws {
        self.clock = clock
        fake = try DynamicsFake(org: .bundledDynamics("default"), clock: clock, clientID: "11111111-2222-4333-8444-555555555555", clientSecret: "s3cret")
        fake.bind(orgURL: Self.orgURL, authorityURL: Self.authorityURL)
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: Data
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
        var errorCode: String? { json["error"]?["code"]?.stringValue }
        var errorMessage: String? { json["error"]?["message"]?.stringValue }
        var value: [JSONValue] { json["value"]?.arrayValue ?? [] }
    }

    /// Entra's answer to a form posted to the token endpoint.
    func entra(_ method: HTTPMethod, _ path: String, form: String? = nil) -> Reply {
        var headers: HTTPHeaders = ["Host": "login.test"]
        if form != nil { headers["Content-Type"] = "application/x-www-form-urlencoded" }
        let response = fake.entraHandler.respond(to: HTTPRequest(method: method, target: path, headers: headers, body: Data((form ?? "").utf8)))
        return Reply(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// A token from the client-credentials grant, as MSAL asks for it.
    func token(scope: String = orgURL + "/.default") throws -> String {
        let reply = entra(.post, "/\(fake.entra.tenantID)/oauth2/v2.0/token", form: "grant_type=client_credentials&client_id=\(fake.app.clientID)&client_secret=s3cret&scope=\(scope)")
        guard let token = reply.json["access_token"]?.stringValue else { throw HTTPError(.unauthorized, String(decoding: reply.body, as: UTF8.self)) }
        return token
    }

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, json body: JSONValue? = nil, headers extra: HTTPHeaders = [:], token: String? = nil, authorized: Bool = true) throws -> Reply {
        var headers: HTTPHeaders = ["Host": "org.test", "Accept": "application/json", "OData-Version": "4.0"]
        if authorized { headers["Authorization"] = "Bearer \(try token ?? self.token())" }
        for (name, value) in extra { headers[name] = value }
        var data = Data()
        if let body {
            data = try JSONEncoder().encode(body)
            headers["Content-Type"] = "application/json"
        }
        let response = fake.handler.respond(to: HTTPRequest(method: method, target: "/api/data/v9.2" + path, headers: headers, body: data))
        return Reply(status: response.status.code, headers: response.headers, body: response.body)
    }

    /// Creates a row; returns its id from `OData-EntityId`.
    func create(_ set: String, _ fields: JSONValue) throws -> String {
        let reply = try call(.post, "/\(set)", json: fields)
        guard reply.status == 204, let entity = reply.headers["OData-EntityId"], let open = entity.lastIndex(of: "(") else {
            throw HTTPError(HTTPStatus(reply.status), String(decoding: reply.body, as: UTF8.self))
        }
        return String(entity[entity.index(after: open)...].dropLast())
    }
}
