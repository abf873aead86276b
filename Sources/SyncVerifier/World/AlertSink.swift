import FakeKit
import Foundation
import HTTP
import Synchronization

/// The endpoint at `SV_ALERT_URL`: accepts the contract's JSON alerts
/// (`{"severity","message","object","recordId"}`) and Slack-style
/// `{"text": …}` bodies on any path, and keeps them on the journal clock.
public final class AlertSink: HTTPHandler {
    private let clock: JournalClock
    private let received = Mutex<[Alert]>([])

    public init(clock: JournalClock) { self.clock = clock }

    public var alerts: [Alert] { received.withLock { $0 } }

    public func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        guard request.method == .post else {
            return .json(.methodNotAllowed, ["error": "POST a JSON alert here"])
        }
        let body = String(decoding: request.body, as: UTF8.self)
        guard let json = try? JSONSerialization.jsonObject(with: request.body), let object = json as? [String: Any] else {
            return .json(.badRequest, ["error": "the body must be a JSON object: {\"severity\",\"message\",\"object\",\"recordId\"} or {\"text\"}"])
        }
        func text(_ key: String) -> String? {
            switch object[key] {
            case let value as String: value
            case let value as NSNumber: value.stringValue
            default: nil
            }
        }
        guard let message = text("message") ?? text("text") else {
            return .json(.badRequest, ["error": "an alert needs \"message\" (or a Slack-style \"text\")"])
        }
        let alert = Alert(
            time: clock.now(), severity: text("severity"), message: message, object: text("object"),
            recordId: text("recordId"), body: body)
        received.withLock { $0.append(alert) }
        return .json(.ok, ["ok": true])
    }

    /// Bytes refused before they became a request, in the sink's own `{"error"}` shape.
    public func refusal(_ error: HTTPDecodingError) -> HTTPResponse {
        .json(error.status, ["error": error.reason])
    }
}
