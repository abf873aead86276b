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

    func credentialKey(of request: HTTPRequest) -> String? {
        var token = request.headers["X-API-Key"]
        if token == nil, let header = request.headers["Authorization"], header.hasPrefix("Bearer ") { token = String(header.dropFirst(7)) }
        guard let token, !token.isEmpty else { return nil }
        return token
    }

    func credentialName(forKey key: String) -> String {
        if let name = keys.name(forKey: key) { return PRMCaller.connector(keyName: name).actor }
        if let user = partnerTokens[key] { return PRMCaller.partnerUser(contactID: user.contactID, partnerID: user.partnerID).actor }
        return RequestLog.fingerprint(key)
    }
}
