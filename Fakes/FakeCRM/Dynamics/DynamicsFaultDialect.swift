import FakeKit
import Foundation
import HTTP

/// The fault layer's answers in Dataverse's words: outages as its error
/// object, throttling as the service protection limit's `429` with
/// `Retry-After` and code `0x80072322` (requests per 300-second window) or
/// `0x80072326` (concurrent requests), and the app behind each token for the request log.
struct DynamicsFaultDialect: FaultDialect {
    let entra: EntraID

    func outage(status: HTTPStatus) -> HTTPResponse {
        switch status.code {
        case 500: DynamicsError(status, "0x80040216", "An unexpected error occurred.").response
        case 502: DynamicsError(status, "0x80040216", "Bad Gateway").response
        case 504: DynamicsError(status, "0x80040216", "The request timed out.").response
        default: DynamicsError(status, "0x80040216", "The service is unavailable. Try again later.").response
        }
    }

    func throttled(_ refusal: ThrottleRefusal) -> HTTPResponse {
        let error =
            refusal.reason == .quota
            ? DynamicsError(.tooManyRequests, "0x80072326", "Number of concurrent requests exceeded the limit of 52.")
            : DynamicsError(.tooManyRequests, "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.")
        var response = error.response
        response.headers["Retry-After"] = String(refusal.retryAfterSeconds)
        return response
    }

    /// The Web API counts; the metadata document is fetched once and costs the same, so it counts too.
    func isMetered(_ request: HTTPRequest) -> Bool { request.path.hasPrefix("/api/data/") }

    func credentialKey(of request: HTTPRequest) -> String? { request.headers["Authorization"] }

    func credentialName(forKey key: String) -> String {
        let token = key.lowercased().hasPrefix("bearer ") ? String(key.dropFirst(7)) : key
        let parts = token.split(separator: ".")
        guard parts.count == 3, let payload = JSONWebToken.decodeBase64URL(String(parts[1])),
            case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payload)), case .string(let appID)? = claims["appid"]
        else { return "bearer:" + RequestLog.fingerprint(token) }
        return "app:" + appID
    }
}

/// Applies the changes a scenario injects into the org: column and table
/// drift, and credential changes on the Entra side (every token expired, an
/// app's registration deleted, its secret rotated).
struct DynamicsFaultApplier: FaultApplier {
    let store: RecordStore
    let entra: EntraID
    let defaultClientID: String

    func apply(_ spec: FaultSpec) throws -> JSONValue {
        switch spec {
        case .drift(let drift):
            return try SchemaDrift.apply(drift, to: store, hooks: DynamicsDriftHooks())
        case .auth(let fault):
            let clientID = fault.clientId ?? defaultClientID
            switch fault.action {
            case .expireTokens:
                return ["expiredBefore": .string(DateFormats.formatISO(entra.expireAllTokens()))]
            case .revoke:
                guard fault.refreshToken == nil else { throw FaultError("Dataverse apps use client credentials: there is no refresh token to revoke") }
                guard entra.delete(clientID: clientID) else { throw FaultError("no app '\(clientID)'") }
                return ["revokedClient": .string(clientID)]
            case .rotateSecret:
                guard let app = entra.rotateSecret(clientID: clientID) else { throw FaultError("no app '\(clientID)'") }
                return ["clientId": .string(clientID), "clientSecret": .string(app.secret)]
            }
        default:
            throw FaultError(spec.isTraffic ? "'\(spec.type)' is a traffic fault: add it to the fault pipeline" : "this fake cannot apply '\(spec.type)'")
        }
    }
}

/// Drift the Dataverse way: system columns cannot change; new columns are
/// custom and carry a publisher prefix (`new_`, `sv_`…) in lower case; new
/// tables get the system columns.
struct DynamicsDriftHooks: DriftHooks {
    func isProtected(_ field: FieldDefinition, of object: ObjectDefinition) -> Bool { DynamicsSchema.isSystemColumn(field.name) || ["statecode", "statuscode"].contains(field.name) }

    func prepare(_ field: FieldDefinition, on object: ObjectDefinition) throws -> FieldDefinition {
        guard field.name == field.name.lowercased(), field.name.contains("_") else {
            throw FaultError("a Dataverse custom column's logical name is lower-case with a publisher prefix ('new_tier'): '\(field.name)'")
        }
        var made = field
        made.custom = true
        return made
    }

    func prepare(_ object: ObjectDefinition, in schema: Schema) throws -> ObjectDefinition {
        guard object.name == object.name.lowercased(), object.name.contains("_") else {
            throw FaultError("a Dataverse custom table's logical name is lower-case with a publisher prefix ('new_project'): '\(object.name)'")
        }
        var made = object
        made.custom = true
        DynamicsSchema.augment(&made)
        return made
    }
}
