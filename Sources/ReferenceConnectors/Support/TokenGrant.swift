import Foundation
import HTTP

extension Transport {
    /// An OAuth 2.0 token request (RFC 6749 §4.4, §6): the form POSTed to
    /// `url`, the answer's `access_token` and the whole answer. A 5xx is
    /// transient; any other refusal an authentication error naming `what`.
    func tokenGrant(_ url: String, _ form: [(String, String)], what: String) throws(RemoteError) -> (
        token: String, answer: [String: Any]
    ) {
        var headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        let body = form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let response = try send(.post, url, headers: headers, body: Data(body.utf8))
        guard response.status == 200, let json = response.json as? [String: Any],
            let access = json["access_token"] as? String
        else {
            if response.status >= 500 { throw .transient("the token endpoint answered \(response.status)") }
            throw .authentication(
                "the token endpoint refused \(what) (\(response.status)): \(String(decoding: response.body, as: UTF8.self))"
            )
        }
        return (access, json)
    }

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }
}
