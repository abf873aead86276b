import FakeKit
import Foundation
import HTTP
import Synchronization

/// Turns journal entries into signed webhook deliveries, on its own thread,
/// retrying failed deliveries with exponential back-off.
///
/// The journal observer only queues (it runs inside the store's lock); the
/// worker renders and sends. Signature: `X-PRM-Signature: sha256=<hex>`, the
/// HMAC-SHA256 of the raw body under the subscription's secret.
final class WebhookDispatcher: Sendable {
    struct Pending: Sendable {
        let subscription: WebhookSubscription
        let entry: JournalEntry
        let attempt: Int
        let due: Date
    }

    private struct State {
        var subscriptions: [WebhookSubscription] = []
        var queue: [Pending] = []
        var deliveries: [WebhookDelivery] = []
        var stopped = false
        var nextID = 0
    }

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let client = HTTPClient()
    private let clock: JournalClock
    /// Seconds before retry n (1-based); the last one is the final attempt.
    let retryDelays: [Double]
    private let render: @Sendable (JournalEntry) -> JSONValue

    init(clock: JournalClock, retryDelays: [Double] = [0.2, 0.5, 1, 2], render: @escaping @Sendable (JournalEntry) -> JSONValue) {
        self.clock = clock
        self.retryDelays = retryDelays
        self.render = render
        let worker = Thread { [self] in run() }
        worker.name = "prm-webhooks"
        worker.start()
    }

    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    func subscribe(url: String, events: [String], secret: String) -> WebhookSubscription {
        state.withLock { state in
            state.nextID += 1
            let subscription = WebhookSubscription(id: "wh_\(state.nextID)", url: url, events: events, secret: secret)
            state.subscriptions.append(subscription)
            return subscription
        }
    }

    func unsubscribe(_ id: String) -> Bool {
        state.withLock { state in
            let before = state.subscriptions.count
            state.subscriptions.removeAll { $0.id == id }
            return state.subscriptions.count < before
        }
    }

    var subscriptions: [WebhookSubscription] { state.withLock { $0.subscriptions } }
    var deliveries: [WebhookDelivery] { state.withLock { $0.deliveries } }

    static func eventType(_ entry: JournalEntry) -> String {
        let snake = entry.object.reduce(into: "") { text, character in
            if character.isUppercase, !text.isEmpty { text += "_" }
            text += character.lowercased()
        }
        let verb = ["create": "created", "update": "updated", "delete": "deleted", "undelete": "restored", "schema": "schema_changed"][entry.operation.rawValue] ?? entry.operation.rawValue
        return "\(snake).\(verb)"
    }

    /// Queues the entry for every subscription that wants it. Never blocks.
    func enqueue(_ entry: JournalEntry) {
        let type = Self.eventType(entry)
        let now = entry.time
        let queued = state.withLock { state in
            let wanted = state.subscriptions.filter { $0.wants(type) }
            state.queue += wanted.map { Pending(subscription: $0, entry: entry, attempt: 1, due: now) }
            return !wanted.isEmpty
        }
        if queued { wake.signal() }
    }

    private func run() {
        while true {
            _ = wake.wait(timeout: .now() + .milliseconds(50))
            let now = clock.now()
            let (due, stopped) = state.withLock { state -> ([Pending], Bool) in
                let due = state.queue.filter { $0.due <= now }
                state.queue.removeAll { $0.due <= now }
                return (due, state.stopped)
            }
            if stopped { return }
            for pending in due { deliver(pending) }
        }
    }

    private func deliver(_ pending: Pending) {
        let entry = pending.entry
        let eventID = "evt_\(entry.system)_\(entry.sequence)"
        let payload = OrderedJSON.object([
            ("id", .value(.string(eventID))), ("type", .value(.string(Self.eventType(entry)))),
            ("occurredAt", .value(.string(DateFormats.formatISO(entry.time)))), ("sequence", .value(.int(entry.sequence))),
            ("data", .object([
                ("object", .value(.string(entry.object))), ("id", .value(entry.recordID.map(JSONValue.string) ?? .null)),
                ("changedFields", .value(.array(entry.changedFields.map(JSONValue.string)))), ("record", .value(render(entry))),
            ])),
        ]).serialized()
        let signature = "sha256=" + SHA256.hex(SHA256.hmac(key: Array(pending.subscription.secret.utf8), message: Array(payload)))
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-PRM-Signature": signature]
        headers["X-PRM-Event"] = Self.eventType(entry)
        headers["X-PRM-Delivery"] = "\(eventID)-\(pending.subscription.id)-\(pending.attempt)"
        var status: Int?
        var failure: String?
        do {
            status = try client.post(pending.subscription.url, body: payload, headers: headers, timeoutSeconds: 5).status.code
        } catch {
            failure = error.description
        }
        let delivery = WebhookDelivery(
            subscriptionID: pending.subscription.id, eventID: eventID, attempt: pending.attempt, at: clock.now(), status: status, error: failure)
        state.withLock { state in
            state.deliveries.append(delivery)
            if !delivery.succeeded, pending.attempt <= retryDelays.count {
                let delay = retryDelays[pending.attempt - 1]
                state.queue.append(Pending(subscription: pending.subscription, entry: entry, attempt: pending.attempt + 1, due: clock.now().addingTimeInterval(delay)))
            }
        }
    }
}
