import FakeKit
import Foundation
import Synchronization

/// The PRM's request quota: `limit` requests per caller per fixed window.
/// Every API answer carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`
/// (seconds until the window resets); over the quota the answer is 429 with
/// `Retry-After`. The fault layer can lower the quota to make clients back off.
final class RateLimiter: Sendable {
    struct Decision {
        let allowed: Bool
        let limit: Int
        let remaining: Int
        let resetSeconds: Int
    }

    private struct Window {
        var start: Date
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])
    private let settings: Mutex<(limit: Int, windowSeconds: Double)>
    private let clock: JournalClock

    init(limit: Int, windowSeconds: Double, clock: JournalClock) {
        settings = Mutex((limit, windowSeconds))
        self.clock = clock
    }

    func configure(limit: Int, windowSeconds: Double) { settings.withLock { $0 = (limit, windowSeconds) } }

    func check(_ caller: String) -> Decision {
        let (limit, length) = settings.withLock { $0 }
        let now = clock.now()
        return windows.withLock { windows in
            var window = windows[caller] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= length { window = Window(start: now, count: 0) }
            let reset = max(1, Int((length - now.timeIntervalSince(window.start)).rounded(.up)))
            guard window.count < limit else {
                windows[caller] = window
                return Decision(allowed: false, limit: limit, remaining: 0, resetSeconds: reset)
            }
            window.count += 1
            windows[caller] = window
            return Decision(allowed: true, limit: limit, remaining: limit - window.count, resetSeconds: reset)
        }
    }
}
