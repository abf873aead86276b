import Foundation
import HTTP

/// Posts the contract's alerts to `SV_ALERT_URL`, once per distinct problem.
final class AlertPoster {
    private let url: String?
    private let transport: Transport
    private var sent = Set<String>()

    init(url: String?, transport: Transport) {
        self.url = url
        self.transport = transport
    }

    func post(_ message: String, object: String?, recordId: String?, severity: String = "error") {
        let key = "\(object ?? "")|\(recordId ?? "")|\(message)"
        guard sent.insert(key).inserted else { return }
        log("ALERT \(object ?? "-") \(recordId ?? "-"): \(message)")
        guard let url, !MirrorDefect.on(.noAlerts) else { return }
        var body: [String: Any] = ["severity": severity, "message": message]
        if let object { body["object"] = object }
        if let recordId { body["recordId"] = recordId }
        var headers = HTTPHeaders()
        headers["Content-Type"] = "application/json"
        _ = try? transport.send(.post, url, headers: headers, body: JSONBody.encode(body))
    }
}
