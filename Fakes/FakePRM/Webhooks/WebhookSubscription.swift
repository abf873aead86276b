/// A receiver of change events: where to POST them, which events, and the
/// secret their HMAC-SHA256 signature is made with.
public struct WebhookSubscription: Sendable, Equatable {
    public let id: String
    public let url: String
    /// Event types (`deal_registration.updated`) or `*` for all.
    public let events: [String]
    public let secret: String

    func wants(_ event: String) -> Bool { events.contains("*") || events.contains(event) }
}
