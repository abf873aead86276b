import FakeKit
import Foundation
import HTTP

/// The fault layer's answers in Dataverse's words: outages as its error
/// object, throttling as the service protection limit's `429` with
/// `Retry-After` and code `0x80072322` (requests per 300-second window) or
/// `0x80072326` (concurrent requests), and the app behind each token for the request log.
struct DynamicsFaultDialect: FaultDialect {
    let entra: EntraID

    func outage(status: HTTPStatus) -> HTTPResponse {
        switch status.code {
        case 500: DynamicsError(status, "0x80040216", "An unexpected error occurred.").response
        case 502: DynamicsError(status, "0x80040216", "Bad Gateway").response
        case 504: DynamicsError(status, "0x80040216", "The request timed out.").response
        default: DynamicsError(status, "0x80040216", "The service is unavailable. Try again later.").response
        }
    }

    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        let error =
            refusal.reason == .concurrency
            ? DynamicsError(.tooManyRequests, "0x80072326", "Number of concurrent requests exceeded the limit of \(refusal.maxConcurrent ?? 52).")
            : DynamicsError(.tooManyRequests, "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
        var response = error.response
        response.headers["Retry-After"] = String(refusal.retryAfterSeconds)
        return response
    }

    /// The Web API counts; the metadata document is fetched once and costs the same, so it counts too.
    func isMetered(_ request: HTTPRequest) -> Bool { request.path.hasPrefix("/api/data/") }

    func credentialKey(of request: HTTPRequest) -> String? { request.headers["Authorization"] }

    func credentialName(forKey key: String) -> String {
        let token = key.lowercased().hasPrefix("bearer ") ? String(key.dropFirst(7)) : key
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = JSONWebToken.decodeBase64URL(String(parts[1])),
            case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload)), case .string(let appID)? = claims["appid"]
        else { return "bearer:" + RequestLog.fingerprint(token) }
        return "app:" + appID
    }
}
