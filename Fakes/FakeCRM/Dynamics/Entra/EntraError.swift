import FakeKit
import Foundation
import HTTP

/// The token endpoint's refusals as Entra words them (RFC 6749 §5.2 with
/// Entra's additions): `error`, `error_description` starting with the
/// `AADSTS` number and ending with the trace and correlation ids and the
/// time, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`.
struct EntraError: HTTPResponseError, Equatable {
    let status: HTTPStatus
    let error: String
    let code: Int
    let message: String
    var timestamp = Date(timeIntervalSince1970: 0)

    init(_ status: HTTPStatus, _ error: String, _ code: Int, _ message: String) {
        self.status = status
        self.error = error
        self.code = code
        self.message = message
    }

    func at(_ time: Date) -> EntraError {
        var stamped = self
        stamped.timestamp = time
        return stamped
    }

    var response: HTTPResponse {
        let traceID = UUIDText.make()
        let correlationID = UUIDText.make()
        let stamp = Self.timestampText(timestamp)
        let description = "AADSTS\(code): \(message) Trace ID: \(traceID) Correlation ID: \(correlationID) Timestamp: \(stamp)"
        let body = OrderedJSON.object([
            ("error", .value(.string(error))), ("error_description", .value(.string(description))), ("error_codes", .array([.value(.int(code))])),
            ("timestamp", .value(.string(stamp))), ("trace_id", .value(.string(traceID))), ("correlation_id", .value(.string(correlationID))),
            ("error_uri", .value(.string("https://login.microsoftonline.com/error?code=\(code)"))),
        ])
        var response = HTTPResponse.json(status, data: body.serialized())
        response.headers["Content-Type"] = "application/json; charset=utf-8"
        response.headers["Cache-Control"] = "no-store, no-cache"
        return response
    }

    /// `2026-12-01 23:05:00Z`, Entra's way.
    static func timestampText(_ date: Date) -> String {
        let iso = DateFormats.formatISO(date)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + "Z"
    }

    static func missingParameter(_ name: String) -> EntraError {
        EntraError(.badRequest, "invalid_request", 900144, "The request body must contain the following parameter: '\(name)'.")
    }

    static func tenantNotFound(_ tenant: String) -> EntraError {
        EntraError(
            .badRequest, "invalid_tenant", 90002,
            "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.")
    }

    static func unknownApp(_ clientID: String, tenant: String) -> EntraError {
        EntraError(
            .badRequest, "unauthorized_client", 700016,
            "Application with identifier '\(clientID)' was not found in the directory '\(tenant)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.")
    }

    static func invalidSecret(_ clientID: String) -> EntraError {
        EntraError(
            .unauthorized, "invalid_client", 7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '\(clientID)'.")
    }

    static func unsupportedGrant(_ grant: String) -> EntraError {
        EntraError(.badRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '\(grant)'.")
    }

    static func scopeWithoutDefault(_ scope: String) -> EntraError {
        EntraError(
            .badRequest, "invalid_scope", 1002012,
            "The provided value for scope \(scope) is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).")
    }

    static func unknownResource(_ resource: String, tenant: String) -> EntraError {
        EntraError(
            .badRequest, "invalid_resource", 500011,
            "The resource principal named \(resource) was not found in the tenant named \(tenant). This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.")
    }
}

/// A random lower-case GUID for trace and correlation ids.
enum UUIDText {
    static func make() -> String { UUID().uuidString.lowercased() }
}
