import FakeKit
import Foundation
import HTTP

/// The Entra ID stand-in's endpoints, on a port of its own: OpenID
/// discovery (`/{tenant}/v2.0/.well-known/openid-configuration`) and the v2
/// token endpoint (`/{tenant}/oauth2/v2.0/token`) for the client-credentials
/// grant with `scope=<resource>/.default`, which MSAL and azure-identity use
/// with `authority=<this URL>` and instance discovery turned off.
struct EntraAPI: HTTPHandler {
    let entra: EntraID

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        let segments = request.path.split(separator: "/").map(String.init)
        guard let tenant = segments.first else { return notFound(request) }
        let rest = Array(segments.dropFirst())
        guard tenant.caseInsensitiveEquals(entra.tenantID) || tenant.caseInsensitiveEquals("organizations") && rest.first == "v2.0" else {
            if rest == ["oauth2", "v2.0", "token"] || rest.suffix(2) == [".well-known", "openid-configuration"] {
                return EntraError.tenantNotFound(tenant).at(entra.clock.now()).response
            }
            return notFound(request)
        }
        switch (request.method, rest) {
        case (.get, ["v2.0", ".well-known", "openid-configuration"]): return discovery(request)
        case (.post, ["oauth2", "v2.0", "token"]): return token(request)
        case (_, ["oauth2", "v2.0", "token"]):
            var response = HTTPResponse(status: .methodNotAllowed)
            response.headers["Allow"] = "POST"
            return response
        default: return notFound(request)
        }
    }

    private func notFound(_ request: HTTPRequest) -> HTTPResponse { .text(.notFound, "") }

    /// The stand-in's base URL: as the world announced it, else as the client reached it.
    private func authority(_ request: HTTPRequest) -> String {
        entra.authorityURL ?? "https://\(request.headers["Host"] ?? "127.0.0.1")"
    }

    private func discovery(_ request: HTTPRequest) -> HTTPResponse {
        let base = authority(request) + "/" + entra.tenantID
        let body = OrderedJSON.object([
            ("token_endpoint", .value(.string(base + "/oauth2/v2.0/token"))),
            ("token_endpoint_auth_methods_supported", .array(["client_secret_post", "private_key_jwt", "client_secret_basic"].map { .value(.string($0)) })),
            ("jwks_uri", .value(.string(base + "/discovery/v2.0/keys"))),
            ("response_modes_supported", .array(["query", "fragment", "form_post"].map { .value(.string($0)) })),
            ("subject_types_supported", .array([.value("pairwise")])),
            ("id_token_signing_alg_values_supported", .array([.value("RS256")])),
            ("response_types_supported", .array(["code", "id_token", "code id_token", "id_token token"].map { .value(.string($0)) })),
            ("scopes_supported", .array(["openid", "profile", "email", "offline_access"].map { .value(.string($0)) })),
            ("issuer", .value(.string(base + "/v2.0"))),
            ("request_uri_parameter_supported", .value(.bool(false))),
            ("userinfo_endpoint", .value(.string(authority(request) + "/oidc/userinfo"))),
            ("authorization_endpoint", .value(.string(base + "/oauth2/v2.0/authorize"))),
            ("device_authorization_endpoint", .value(.string(base + "/oauth2/v2.0/devicecode"))),
            ("http_logout_supported", .value(.bool(true))),
            ("frontchannel_logout_supported", .value(.bool(true))),
            ("end_session_endpoint", .value(.string(base + "/oauth2/v2.0/logout"))),
            ("claims_supported", .array(["sub", "iss", "aud", "exp", "iat", "nbf", "tid", "appid", "oid"].map { .value(.string($0)) })),
            ("tenant_region_scope", .value("EU")),
            ("cloud_instance_name", .value("microsoftonline.com")),
            ("cloud_graph_host_name", .value("graph.windows.net")),
            ("msgraph_host", .value("graph.microsoft.com")),
        ])
        return .json(.ok, data: body.serialized())
    }

    private func token(_ request: HTTPRequest) -> HTTPResponse {
        do {
            return try issue(request)
        } catch {
            return error.at(entra.clock.now()).response
        }
    }

    private func issue(_ request: HTTPRequest) throws(EntraError) -> HTTPResponse {
        var form = request.formFields
        // client_secret_basic: the client id and secret in `Authorization: Basic` (RFC 6749 §2.3.1).
        if let header = request.headers["Authorization"], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).flatMap({ String(data: $0, encoding: .utf8) }),
            let colon = decoded.firstIndex(of: ":")
        {
            form["client_id"] = form["client_id"] ?? String(decoded[..<colon]).removingPercentEncoding
            form["client_secret"] = form["client_secret"] ?? String(decoded[decoded.index(after: colon)...]).removingPercentEncoding
        }
        guard let grant = form["grant_type"], !grant.isEmpty else { throw .missingParameter("grant_type") }
        guard grant == "client_credentials" else { throw .unsupportedGrant(grant) }
        guard let clientID = form["client_id"], !clientID.isEmpty else { throw .missingParameter("client_id") }
        guard let scope = form["scope"], !scope.isEmpty else { throw .missingParameter("scope") }
        guard let app = entra.app(clientID) else { throw .unknownApp(clientID, tenant: entra.tenantID) }
        guard let secret = form["client_secret"], !secret.isEmpty else {
            throw EntraError(
                .unauthorized, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
        }
        guard secret == app.secret else { throw .invalidSecret(clientID) }
        let scopes = scope.split(separator: " ").map(String.init)
        guard scopes.count == 1, let only = scopes.first, only.hasSuffix("/.default") else { throw .scopeWithoutDefault(scope) }
        let resource = String(only.dropLast("/.default".count))
        guard entra.isResource(resource) else { throw .unknownResource(resource, tenant: entra.tenantID) }
        let token = entra.issueToken(app: app, resource: resource)
        let body = OrderedJSON.object([
            ("token_type", .value("Bearer")), ("expires_in", .value(.int(EntraID.tokenLifetimeSeconds))),
            ("ext_expires_in", .value(.int(EntraID.tokenLifetimeSeconds))), ("access_token", .value(.string(token))),
        ])
        var response = HTTPResponse.json(.ok, data: body.serialized())
        response.headers["Cache-Control"] = "no-store, no-cache"
        response.headers["Pragma"] = "no-cache"
        return response
    }
}
