import Foundation
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct RequestLogTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func record(_ log: RequestLog, at seconds: Double, _ caller: String? = "a", status: Int = 200, _ signal: BackoffSignal? = nil) -> RequestLogEntry {
        log.record(
            arrival: start + seconds, method: "GET", path: "/x", status: status, connection: "send", credential: caller, faults: [],
            backoff: signal)
    }

    @Test func aRetryAfterMarksTheCallersEarlyRequests() {
        let log = RequestLog()
        #expect(!Self.record(log, at: 0, status: 429, .retryAfter(seconds: 3)).sentDuringBackoff)
        #expect(Self.record(log, at: 1).sentDuringBackoff)
        #expect(!Self.record(log, at: 1, "b").sentDuringBackoff, "another caller was not told to wait")
        #expect(!Self.record(log, at: 3).sentDuringBackoff, "at the moment given, the caller may come back")
    }

    @Test func aRefusalWithoutAMomentLastsWhileItIsRefused() {
        let log = RequestLog()
        #expect(!Self.record(log, at: 0, status: 403, .untilLifted).sentDuringBackoff)
        #expect(Self.record(log, at: 100, status: 403, .untilLifted).sentDuringBackoff)
        #expect(!Self.record(log, at: 200).sentDuringBackoff, "the limit was lifted")
        #expect(!Self.record(log, at: 201, status: 403, .untilLifted).sentDuringBackoff, "a new refusal starts a new back-off")
    }

    @Test func aFullLogDropsItsOldestEntriesAndCountsThem() {
        // One thread writes one shard, which keeps a sixteenth of the capacity.
        let log = RequestLog(capacity: 160)
        for second in 0..<25 { _ = Self.record(log, at: Double(second)) }
        #expect(log.count <= 10)
        #expect(log.entries.last?.sequence == 25)
        #expect(log.summary.dropped + log.count == 25)
        #expect(log.entries(after: 23).map(\.sequence) == [24, 25])
        log.clear()
        #expect(log.count == 0 && Self.record(log, at: 30).sequence == 26, "sequence numbers go on after a reset")
    }

    @Test func entriesAreCodableEvidence() throws {
        let log = RequestLog()
        let entry = log.record(
            arrival: Self.start, method: "POST", path: "/p", status: nil, connection: "reset", credential: nil,
            faults: ["outage:reset"], backoff: nil)
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(entry))
        #expect(json["faulted"] == true && json["status"] == nil && json["connection"] == "reset", "no answer, no status")
        #expect(try JSONDecoder().decode(RequestLogEntry.self, from: JSONEncoder().encode(entry)) == entry)
    }

    @Test(arguments: [
        ("/services/data/v59.0/sobjects/Account/001000000000001AAA", "GET /services/data/:version/sobjects/Account/:id"),
        ("/services/data/v59.0/query/01gD0000002HU6KIAW-2000", "GET /services/data/:version/query/:id"),
        ("/api/v1/partners/prt_000012", "GET /api/v1/partners/:id"),
        ("/api/v1/deal-registrations/42/status", "GET /api/v1/deal-registrations/:n/status"),
        ("/services/data/v59.0/sobjects/MDF_Request__c/describe", "GET /services/data/:version/sobjects/MDF_Request__c/describe"),
    ])
    func routesFoldIdsAndVersions(path: String, route: String) {
        #expect(RouteFolding.route(method: "GET", path: path) == route)
    }

    @Test func fingerprintsAreShortStableAndHideTheSecret() {
        let print = RequestLog.fingerprint("00D8c0000000001!secret")
        #expect(print == RequestLog.fingerprint("00D8c0000000001!secret") && print.hasPrefix("token:") && print.count == 14)
        #expect(print != RequestLog.fingerprint("00D8c0000000001!secreT") && !print.contains("secret"))
    }
}
