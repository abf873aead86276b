import FakeKit
import Foundation

/// One fake's traffic as evidence: what the fault layer did to each request.
public struct RequestSummary: Sendable, Codable, Hashable {
    public var total: Int
    /// `GET /services/data/v59.0/query` → count (ids and query strings folded).
    public var byRoute: [String: Int]
    /// Requests a fault answered instead of the fake (`outage:status`, …), by kind.
    public var faulted: [String: Int]
    /// Requests sent while the client had been told to back off (Retry-After, REQUEST_LIMIT_EXCEEDED).
    public var sentDuringBackoff: Int = 0

    public init(outcomes: [FaultPipeline.Outcome]) {
        total = outcomes.count
        var routes: [String: Int] = [:]
        var faulted: [String: Int] = [:]
        for outcome in outcomes {
            routes[outcome.method + " " + Self.route(outcome.path), default: 0] += 1
            for applied in outcome.applied where applied != "pass" {
                faulted[applied.split(separator: ":").prefix(2).joined(separator: ":"), default: 0] += 1
            }
        }
        byRoute = routes
        self.faulted = faulted
    }

    /// Folds record ids and numbers out of a path so requests group by route.
    static func route(_ path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return bare.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            let text = String(segment)
            if text.count >= 15, text.allSatisfy({ $0.isLetter || $0.isNumber }), text.contains(where: \.isNumber) { return ":id" }
            if text.contains("_"), text.split(separator: "_").last.map({ $0.allSatisfy(\.isNumber) }) == true { return ":id" }
            if !text.isEmpty, text.allSatisfy(\.isNumber) { return ":n" }
            return text
        }.joined(separator: "/")
    }
}
