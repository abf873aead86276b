import FakeKit
import HTTP

/// The fault layer's answers in the PRM's words: `{"error":{…}}` bodies,
/// throttling as its own `429 rate_limited` with `Retry-After` and the
/// `X-RateLimit-*` headers (the throttle's quota replaces the caller quota
/// in them while it is active), and callers named as the journal names them.
struct PRMFaultDialect: FaultDialect {
    let keys: APIKeyRing
    let partnerTokens: [String: (contactID: String, partnerID: String)]

    func outage(status: HTTPStatus) -> HTTPResponse {
        PRMError(status, "unavailable", "The service is unavailable. Try again later.").response
    }

    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        switch refusal.reason {
        case .quota:
            let quota = refusal.quota
            return PRMError.rateLimited(
                "Too many requests: \(quota?.limit ?? 0) per window. Retry after \(refusal.retryAfterSeconds) s.", limit: quota?.limit ?? 0,
                resetSeconds: quota?.resetSeconds ?? refusal.retryAfterSeconds, retryAfterSeconds: refusal.retryAfterSeconds)
        case .concurrency:
            let cap = refusal.maxConcurrent ?? 0
            return PRMError.rateLimited(
                "Too many requests at once: at most \(cap) in flight. Retry after \(refusal.retryAfterSeconds) s.",
                limit: refusal.quota?.limit ?? cap, resetSeconds: refusal.quota?.resetSeconds ?? refusal.retryAfterSeconds,
                retryAfterSeconds: refusal.retryAfterSeconds)
        }
    }

    func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota) {
        PRMError.setRateLimitHeaders(&response, limit: quota.limit, remaining: quota.remaining, resetSeconds: quota.resetSeconds)
    }

    /// The API counts; the OpenAPI document does not.
    func isMetered(_ request: HTTPRequest) -> Bool { request.target.hasPrefix("/api/") }

    /// The key header as it came (`X-API-Key` first, as the API reads it).
    func credentialKey(of request: HTTPRequest) -> String? {
        request.headers["X-API-Key"].map { "X-API-Key:" + $0 } ?? request.headers["Authorization"]
    }

    func credentialName(forKey key: String) -> String {
        var token = key
        if key.hasPrefix("X-API-Key:") { token = String(key.dropFirst("X-API-Key:".count)) } else if key.hasPrefix("Bearer ") { token = String(key.dropFirst(7)) }
        if let name = keys.name(forKey: token) { return PRMCaller.connector(keyName: name).actor }
        if let user = partnerTokens[token] { return PRMCaller.partnerUser(contactID: user.contactID, partnerID: user.partnerID).actor }
        return RequestLog.fingerprint(token)
    }
}
