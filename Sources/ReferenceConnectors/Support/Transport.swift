import Foundation
import HTTP

/// HTTPS requests to the systems, with the connector's manners: it waits as
/// long as it is told to, retries what may succeed later with capped
/// exponential back-off, and gives up (to retry on the next cycle) after a
/// few attempts so no change is dropped.
final class Transport {
    let client: HTTPClient
    /// Don't send anything to a host before this moment (Retry-After, REQUEST_LIMIT_EXCEEDED).
    private var quietUntil: [String: Date] = [:]
    var requestCount = 0

    init(caBundle: String?) {
        var configuration = HTTPClient.Configuration()
        configuration.caBundlePath = caBundle
        configuration.timeoutSeconds = 20
        configuration.userAgent = "sync-verifier-reference-connector"
        client = HTTPClient(configuration: configuration)
    }

    struct Response {
        let status: Int
        let headers: HTTPHeaders
        let body: Data
        var json: Any? { JSONBody.decode(body) }
    }

    /// One request, without retries; connection failures are `.transient`.
    func send(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: Data = Data()) throws(RemoteError) -> Response {
        let host = URLComponents(string: url)?.port.map(String.init) ?? url
        if let until = quietUntil[host], until > Date(), !MirrorDefect.on(.ignoresBackoff) { Thread.sleep(until: until) }
        requestCount += 1
        do {
            let response = try client.send(method, url, headers: headers, body: body)
            return Response(status: response.status.code, headers: response.headers, body: response.body)
        } catch {
            throw .transient("\(method.rawValue) \(url): \(error)")
        }
    }

    /// Remembers to stay quiet toward the host of `url` for `seconds`.
    func backOff(_ url: String, seconds: Double) {
        let host = URLComponents(string: url)?.port.map(String.init) ?? url
        quietUntil[host] = Date().addingTimeInterval(seconds)
    }

    /// Runs `body` until it succeeds, waiting between attempts; permanent and
    /// authentication errors are returned at once.
    func withRetries<T>(_ what: String, attempts: Int = 6, _ body: () throws(RemoteError) -> T) throws(RemoteError) -> T {
        var delay = 0.2
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try body()
            } catch {
                switch error {
                case .permanent, .authentication: throw error
                case .throttled(_, let wait):
                    guard attempt < attempts * 2, !MirrorDefect.on(.dropsThrottledChanges) else { throw error }
                    if !MirrorDefect.on(.ignoresBackoff) { Thread.sleep(forTimeInterval: wait) }
                case .transient:
                    guard attempt < attempts else { throw error }
                    log("retrying \(what) in \(String(format: "%.1f", delay)) s: \(error)")
                    Thread.sleep(forTimeInterval: delay)
                    delay = min(delay * 2, 2)
                }
            }
        }
    }
}
