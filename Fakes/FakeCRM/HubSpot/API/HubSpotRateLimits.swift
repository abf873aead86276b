import FakeKit
import Foundation
import HTTP
import Synchronization

/// HubSpot's own allowances, kept per app: a rolling ten-second burst
/// (`X-HubSpot-RateLimit-Max`, 190 for a Professional portal's private app,
/// 110 for an OAuth app) and, for private apps, a daily total; search has
/// its own limit of five requests a second per portal and reports none of
/// this in headers. A request over an allowance is refused with
/// `429 RATE_LIMIT`, naming the policy.
public final class HubSpotRateLimits: Sendable {
    public enum Policy: String, Sendable, Error { case tenSecondly = "TEN_SECONDLY_ROLLING", daily = "DAILY", secondly = "SECONDLY" }

    public struct Allowance: Sendable {
        public var burstMax: Int
        public var daily: Int?
    }

    private struct State {
        var recent: [String: [Date]] = [:]
        var searches: [Date] = []
        var daily: [String: Int] = [:]
        var day: Int = 0
    }

    private let state = Mutex(State())
    private let clock: JournalClock
    public let dailyLimit: Int
    /// Counts and reports but never refuses: for benchmarks that measure the
    /// fake's own speed, far past what HubSpot would let one app send.
    let unmetered: Bool
    public static let privateAppBurst = 190
    public static let oauthBurst = 110
    public static let intervalMilliseconds = 10_000
    public static let searchPerSecond = 5

    init(clock: JournalClock, dailyLimit: Int, unmetered: Bool = false) {
        self.clock = clock
        self.dailyLimit = dailyLimit
        self.unmetered = unmetered
    }

    public func allowance(privateApp: Bool) -> Allowance {
        Allowance(burstMax: privateApp ? Self.privateAppBurst : Self.oauthBurst, daily: privateApp ? dailyLimit : nil)
    }

    /// Counts a request, or names the policy it breaks. Returns the headers an answer carries (none for search).
    func admit(app: String, privateApp: Bool, search: Bool) -> Result<[(String, String)], Policy> {
        let allowance = allowance(privateApp: privateApp)
        return state.withLock { state in
            let now = clock.now()
            let day = Int(now.timeIntervalSince1970 / 86_400)
            if day != state.day {
                state.day = day
                state.daily = [:]
            }
            let usedToday = state.daily[app, default: 0]
            if let daily = allowance.daily, usedToday >= daily, !unmetered { return .failure(.daily) }
            if search {
                state.searches.removeAll { now.timeIntervalSince($0) >= 1 }
                guard state.searches.count < Self.searchPerSecond || unmetered else { return .failure(.secondly) }
                state.searches.append(now)
                state.daily[app] = usedToday + 1
                return .success([])
            }
            var recent = state.recent[app, default: []]
            recent.removeAll { now.timeIntervalSince($0) * 1000 >= Double(Self.intervalMilliseconds) }
            if unmetered { recent.removeAll() }
            guard recent.count < allowance.burstMax else {
                state.recent[app] = recent
                return .failure(.tenSecondly)
            }
            recent.append(now)
            state.recent[app] = recent
            state.daily[app] = usedToday + 1
            var headers: [(String, String)] = []
            if let daily = allowance.daily {
                headers += [("X-HubSpot-RateLimit-Daily", String(daily)), ("X-HubSpot-RateLimit-Daily-Remaining", String(max(0, daily - usedToday - 1)))]
            }
            headers += [
                ("X-HubSpot-RateLimit-Interval-Milliseconds", String(Self.intervalMilliseconds)),
                ("X-HubSpot-RateLimit-Max", String(allowance.burstMax)),
                ("X-HubSpot-RateLimit-Remaining", String(allowance.burstMax - recent.count)),
                ("X-HubSpot-RateLimit-Secondly", String(allowance.burstMax / 10)),
                ("X-HubSpot-RateLimit-Secondly-Remaining", String(max(0, allowance.burstMax / 10 - recent.filter { now.timeIntervalSince($0) < 1 }.count))),
            ]
            return .success(headers)
        }
    }

    /// Sets today's count of an app (tests and scenarios that start near the daily limit).
    public func setDailyUsage(app: String, used: Int) {
        state.withLock { state in
            state.day = Int(clock.now().timeIntervalSince1970 / 86_400)
            state.daily[app] = used
        }
    }

    /// HubSpot's 429: `{"status":"error","message","errorType":"RATE_LIMIT","correlationId","policyName"}`.
    static func refusal(_ policy: Policy, retryAfterSeconds: Int? = nil) -> HTTPResponse {
        let message: String =
            switch policy {
            case .tenSecondly: "You have reached your ten_secondly_rolling limit."
            case .daily: "You have reached your daily limit."
            case .secondly: "You have reached your secondly limit."
            }
        let body = OrderedJSON.object([
            ("status", .value("error")), ("message", .value(.string(message))), ("errorType", .value("RATE_LIMIT")),
            ("correlationId", .value(.string(HubSpotError.correlationID()))), ("policyName", .value(.string(policy.rawValue))),
        ])
        var response = HTTPResponse.json(.tooManyRequests, data: body.serialized())
        if let retryAfterSeconds { response.headers["Retry-After"] = String(retryAfterSeconds) }
        return response
    }
}
