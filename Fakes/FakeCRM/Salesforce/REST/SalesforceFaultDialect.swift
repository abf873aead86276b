import FakeKit
import Foundation
import HTTP

/// The fault layer's answers in Salesforce's words: outages as its error
/// arrays, throttling as `403 REQUEST_LIMIT_EXCEEDED` with
/// `Sforce-Limit-Info: api-usage=N/M` climbing to the throttle's limit, and
/// the connected app behind each token for the request log.
struct SalesforceFaultDialect: FaultDialect {
    let oauth: OAuthRegistry
    let usage: APIUsage

    func outage(status: HTTPStatus) -> HTTPResponse {
        let error: SalesforceError =
            switch status.code {
            case 500:
                SalesforceError(
                    status, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1428562049-12345 (-1404526457)")
            default: SalesforceError(status, "SERVER_UNAVAILABLE", "Service temporarily unavailable. Please try again later.")
            }
        return error.response
    }

    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        // Salesforce names the limit that was hit: the org's request total, or
        // long-running requests in flight at once.
        let limit = refusal.reason == .quota ? "TotalRequests" : "ConcurrentPerOrgLongTxn"
        var response = SalesforceError(.forbidden, "REQUEST_LIMIT_EXCEEDED", "\(limit) Limit exceeded.").response
        // Without a quota of its own the throttle reports the daily usage, as every API answer does.
        response.headers["Sforce-Limit-Info"] = usage.headerValue
        return response
    }

    func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota) {
        response.headers["Sforce-Limit-Info"] = "api-usage=\(quota.used)/\(quota.limit)"
    }

    /// API calls count; logging in and listing versions do not (as in Salesforce's own limits).
    func isMetered(_ request: HTTPRequest) -> Bool { request.target.hasPrefix("/services/data/v") }

    /// The org's own refusal (a spent daily allowance) names no moment: the
    /// client is to wait until the limit lifts.
    func backoff(in response: HTTPResponse) -> BackoffSignal? {
        guard response.status == .forbidden, response.body.count < 512,
            String(decoding: response.body, as: UTF8.self).contains("\"REQUEST_LIMIT_EXCEEDED\"")
        else { return nil }
        return .untilLifted
    }

    /// The `Authorization` header as it came, or for a login the client id it names.
    func credentialKey(of request: HTTPRequest) -> String? {
        OAuthCallerNames.key(of: request, isTokenRequest: request.method == .post && request.path == "/services/oauth2/token")
    }

    func credentialName(forKey key: String) -> String { OAuthCallerNames.name(forKey: key) { oauth.clientID(ofToken: $0) } }
}
