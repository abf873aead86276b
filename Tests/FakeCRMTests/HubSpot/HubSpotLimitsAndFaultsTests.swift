import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// HubSpot's own rate limits and headers, and every fault kind in HubSpot's words.
@Suite(.tags(.socket)) struct HubSpotLimitsAndFaultsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func portal(dailyAPILimit: Int = 625_000) throws -> HubSpotTestPortal {
        try HubSpotTestPortal(clock: JournalClock(manualStart: start), dailyAPILimit: dailyAPILimit)
    }

    @Test func everyAnswerCarriesTheRateLimitHeadersButSearch() throws {
        let portal = try Self.portal(dailyAPILimit: 1000)
        let first = try portal.call(.get, "/crm/v3/objects/contacts")
        #expect(first.headers["X-HubSpot-RateLimit-Daily"] == "1000" && first.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "999")
        #expect(first.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000" && first.headers["X-HubSpot-RateLimit-Max"] == "190")
        #expect(first.headers["X-HubSpot-RateLimit-Remaining"] == "189")
        #expect(first.headers["X-HubSpot-RateLimit-Secondly"] == "19" && first.headers["X-HubSpot-RateLimit-Secondly-Remaining"] == "18")
        let second = try portal.call(.get, "/crm/v3/objects/companies")
        #expect(second.headers["X-HubSpot-RateLimit-Remaining"] == "188" && second.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "998")
        let search = try portal.search("contacts", [:])
        #expect(search.status == 200 && search.headers["X-HubSpot-RateLimit-Max"] == nil && search.headers["X-HubSpot-RateLimit-Daily"] == nil)
    }

    @Test func theTenSecondAllowanceRefusesWithRateLimit() throws {
        let portal = try Self.portal()
        for _ in 0..<190 { _ = try portal.call(.get, "/crm/v3/objects/contacts?limit=1") }
        let refused = try portal.call(.get, "/crm/v3/objects/contacts")
        #expect(refused.status == 429 && refused.json["errorType"] == "RATE_LIMIT" && refused.json["policyName"] == "TEN_SECONDLY_ROLLING")
        #expect(refused.json["status"] == "error" && refused.json["correlationId"] != nil && refused.headers["Retry-After"] == nil)
        portal.clock.advance(by: 10)
        #expect(try portal.call(.get, "/crm/v3/objects/contacts").status == 200, "the window rolled on")
    }

    @Test func theDailyAndSearchLimits() throws {
        let portal = try Self.portal(dailyAPILimit: 10)
        portal.fake.limits.setDailyUsage(app: "test-app", used: 10)
        let daily = try portal.call(.get, "/crm/v3/objects/contacts")
        #expect(daily.status == 429 && daily.json["policyName"] == "DAILY")
        portal.fake.limits.setDailyUsage(app: "test-app", used: 0)
        let searches = try (0..<6).map { _ in try portal.search("contacts", [:]).status }
        #expect(searches == [200, 200, 200, 200, 200, 429], "five searches a second")
        portal.clock.advance(by: 1)
        #expect(try portal.search("contacts", [:]).status == 200)
    }

    @Test func aThrottleFaultAnswersAsHubSpot() throws {
        let portal = try Self.portal()
        try portal.fake.inject(.throttle(ThrottleFault(limit: 2, windowSeconds: 10)))
        let replies = try (0..<3).map { _ in try portal.call(.get, "/crm/v3/objects/deals") }
        #expect(replies.map(\.status) == [200, 200, 429])
        #expect(replies[0].headers["X-HubSpot-RateLimit-Max"] == "2" && replies[1].headers["X-HubSpot-RateLimit-Remaining"] == "0")
        #expect(replies[2].json["errorType"] == "RATE_LIMIT" && replies[2].headers["Retry-After"] == nil)
        #expect(try portal.call(.post, "/oauth/v1/token", form: "grant_type=refresh_token&client_id=test-app&client_secret=s3cret&refresh_token=\(portal.fake.refreshToken)", authorized: false).status == 200, "OAuth is not metered")
        #expect(portal.fake.requestLog.entries.allSatisfy { $0.credential == "test-app" })
        portal.fake.clearFaults()
        try portal.fake.inject(.throttle(ThrottleFault(limit: 0, windowSeconds: 10, retryAfter: true)))
        let told = try portal.call(.get, "/crm/v3/objects/deals")
        #expect(told.status == 429 && told.headers["Retry-After"] == "10", "retryAfter: true names the wait")
    }

    @Test func outagesAndLatency() throws {
        let portal = try Self.portal()
        let id = try portal.fake.inject(.outage(OutageFault(kind: .status, status: 503)))
        let down = try portal.call(.get, "/crm/v3/objects/contacts")
        #expect(down.status == 503 && down.json["status"] == "error" && down.category == "SERVICE_UNAVAILABLE")
        portal.fake.clearFaults(id: id)
        try portal.fake.inject(.latency(LatencyFault(latencyMs: 50)))
        let began = Date()
        #expect(try portal.call(.get, "/crm/v3/objects/contacts").status == 200)
        #expect(Date().timeIntervalSince(began) >= 0.05)
    }

    @Test func driftChangesTheProperties() throws {
        let portal = try Self.portal()
        let spec = try JSONDecoder().decode(FaultSpec.self, from: Data(#"{"type":"drift","change":"addField","object":"deals","field":{"name":"churn_risk","type":"double"}}"#.utf8))
        try portal.fake.inject(spec)
        #expect(try portal.call(.get, "/crm/v3/properties/deals/churn_risk").json["type"] == "number")
        let rename = try JSONDecoder().decode(FaultSpec.self, from: Data(#"{"type":"drift","change":"renameField","object":"deals","field":"hs_object_id","newName":"x"}"#.utf8))
        #expect(throws: (any Error).self) { try portal.fake.inject(rename) }
    }

    @Test func authFaults() throws {
        let portal = try Self.portal()
        let form = "grant_type=refresh_token&client_id=test-app&client_secret=s3cret&refresh_token=\(portal.fake.refreshToken)"
        let access = try portal.call(.post, "/oauth/v1/token", form: form, authorized: false).json["access_token"]?.stringValue ?? ""
        try portal.fake.inject(.auth(AuthFault(action: .expireTokens)))
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: access).category == "EXPIRED_AUTHENTICATION")
        #expect(try portal.call(.get, "/crm/v3/objects/contacts").status == 200, "a private-app token does not expire")
        let old = portal.token
        try portal.fake.inject(.auth(AuthFault(action: .rotateSecret)))
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: old).status == 401)
        let fresh = try #require(portal.fake.auth.app("test-app")?.privateAppToken)
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: fresh).status == 200)
        try portal.fake.inject(.auth(AuthFault(action: .revoke, clientId: "test-app")))
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: fresh).category == "INVALID_AUTHENTICATION")
    }

    @Test func retiringTheLegacyFamilies() throws {
        let portal = try Self.portal()
        #expect(try portal.call(.get, "/properties/v2/companies/properties").status == 200)
        try portal.fake.inject(.retireVersions(VersionRetirementFault(below: "3.0")))
        let gone = try portal.call(.get, "/properties/v2/companies/properties")
        #expect(gone.status == 404 && gone.message?.contains("sunset") == true)
        #expect(try portal.call(.get, "/crm/v3/objects/companies").status == 200)
        #expect(throws: (any Error).self) { try portal.fake.inject(.retireVersions(VersionRetirementFault(below: "5.0"))) }
    }
}
