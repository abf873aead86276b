import FakeKit
import Foundation

/// Compact JWS tokens (RFC 7515 §7.1, RFC 7519) as the Entra stand-in
/// issues them: `base64url(header).base64url(claims).base64url(signature)`.
/// Entra signs with RS256 and publishes its keys; clients of the
/// client-credentials flow never check an access token's signature (the
/// resource does), so the stand-in signs HS256 with a key only it and the
/// resource it serves hold.
enum JSONWebToken {
    static func sign(_ claims: OrderedJSON, key: [UInt8], keyID: String) -> String {
        let header = OrderedJSON.object([("typ", .value("JWT")), ("alg", .value("HS256")), ("kid", .value(.string(keyID)))])
        let signingInput = base64URL(header.serialized()) + "." + base64URL(claims.serialized())
        return signingInput + "." + base64URL(Data(SHA256.hmac(key: key, message: Array(signingInput.utf8))))
    }

    /// The claims of a token signed with `key`, or nil when it is malformed or its signature is wrong.
    static func verify(_ token: String, key: [UInt8]) -> [String: JSONValue]? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = decodeBase64URL(String(parts[2])) else { return nil }
        let expected = SHA256.hmac(key: key, message: Array((parts[0] + "." + parts[1]).utf8))
        // Compares every byte, so timing says nothing about where a forgery went wrong.
        guard signature.count == expected.count, zip(signature, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0,
            let payload = decodeBase64URL(String(parts[1])), case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload))
        else { return nil }
        return claims
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
