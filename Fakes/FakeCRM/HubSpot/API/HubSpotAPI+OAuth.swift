import FakeKit
import Foundation
import HTTP

extension HubSpotAPI {
    /// HubSpot's OAuth error body: `{"status":"BAD_REFRESH_TOKEN","message","correlationId","requestId"}`.
    static func oauthError(_ error: HubSpotAuth.GrantError) -> HTTPResponse {
        let (status, message): (String, String) =
            switch error {
            case .badClientID: ("BAD_CLIENT_ID", "missing or unknown client id")
            case .badClientSecret: ("BAD_CLIENT_SECRET", "missing or invalid client secret")
            case .badRefreshToken: ("BAD_REFRESH_TOKEN", "missing or unknown refresh token")
            case .badAuthCode: ("BAD_AUTH_CODE", "missing or unknown auth code")
            case .badRedirectURI: ("BAD_REDIRECT_URI", "redirect_uri does not match initial auth request")
            case .badGrantType: ("BAD_GRANT_TYPE", "missing or unknown grant type")
            }
        let id = HubSpotError.correlationID()
        return ordered(
            .object([("status", .value(.string(status))), ("message", .value(.string(message))), ("correlationId", .value(.string(id))), ("requestId", .value(.string(id)))]),
            status: .badRequest)
    }

    /// `POST /oauth/v1/token` (and `/oauth/2026-03/token`, which rotates refresh tokens): form-encoded
    /// `authorization_code` or `refresh_token` grants → `{"token_type":"bearer","refresh_token","access_token","expires_in":1800}`.
    func token(_ request: HTTPRequest) throws -> HTTPResponse {
        let form = request.formFields
        do {
            let grant = try auth.grant(
                type: form["grant_type"] ?? "", clientID: form["client_id"], clientSecret: form["client_secret"], code: form["code"],
                redirectURI: form["redirect_uri"], refreshToken: form["refresh_token"], rotate: request.headers["X-SV-HubSpot-Rotate"] == "1")
            return Self.ordered(
                .object([
                    ("token_type", .value("bearer")), ("refresh_token", .value(.string(grant.refreshToken))),
                    ("access_token", .value(.string(grant.accessToken))), ("expires_in", .value(.int(grant.expiresIn))),
                ]))
        } catch {
            return Self.oauthError(error)
        }
    }

    /// `GET /oauth/v1/access-tokens/{token}`: the token's portal, app, scopes and time left.
    func accessTokenInfo(_ request: HTTPRequest) throws -> HTTPResponse {
        let token = request.pathParameters["token"] ?? ""
        guard let info = auth.accessTokenInfo(token) else {
            return HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Token not found or expired").response
        }
        return Self.ordered(
            .object([
                ("token", .value(.string(token))), ("user", .value(.string("integration@portal-\(portalID).example"))),
                ("hub_domain", .value(.string("portal-\(portalID).example"))), ("scopes", .array(info.scopes.map { .value(.string($0)) })),
                ("hub_id", .value(.int(portalID))), ("app_id", .value(.int(HubSpotAuth.appID(of: info.clientID)))), ("expires_in", .value(.int(info.expiresIn))),
                ("user_id", .value(.int(auth.userID))), ("token_type", .value("access")),
            ]))
    }

    /// `GET /oauth/v1/refresh-tokens/{token}`.
    func refreshTokenInfo(_ request: HTTPRequest) throws -> HTTPResponse {
        let token = request.pathParameters["token"] ?? ""
        guard let info = auth.refreshTokenInfo(token) else { return HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Refresh token not found").response }
        return Self.ordered(
            .object([
                ("token", .value(.string(token))), ("user", .value(.string("integration@portal-\(portalID).example"))),
                ("hub_domain", .value(.string("portal-\(portalID).example"))), ("scopes", .array(info.scopes.map { .value(.string($0)) })),
                ("hub_id", .value(.int(portalID))), ("client_id", .value(.string(info.clientID))), ("user_id", .value(.int(auth.userID))),
                ("token_type", .value("refresh")),
            ]))
    }

    /// `DELETE /oauth/v1/refresh-tokens/{token}`: the app's user uninstalls this grant → 204.
    func deleteRefreshToken(_ request: HTTPRequest) throws -> HTTPResponse {
        guard auth.revoke(refreshToken: request.pathParameters["token"] ?? "") else {
            return HubSpotError(.notFound, "OBJECT_NOT_FOUND", "Refresh token not found").response
        }
        return HTTPResponse(status: .noContent)
    }

    /// `GET /oauth/authorize?client_id&redirect_uri&scope&state`: the user consents at once, and is sent
    /// to `redirect_uri?code=…&state=…` (302), as the install flow ends.
    func authorize(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let clientID = request.query("client_id"), let redirect = request.query("redirect_uri") else {
            return HubSpotError.validation("client_id and redirect_uri are required").response
        }
        let scopes = (request.query("scope") ?? "").split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init)
        do {
            let code = try auth.authorize(clientID: clientID, redirectURI: redirect, scopes: scopes)
            var location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
            if let state = request.query("state") { location += "&state=" + (state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? state) }
            var response = HTTPResponse(status: HTTPStatus(302))
            response.headers["Location"] = location
            return response
        } catch {
            return Self.oauthError(error)
        }
    }
}
