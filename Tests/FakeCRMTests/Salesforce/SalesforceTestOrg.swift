import FakeKit
import Foundation
import HTTP

@testable import FakeCRM

/// A partner-channel org in memory, with a token, and a helper to call its
/// REST API as a client would (no socket).
struct SalesforceTestOrg {
    let fake: SalesforceFake
    let token: String
    let clock: JournalClock

    init(org: String = "partner-channel", clock: JournalClock = JournalClock(), faultSeed: UInt64 = 0) throws {
        self.clock = clock
        fake = try SalesforceFake(org: .bundled(org), clock: clock, clientID: "test-client", clientSecret: "s3cret", faultSeed: faultSeed)
        let grant = try fake.oauth.grant(type: "client_credentials", clientID: "test-client", clientSecret: "s3cret", wantsRefreshToken: false)
        token = grant.accessToken
    }

    struct Reply {
        let response: HTTPResponse
        var status: Int { response.status.code }
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: response.body)) ?? .null }
        var text: String { String(decoding: response.body, as: UTF8.self) }
        /// The first error's code of a Salesforce error array.
        var errorCode: String? { json.arrayValue?.first?["errorCode"]?.stringValue }
        var message: String? { json.arrayValue?.first?["message"]?.stringValue }
    }

    func call(
        _ method: HTTPMethod, _ path: String, json body: JSONValue? = nil, form: String? = nil, raw: String? = nil, headers: HTTPHeaders = [:],
        authorized: Bool = true, token: String? = nil
    ) -> Reply {
        var request = HTTPRequest(method: method, target: path, headers: headers)
        request.headers["Host"] = "127.0.0.1:8443"
        request.connection.isSecure = true
        if authorized { request.headers["Authorization"] = "Bearer \(token ?? self.token)" }
        if let body { request.body = (try? JSONEncoder().encode(body)) ?? Data() }
        if let form { request.body = Data(form.utf8) }
        if let raw { request.body = Data(raw.utf8) }
        return Reply(response: fake.handler.respond(to: request))
    }

    func query(_ soql: String, all: Bool = false) -> Reply {
        let encoded = soql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? soql
        return call(.get, "/services/data/v59.0/\(all ? "queryAll" : "query")?q=\(encoded)")
    }

    @discardableResult
    func create(_ object: String, _ fields: JSONValue) -> String {
        call(.post, "/services/data/v59.0/sobjects/\(object)", json: fields).json["id"]?.stringValue ?? ""
    }
}
