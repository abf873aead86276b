import Foundation
import HTTP
import Testing

@testable import FakeKit

@Suite(.tags(.inMemory)) struct FaultPipelineTests {
    static let ok = ClosureHandler { _ in .text(.ok, "handled by the dialect") }

    static func pipeline(seed: UInt64 = 7) -> FaultPipeline {
        FaultPipeline(seed: seed) { status in .json(status, [["errorCode": "SERVER_UNAVAILABLE"]]) }
    }

    static func decode(_ json: String) throws -> FaultSpec {
        try JSONDecoder().decode(FaultSpec.self, from: Data(json.utf8))
    }

    @Test func faultsDecodeStrictly() throws {
        #expect(try Self.decode(#"{"type":"latency","latencyMs":40}"#) == .latency(LatencyFault(latencyMs: 40)))
        #expect(
            try Self.decode(#"{"type":"outage","kind":"status","status":502,"scope":{"pathPrefixes":["/a"],"requestCount":2}}"#)
                == .outage(OutageFault(kind: .status, status: 502, scope: FaultScope(pathPrefixes: ["/a"], requestCount: 2))))
        for bad in [
            #"{"type":"earthquake"}"#, #"{"type":"latency","latencyMS":40}"#, #"{"type":"latency"}"#,
            #"{"type":"outage","kind":"status","status":404}"#, #"{"type":"outage","kind":"meltdown"}"#,
            #"{"type":"latency","latencyMs":1,"scope":{"probabilty":0.5}}"#, #"{"type":"latency","latencyMs":1,"scope":{"probability":2}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try Self.decode(bad) }
        }
        let round = try JSONDecoder().decode(FaultSpec.self, from: JSONEncoder().encode(FaultSpec.latency(LatencyFault(distribution: .uniform, latencyMs: 5, jitterMs: 2))))
        #expect(round == .latency(LatencyFault(distribution: .uniform, latencyMs: 5, jitterMs: 2)))
    }

    @Test func latencyDelaysOnlyMatchingRequests() throws {
        let pipeline = Self.pipeline()
        pipeline.add(.latency(LatencyFault(latencyMs: 120, scope: FaultScope(pathPrefixes: ["/slow"]))))
        let handler = Self.ok.with(pipeline)
        var start = Date()
        #expect(try handler.handle(HTTPRequest(method: .get, target: "/slow/x")).status == .ok)
        #expect(Date().timeIntervalSince(start) >= 0.12)
        start = Date()
        _ = try handler.handle(HTTPRequest(method: .get, target: "/fast"))
        #expect(Date().timeIntervalSince(start) < 0.1)
        #expect(pipeline.outcomes.map(\.applied) == [["latency:120"], ["pass"]])
    }

    @Test func outagesAnswerInTheDialectOrBreakTheConnection() throws {
        let pipeline = Self.pipeline()
        let id = pipeline.add(.outage(OutageFault(kind: .status, status: 503, scope: FaultScope(afterRequests: 1, requestCount: 2))))
        let handler = Self.ok.with(pipeline)
        let statuses = try (0..<4).map { _ in try handler.handle(HTTPRequest(method: .get, target: "/x")).status.code }
        #expect(statuses == [200, 503, 503, 200], "one passes, then two fail, then it ends by itself")
        pipeline.clear(id: id)
        pipeline.add(.outage(OutageFault(kind: .reset)))
        #expect(try handler.handle(HTTPRequest(method: .get, target: "/x")).action == .reset)
        pipeline.clear()
        pipeline.add(.outage(OutageFault(kind: .closeMidBody)))
        #expect(try handler.handle(HTTPRequest(method: .get, target: "/x")).action == .truncateBody(afterBytes: 11))
        pipeline.clear()
        pipeline.add(.outage(OutageFault(kind: .holdOpen, holdMs: 50, scope: FaultScope(methods: ["PATCH"]))))
        #expect(try handler.handle(HTTPRequest(method: .patch, target: "/x")).action == .holdOpen(milliseconds: 50))
        #expect(try handler.handle(HTTPRequest(method: .get, target: "/x")).action == .send)
    }

    @Test func sameSeedSameScheduleRequestByRequest() throws {
        func run(seed: UInt64) throws -> [[String]] {
            let pipeline = Self.pipeline(seed: seed)
            pipeline.add(.outage(OutageFault(kind: .status, scope: FaultScope(probability: 0.3))))
            pipeline.add(.latency(LatencyFault(distribution: .uniform, latencyMs: 2, jitterMs: 2, scope: FaultScope(probability: 0.5))))
            let handler = Self.ok.with(pipeline)
            for i in 0..<200 { _ = handler.respond(to: HTTPRequest(method: .get, target: "/r/\(i)")) }
            return pipeline.outcomes.map(\.applied)
        }
        let first = try run(seed: 42)
        #expect(try run(seed: 42) == first)
        #expect(try run(seed: 43) != first)
        let failed = first.filter { $0.contains("outage:status") }.count
        #expect((30...90).contains(failed), "about 30 % of 200 requests: \(failed)")
    }

    @Test func logNormalLatencyHasTheRequestedMedian() {
        var generator = SeededGenerator(seed: 1)
        let fault = LatencyFault(distribution: .logNormal, latencyMs: 100, sigma: 0.5)
        let samples = (0..<2001).map { _ in fault.delayMs(using: &generator) }.sorted()
        #expect((90...110).contains(samples[1000]), "median \(samples[1000])")
    }

    @Test func timeScopesStartAndEndOnTheJournalClock() throws {
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_700_000_000))
        let pipeline = FaultPipeline(seed: 1, clock: clock, dialect: GenericFaultDialect { .text($0, "down") })
        let handler = Self.ok.with(pipeline)
        let id = try pipeline.inject(.outage(OutageFault(kind: .status, scope: FaultScope(startAfterSeconds: 10, durationSeconds: 5))))
        func status() -> Int { handler.respond(to: HTTPRequest(method: .get, target: "/x")).status.code }
        #expect(status() == 200 && pipeline.record(id: id)?.state == .pending)
        clock.advance(by: 10)
        #expect(status() == 503 && pipeline.record(id: id)?.state == .active)
        clock.advance(by: 4.9)
        #expect(status() == 503)
        clock.advance(by: 0.1)
        #expect(status() == 200 && pipeline.record(id: id)?.state == .ended)
        #expect(pipeline.record(id: id)?.affected == 2)
    }

    @Test func changesNeedAnApplierAndShareTheIdSequence() throws {
        let pipeline = Self.pipeline()
        let latency = pipeline.add(.latency(LatencyFault(latencyMs: 0)))
        #expect(throws: FaultError("this fake cannot apply 'auth' faults")) { try pipeline.inject(.auth(AuthFault(action: .expireTokens))) }
        let failed = pipeline.add(.retireVersions(VersionRetirementFault(below: "40.0")))
        #expect(pipeline.records.map(\.id) == [latency, 2, failed] && failed == 3)
        #expect(pipeline.records.map(\.state) == [.active, .failed, .failed])
        #expect(pipeline.record(id: 3)?.error == "this fake cannot apply 'retireVersions' faults")
        #expect(!pipeline.clear(id: 3), "a change is not a layer: there is nothing to clear")
        _ = Self.ok.with(pipeline).respond(to: HTTPRequest(method: .get, target: "/x"))
        pipeline.reset()
        #expect(pipeline.records.isEmpty && pipeline.log.count == 0 && pipeline.outcomes.isEmpty)
    }

    @Test func everyKindRoundTripsThroughJSON() throws {
        let specs: [FaultSpec] = [
            .latency(LatencyFault(distribution: .logNormal, latencyMs: 50, sigma: 0.3)),
            .outage(OutageFault(kind: .holdOpen, holdMs: 10, scope: FaultScope(methods: ["GET"], startAfterSeconds: 1, durationSeconds: 2))),
            .throttle(ThrottleFault(limit: 10, windowSeconds: 1, maxConcurrent: 2)),
            .drift(.changeFieldType(object: "Account", field: "Rating", fieldType: .string, length: 40, precision: nil, scale: nil)),
            .drift(.addObject(definition: ObjectDefinition(name: "X__c", keyPrefix: "a0X", fields: [FieldDefinition(name: "A__c", type: .int)]))),
            .auth(AuthFault(action: .revoke, refreshToken: "5Aep8abc")),
            .retireVersions(VersionRetirementFault(below: "v40.0")),
        ]
        for spec in specs {
            #expect(try JSONDecoder().decode(FaultSpec.self, from: JSONEncoder().encode(spec)) == spec)
        }
        #expect(VersionRetirementFault(below: "v40.0").below == "40.0")
        for bad in [
            #"{"type":"auth","action":"revoke"}"#, #"{"type":"auth","action":"expireTokens","clientId":"x"}"#,
            #"{"type":"auth","action":"logout"}"#, #"{"type":"retireVersions","below":"forty"}"#, #"{"type":"retireVersions"}"#,
            #"{"type":"latency","latencyMs":1,"scope":{"durationSeconds":-1}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") { try Self.decode(bad) }
        }
    }
}
