import Foundation

/// One alert a connector posted to `SV_ALERT_URL`, timestamped on the world's clock.
public struct Alert: Sendable, Hashable, Codable {
    public var time: Date
    public var severity: String?
    public var message: String
    public var object: String?
    public var recordId: String?
    /// The body as sent, for evidence.
    public var body: String

    /// Everything an alert says, for matching names and ids anywhere in it.
    public var text: String { [severity, message, object, recordId].compactMap { $0 }.joined(separator: " ") + " " + body }
}
