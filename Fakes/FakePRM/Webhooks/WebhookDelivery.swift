import Foundation

/// One attempt to deliver one event to one subscription, kept for
/// `GET /api/v1/webhooks/{id}/deliveries` and for tests.
public struct WebhookDelivery: Sendable, Equatable {
    public let subscriptionID: String
    public let eventID: String
    public let attempt: Int
    public let at: Date
    /// The receiver's status, or nil when the connection failed.
    public let status: Int?
    public let error: String?
    public var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
}
