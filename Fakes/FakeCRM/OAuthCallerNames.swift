import FakeKit
import HTTP

/// How the request log names the caller of an OAuth-protected CRM API, the
/// same for every dialect: a bearer token by the client it was issued to, a
/// token request by the `client_id` in its form (marked, so it is never
/// taken for a header), anything else by a fingerprint.
enum OAuthCallerNames {
    private static let clientMark = "client_id\u{0}"

    /// The `Authorization` header as it came, or the marked client id of a token request.
    static func key(of request: HTTPRequest, isTokenRequest: Bool) -> String? {
        if isTokenRequest { return request.formFields["client_id"].map { clientMark + $0 } }
        return request.headers["Authorization"]
    }

    /// The client id a key stands for; `clientOfToken` looks a bearer token up.
    static func name(forKey key: String, clientOfToken: (String) -> String?) -> String {
        if key.hasPrefix(clientMark) { return String(key.dropFirst(clientMark.count)) }
        var request = HTTPRequest(method: .get, target: "/")
        request.headers["Authorization"] = key
        guard let token = SalesforceAPI.bearerToken(request) else { return RequestLog.fingerprint(key) }
        return clientOfToken(token) ?? RequestLog.fingerprint(token)
    }
}
