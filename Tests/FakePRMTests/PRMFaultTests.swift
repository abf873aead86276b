import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakePRM

@Suite(.tags(.inMemory)) struct PRMFaultTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func world(rateLimit: Int = 6000) throws -> (PRMTestWorld, JournalClock) {
        let clock = JournalClock(manualStart: start)
        return (PRMTestWorld(prm: try PRMFake(program: .bundled("default"), clock: clock, apiKey: "test-key", rateLimit: rateLimit)), clock)
    }

    @Test func aThrottleAnswers429InThePRMsShapeAndTheLogSeesEarlyReturns() throws {
        let (world, clock) = try Self.world()
        try world.prm.inject(.throttle(ThrottleFault(limit: 2, windowSeconds: 30)))
        let first = world.call(.get, "/api/v1/partners")
        #expect(first.status == 200 && first.response.headers["X-RateLimit-Limit"] == "2" && first.response.headers["X-RateLimit-Remaining"] == "1")
        #expect(first.response.headers["X-RateLimit-Reset"] == "30")
        _ = world.call(.get, "/api/v1/partners")
        let refused = world.call(.get, "/api/v1/partners")
        #expect(refused.status == 429 && refused.code == "rate_limited" && refused.json["error"]?["status"] == 429)
        #expect(refused.response.headers["Retry-After"] == "30" && refused.response.headers["X-RateLimit-Remaining"] == "0")
        #expect(world.call(.get, "/openapi.json").status == 200, "the document is not metered")
        clock.advance(by: 10)
        #expect(world.call(.get, "/api/v1/partners").status == 429)
        #expect(world.call(.get, "/api/v1/partners", as: "nina").status == 429, "one quota for every caller")
        clock.advance(by: 20)
        #expect(world.call(.get, "/api/v1/partners").status == 200)
        let log = world.prm.requestLog.entries
        #expect(log.map(\.status) == [200, 200, 429, 200, 429, 429, 200])
        #expect(log.map(\.sentDuringBackoff) == [false, false, false, false, true, false, false])
        #expect(log.map(\.credential) == Array(repeating: "api-key:connector", count: 5) + ["partner-user:\(world.id("nina"))", "api-key:connector"])
    }

    @Test func thePRMsOwnQuotaCountsAsThrottling() throws {
        let (world, clock) = try Self.world(rateLimit: 1)
        #expect(world.call(.get, "/api/v1/partners").status == 200)
        let refused = world.call(.get, "/api/v1/partners")
        #expect(refused.status == 429 && refused.response.headers["Retry-After"] == "60")
        clock.advance(by: 59)
        _ = world.call(.get, "/api/v1/partners")
        clock.advance(by: 1)
        #expect(world.call(.get, "/api/v1/partners").status == 200)
        #expect(world.prm.requestLog.entries.map(\.sentDuringBackoff) == [false, false, true, false])
        #expect(world.prm.requestLog.summary.throttled == 2)
    }

    @Test func rotatedAndRevokedKeysAnswer401() throws {
        let (world, _) = try Self.world()
        let id = try world.prm.inject(.auth(AuthFault(action: .rotateSecret)))
        let key = try #require(world.prm.faults.record(id: id)?.result?["apiKey"]?.stringValue)
        #expect(world.prm.currentAPIKey == key)
        let old = world.call(.get, "/api/v1/partners")
        #expect(old.status == 401 && old.code == "unauthorized")
        var request = HTTPRequest(method: .get, target: "/api/v1/partners", headers: ["Authorization": "Bearer \(key)"])
        #expect(world.prm.handler.respond(to: request).status == .ok)
        try world.prm.inject(.auth(AuthFault(action: .revoke, clientId: "connector")))
        request.headers["X-API-Key"] = key
        #expect(world.prm.handler.respond(to: request).status == .unauthorized)
        #expect(throws: FaultError.self) { try world.prm.inject(.auth(AuthFault(action: .expireTokens))) }
        #expect(throws: FaultError.self) { try world.prm.inject(.retireVersions(VersionRetirementFault(below: "2.0"))) }
        #expect(world.prm.requestLog.entries.first?.credential?.hasPrefix("token:") == true, "a rotated-away key is a fingerprint")
    }

    @Test func driftReachesThePRMsRecordsAndSchema() throws {
        let (world, _) = try Self.world()
        let spec = try JSONDecoder().decode(
            FaultSpec.self,
            from: Data(#"{"type":"drift","change":"addField","object":"Partner","field":{"name":"partnerNote","type":"string","length":18},"backfill":"none"}"#.utf8))
        try world.prm.inject(spec)
        let partner = world.call(.get, "/api/v1/partners/\(world.id("northwind"))")
        #expect(partner.json["partnerNote"] == "none")
        #expect(world.call(.patch, "/api/v1/partners/\(world.id("northwind"))", ["partnerNote": "Prefers email"]).status == 200)
        try world.prm.inject(.drift(.deleteField(object: "Partner", field: "region")))
        let refused = world.call(.patch, "/api/v1/partners/\(world.id("northwind"))", ["region": "EMEA"])
        #expect(refused.status == 400 && refused.code == "unknown_field")
        #expect(throws: FaultError("this system has no record types")) {
            try world.prm.inject(.drift(.addRecordType(object: "Partner", recordType: RecordTypeDefinition(id: "", developerName: "X"))))
        }
    }
}
