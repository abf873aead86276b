import FakeKit
import Foundation
import HTTP

/// The fault layer's answers in HubSpot's words: outages as its error body,
/// throttling as `429` with the `RATE_LIMIT` body (and, like HubSpot's
/// ten-second policy, without `Retry-After` unless the throttle's
/// `retryAfter` asks for it), quotas as `X-HubSpot-RateLimit-*` headers, and the app behind each
/// token for the request log.
struct HubSpotFaultDialect: FaultDialect {
    let auth: HubSpotAuth

    func outage(status: HTTPStatus) -> HTTPResponse {
        let error: HubSpotError =
            switch status.code {
            case 500: HubSpotError(status, "INTERNAL_ERROR", "internal error")
            case 502: HubSpotError(status, "BAD_GATEWAY", "Bad Gateway")
            case 504: HubSpotError(status, "GATEWAY_TIMEOUT", "Gateway Timeout")
            default: HubSpotError(status, "SERVICE_UNAVAILABLE", "Service Unavailable. Please try again later.")
            }
        return error.response
    }

    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        var response = HubSpotRateLimits.refusal(
            refusal.reason == .quota ? .tenSecondly : .secondly, retryAfterSeconds: refusal.sendsRetryAfter == true ? refusal.retryAfterSeconds : nil)
        if let quota = refusal.quota { annotate(&response, with: quota) }
        return response
    }

    func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota) {
        response.headers["X-HubSpot-RateLimit-Max"] = String(quota.limit)
        response.headers["X-HubSpot-RateLimit-Remaining"] = String(max(0, quota.limit - quota.used))
        response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = String(quota.resetSeconds * 1000)
    }

    /// API calls count; the OAuth endpoints do not.
    func isMetered(_ request: HTTPRequest) -> Bool { !request.path.hasPrefix("/oauth/") }

    /// HubSpot's own 429 names no moment unless it sends `Retry-After`: the client is to wait until the limit lifts.
    func backoff(in response: HTTPResponse) -> BackoffSignal? {
        guard response.status == .tooManyRequests else { return nil }
        return response.headers["Retry-After"].flatMap(Double.init).map { .retryAfter(seconds: $0) } ?? .untilLifted
    }

    func credentialKey(of request: HTTPRequest) -> String? {
        OAuthCallerNames.key(of: request, isTokenRequest: request.method == .post && request.path.hasPrefix("/oauth/") && request.path.hasSuffix("/token"))
    }

    func credentialName(forKey key: String) -> String { OAuthCallerNames.name(forKey: key) { auth.clientID(ofToken: $0) } }
}
