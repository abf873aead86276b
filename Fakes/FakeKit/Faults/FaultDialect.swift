import HTTP

/// How one fake's API words what the fault layer does: its outage and
/// throttling answers, the quota headers on every answer, which requests
/// count against a quota, and how its own refusals tell clients to back off.
/// Each dialect (Salesforce, the PRM, later HubSpot and Dynamics) gives the
/// pipeline one of these.
public protocol FaultDialect: Sendable {
    /// The dialect's error for a 5xx outage (`status` is 500, 502, 503 or 504).
    func outage(status: HTTPStatus) -> HTTPResponse
    /// The dialect's answer to a request a throttle refused.
    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse
    /// Reports an active throttle's quota on an answer (its headers).
    func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota)
    /// Whether throttles meter this request (API calls; not logins or version discovery).
    func isMetered(_ request: HTTPRequest) -> Bool
    /// Whether an answer the fake gave by itself (its own rate limiter, a
    /// spent allowance) tells the client to back off.
    func backoff(in response: HTTPResponse) -> BackoffSignal?
    /// What identifies the request's credential, read cheaply: it is called on
    /// every request, so ideally a header's value as it came (`Bearer 00D…`),
    /// parsed only by `credentialName` when first seen. Nil without one.
    func credentialKey(of request: HTTPRequest) -> String?
    /// Who holds a secret, as the request log names callers: the journal's
    /// actor (an OAuth client id, `api-key:connector`), else a fingerprint.
    /// Called once per secret and connection thread; it may look things up.
    func credentialName(forKey key: String) -> String
}

extension FaultDialect {
    public func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        var response = HTTPResponse.text(.tooManyRequests, "Too many requests\n")
        response.headers["Retry-After"] = String(refusal.retryAfterSeconds)
        return response
    }

    public func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota) {}

    public func isMetered(_ request: HTTPRequest) -> Bool { true }

    public func backoff(in response: HTTPResponse) -> BackoffSignal? {
        guard response.status == .tooManyRequests else { return nil }
        return response.headers["Retry-After"].flatMap(Double.init).map { .retryAfter(seconds: $0) } ?? .untilLifted
    }

    public func credentialKey(of request: HTTPRequest) -> String? { request.headers["Authorization"] }

    public func credentialName(forKey key: String) -> String {
        RequestLog.fingerprint(key.split(separator: " ", maxSplits: 1).last.map(String.init) ?? key)
    }
}
