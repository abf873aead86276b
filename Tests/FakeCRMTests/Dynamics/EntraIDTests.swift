import FakeKit
import Foundation
import HTTP
import Testing

@testable import FakeCRM

/// The Entra ID stand-in: discovery, the client-credentials grant, its
/// AADSTS refusals, and the org's 401 challenge for a missing, foreign or expired token.
@Suite(.tags(.inMemory)) struct EntraIDTests {
    @Test func discoveryNamesTheTenantsEndpoints() throws {
        let org = try DynamicsTestOrg()
        let tenant = org.fake.entra.tenantID
        let reply = org.entra(.get, "/\(tenant)/v2.0/.well-known/openid-configuration")
        #expect(reply.status == 200)
        #expect(reply.json["token_endpoint"]?.stringValue == "https://login.test/\(tenant)/oauth2/v2.0/token")
        #expect(reply.json["issuer"]?.stringValue == "https://login.test/\(tenant)/v2.0")
        #expect(reply.json["authorization_endpoint"]?.stringValue == "https://login.test/\(tenant)/oauth2/v2.0/authorize")
        let unknown = org.entra(.get, "/not-a-tenant/v2.0/.well-known/openid-configuration")
        #expect(unknown.status == 400 && unknown.json["error_codes"] == [90002])
    }

    @Test func clientCredentialsIssueAJWTForTheOrg() throws {
        let org = try DynamicsTestOrg()
        let tenant = org.fake.entra.tenantID
        let reply = org.entra(.post, "/\(tenant)/oauth2/v2.0/token", form: "grant_type=client_credentials&client_id=\(org.fake.app.clientID)&client_secret=s3cret&scope=https%3A%2F%2Forg.test%2F.default")
        #expect(reply.status == 200 && reply.json["token_type"] == "Bearer" && reply.json["expires_in"] == 3599)
        let token = try #require(reply.json["access_token"]?.stringValue)
        let payload = try #require(JSONWebToken.decodeBase64URL(String(token.split(separator: ".")[1])))
        let claims = try JSONDecoder().decode(JSONValue.self, from: Data(payload))
        #expect(claims["aud"] == "https://org.test" && claims["tid"]?.stringValue == tenant && claims["appid"]?.stringValue == org.fake.app.clientID)
        #expect(claims["exp"]?.intValue == (claims["iat"]?.intValue ?? 0) + 3599)
        #expect(try org.call(.get, "/WhoAmI", token: token).status == 200)
    }

    @Test(arguments: [
        ("grant_type=client_credentials&client_id=APP&client_secret=wrong&scope=https://org.test/.default", 401, "invalid_client", 7000215),
        ("client_id=APP&client_secret=s3cret&scope=https://org.test/.default", 400, "invalid_request", 900144),
        ("grant_type=password&client_id=APP&client_secret=s3cret&scope=https://org.test/.default", 400, "unsupported_grant_type", 70003),
        ("grant_type=client_credentials&client_id=APP&client_secret=s3cret&scope=https://org.test/user_impersonation", 400, "invalid_scope", 1002012),
        ("grant_type=client_credentials&client_id=APP&client_secret=s3cret&scope=https://other.test/.default", 400, "invalid_resource", 500011),
        ("grant_type=client_credentials&client_id=nobody&client_secret=s3cret&scope=https://org.test/.default", 400, "unauthorized_client", 700016),
    ])
    func refusalsCarryEntrasErrorBody(form: String, status: Int, error: String, code: Int) throws {
        let org = try DynamicsTestOrg()
        let reply = org.entra(.post, "/\(org.fake.entra.tenantID)/oauth2/v2.0/token", form: form.replacingOccurrences(of: "APP", with: org.fake.app.clientID))
        #expect(reply.status == status && reply.json["error"]?.stringValue == error && reply.json["error_codes"] == [.int(code)])
        #expect(reply.json["error_description"]?.stringValue?.hasPrefix("AADSTS\(code): ") == true)
        #expect(reply.json["trace_id"]?.stringValue != nil && reply.json["correlation_id"]?.stringValue != nil)
    }

    @Test func theOrgChallengesMissingForeignAndExpiredTokens() throws {
        let clock = JournalClock(manualStart: Date(timeIntervalSince1970: 1_800_000_000))
        let org = try DynamicsTestOrg(clock: clock)
        let challenge = "Bearer authorization_uri=https://login.test/\(org.fake.entra.tenantID)/oauth2/authorize, resource_id=https://org.test/"
        let missing = try org.call(.get, "/accounts", authorized: false)
        #expect(missing.status == 401 && missing.headers["WWW-Authenticate"] == challenge && missing.body.isEmpty)
        org.fake.entra.addResource("https://other.test")
        let foreign = try org.call(.get, "/accounts", token: try org.token(scope: "https://other.test/.default"))
        #expect(foreign.status == 401 && foreign.headers["WWW-Authenticate"]?.hasPrefix(challenge) == true)
        #expect(try org.call(.get, "/accounts", token: "not.a.jwt").status == 401)

        let token = try org.token()
        #expect(try org.call(.get, "/accounts", token: token).status == 200)
        clock.advance(by: 3600)
        let expired = try org.call(.get, "/accounts", token: token)
        #expect(expired.status == 401 && expired.headers["WWW-Authenticate"]?.contains("The access token has expired.") == true)

        let fresh = try org.token()
        try org.fake.inject(.auth(AuthFault(action: .expireTokens)))
        #expect(try org.call(.get, "/accounts", token: fresh).status == 401, "the expireTokens fault ends every token issued before it")
        #expect(try org.call(.get, "/accounts").status == 200, "a token issued after it works")
    }
}
