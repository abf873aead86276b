import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// Private-app tokens, OAuth 2.0 and scopes, with HubSpot's 401 and 403 bodies.
@Suite(.tags(.socket)) struct HubSpotAuthTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func missingAndUnknownTokens() throws {
        let portal = try HubSpotTestPortal()
        for reply in [try portal.call(.get, "/crm/v3/objects/contacts", authorized: false), try portal.call(.get, "/crm/v3/objects/contacts", token: "pat-na1-nope")] {
            #expect(reply.status == 401 && reply.category == "INVALID_AUTHENTICATION")
            #expect(reply.message?.hasPrefix("Authentication credentials not found.") == true)
        }
    }

    @Test func oauthRefreshAndExpiry() throws {
        let clock = JournalClock(manualStart: Self.start)
        let portal = try HubSpotTestPortal(clock: clock)
        let form = "grant_type=refresh_token&client_id=test-app&client_secret=s3cret&refresh_token=\(portal.fake.refreshToken)"
        let granted = try portal.call(.post, "/oauth/v1/token", form: form, authorized: false)
        #expect(granted.status == 200 && granted.json["token_type"] == "bearer" && granted.json["expires_in"] == 1800)
        #expect(granted.json["refresh_token"]?.stringValue == portal.fake.refreshToken, "v1 keeps the refresh token")
        let access = try #require(granted.json["access_token"]?.stringValue)
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: access).status == 200)
        let info = try portal.call(.get, "/oauth/v1/access-tokens/\(access)", authorized: false)
        #expect(info.json["hub_id"]?.intValue == portal.fake.portalID && info.json["expires_in"] == 1800 && info.json["token_type"] == "access")
        #expect(info.json["scopes"]?.arrayValue?.contains("crm.objects.contacts.read") == true)
        clock.advance(by: 1801)
        let expired = try portal.call(.get, "/crm/v3/objects/contacts", token: access)
        #expect(expired.status == 401 && expired.category == "EXPIRED_AUTHENTICATION")
        #expect(expired.message == "The OAuth token used to make this call expired 0 minute(s) ago.")
        let rotated = try portal.call(.post, "/oauth/2026-03/token", form: form, authorized: false)
        let newRefresh = try #require(rotated.json["refresh_token"]?.stringValue)
        #expect(newRefresh != portal.fake.refreshToken, "the date-versioned endpoint rotates")
        let spent = try portal.call(.post, "/oauth/2026-03/token", form: form, authorized: false)
        #expect(spent.status == 400 && spent.json["status"] == "BAD_REFRESH_TOKEN" && spent.json["message"] == "missing or unknown refresh token")
        #expect(spent.json["correlationId"] != nil)
        let badSecret = try portal.call(.post, "/oauth/v1/token", form: "grant_type=refresh_token&client_id=test-app&client_secret=no&refresh_token=\(newRefresh)", authorized: false)
        #expect(badSecret.json["status"] == "BAD_CLIENT_SECRET")
        #expect(try portal.call(.post, "/oauth/v1/token", form: "grant_type=magic&client_id=test-app&client_secret=s3cret", authorized: false).json["status"] == "BAD_GRANT_TYPE")
    }

    @Test func authorizationCodeFlow() throws {
        let portal = try HubSpotTestPortal()
        let redirect = "https://connector.example/callback"
        let authorize = try portal.call(.get, "/oauth/authorize?client_id=test-app&redirect_uri=\(redirect)&scope=oauth%20crm.objects.contacts.read&state=xyz", authorized: false)
        #expect(authorize.status == 302)
        let location = try #require(authorize.headers["Location"])
        #expect(location.hasPrefix(redirect + "?code=") && location.hasSuffix("&state=xyz"))
        let code = String(location.dropFirst((redirect + "?code=").count).prefix { $0 != "&" })
        let granted = try portal.call(.post, "/oauth/v1/token", form: "grant_type=authorization_code&client_id=test-app&client_secret=s3cret&redirect_uri=\(redirect)&code=\(code)", authorized: false)
        let access = try #require(granted.json["access_token"]?.stringValue)
        #expect(try portal.call(.get, "/crm/v3/objects/contacts", token: access).status == 200)
        let forbidden = try portal.call(.get, "/crm/v3/objects/deals", token: access)
        #expect(forbidden.status == 403 && forbidden.category == "MISSING_SCOPES")
        #expect(forbidden.json["errors"]?.arrayValue?.first?["context"]?["requiredGranularScopes"] == ["crm.objects.deals.read"])
        let reused = try portal.call(.post, "/oauth/v1/token", form: "grant_type=authorization_code&client_id=test-app&client_secret=s3cret&redirect_uri=\(redirect)&code=\(code)", authorized: false)
        #expect(reused.json["status"] == "BAD_AUTH_CODE")
    }
}
