import Foundation
import HTTP
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct ThrottleTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func theQuotaRefusesUntilTheWindowResets() {
        var machine = ThrottleStateMachine(fault: ThrottleFault(limit: 2, windowSeconds: 10), start: Self.start)
        #expect(machine.arrive(at: Self.start) == .admit(ThrottleQuota(limit: 2, used: 1, resetSeconds: 10, resetsAt: Self.start + 10)))
        #expect(machine.arrive(at: Self.start + 1) == .admit(ThrottleQuota(limit: 2, used: 2, resetSeconds: 9, resetsAt: Self.start + 10)))
        guard case .refuse(let refusal) = machine.arrive(at: Self.start + 2.5) else {
            Issue.record("the third request in the window is refused")
            return
        }
        #expect(refusal.reason == .quota)
        #expect(refusal.retryAfterSeconds == 8, "rounded up: the client must not come back early")
        #expect(refusal.quota?.used == 2)
        // A new window: the quota starts again.
        #expect(machine.arrive(at: Self.start + 10) == .admit(ThrottleQuota(limit: 2, used: 1, resetSeconds: 10, resetsAt: Self.start + 20)))
    }

    @Test func theConcurrencyCapFreesASlotWhenARequestEnds() {
        var machine = ThrottleStateMachine(fault: ThrottleFault(maxConcurrent: 1), start: Self.start)
        #expect(machine.arrive(at: Self.start) == .admit(nil))
        guard case .refuse(let refusal) = machine.arrive(at: Self.start) else {
            Issue.record("a second request in flight is refused")
            return
        }
        #expect(refusal.reason == .concurrency && refusal.retryAfterSeconds == 1)
        machine.finished()
        #expect(machine.arrive(at: Self.start) == .admit(nil))
    }

    @Test func throttlesDecodeStrictly() throws {
        let decode = { (json: String) in try JSONDecoder().decode(FaultSpec.self, from: Data(json.utf8)) }
        #expect(try decode(#"{"type":"throttle","limit":5,"windowSeconds":2}"#) == .throttle(ThrottleFault(limit: 5, windowSeconds: 2)))
        #expect(try decode(#"{"type":"throttle","maxConcurrent":2}"#) == .throttle(ThrottleFault(maxConcurrent: 2)))
        for bad in [
            #"{"type":"throttle"}"#, #"{"type":"throttle","limit":5,"window":2}"#, #"{"type":"throttle","limit":-1}"#,
            #"{"type":"throttle","maxConcurrent":0}"#, #"{"type":"throttle","limit":1,"windowSeconds":0}"#,
            #"{"type":"throttle","limit":1,"scope":{"probability":0.5}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try decode(bad) }
        }
    }

    /// A dialect that words a refusal as 429 and reports the quota in one header.
    struct TestDialect: FaultDialect {
        func outage(status: HTTPStatus) -> HTTPResponse { .text(status, "down") }
        func annotate(_ response: inout HTTPResponse, with quota: ThrottleQuota) {
            response.headers["X-Quota"] = "\(quota.used)/\(quota.limit)"
        }
        func isMetered(_ request: HTTPRequest) -> Bool { request.path.hasPrefix("/api") }
        func credentialKey(of request: HTTPRequest) -> String? { request.headers["X-Caller"] }
        func credentialName(forKey key: String) -> String { key }
    }

    static func call(_ handler: any HTTPHandler, _ path: String, caller: String = "a") -> HTTPResponse {
        handler.respond(to: HTTPRequest(method: .get, target: path, headers: ["X-Caller": caller]))
    }

    @Test func thePipelineRefusesInTheDialectsWordsAndLogsBackOff() throws {
        let clock = JournalClock(manualStart: Self.start)
        let pipeline = FaultPipeline(seed: 1, clock: clock, dialect: TestDialect())
        let handler = ClosureHandler { _ in .text(.ok, "ok") }.with(pipeline)
        try pipeline.inject(.throttle(ThrottleFault(limit: 2, windowSeconds: 10)))
        #expect(Self.call(handler, "/api/x").headers["X-Quota"] == "1/2")
        #expect(Self.call(handler, "/unmetered").headers["X-Quota"] == nil, "only metered requests count")
        #expect(Self.call(handler, "/api/x").headers["X-Quota"] == "2/2")
        let refused = Self.call(handler, "/api/x")
        #expect(refused.status == .tooManyRequests && refused.headers["Retry-After"] == "10" && refused.headers["X-Quota"] == "2/2")
        clock.advance(by: 5)
        #expect(Self.call(handler, "/api/x").status == .tooManyRequests, "still the same window")
        #expect(Self.call(handler, "/api/x", caller: "b").status == .tooManyRequests)
        clock.advance(by: 5)
        #expect(Self.call(handler, "/api/x").status == .ok)
        let log = pipeline.log.entries
        #expect(log.map(\.status) == [200, 200, 200, 429, 429, 429, 200])
        #expect(log.map(\.throttled) == [false, false, false, true, true, true, false])
        #expect(log.map(\.sentDuringBackoff) == [false, false, false, false, true, false, false], "b was never told to wait; a came back early once")
        #expect(log[3].faults == ["throttle:quota"])
        #expect(pipeline.log.summary.byCredential == ["a": 6, "b": 1])
        #expect(pipeline.records.first?.affected == 3)
    }

    @Test func aConcurrencyCapRefusesRequestsInFlightAtOnce() throws {
        let pipeline = FaultPipeline(seed: 1, dialect: TestDialect())
        try pipeline.inject(.throttle(ThrottleFault(maxConcurrent: 1)))
        let handler = ClosureHandler { _ in
            usleep(300_000)
            return .text(.ok, "ok")
        }.with(pipeline)
        let statuses = Mutex<[Int]>([])
        let done = DispatchSemaphore(value: 0)
        // Threads of their own: a pool as wide as the two cores would run the third call after the first.
        for index in 0..<3 {
            Thread {
                usleep(UInt32(index) * 20_000)
                let status = Self.call(handler, "/api/slow").status.code
                statuses.withLock { $0.append(status) }
                done.signal()
            }.start()
        }
        for _ in 0..<3 { done.wait() }
        #expect(statuses.withLock { $0.sorted() } == [200, 429, 429])
        #expect(Self.call(handler, "/api/slow").status == .ok, "the slot is free again")
    }
}

import Synchronization
