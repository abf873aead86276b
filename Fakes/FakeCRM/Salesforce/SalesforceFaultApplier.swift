import FakeKit

/// Applies the changes a scenario injects into the org: schema drift,
/// credential changes (expired sessions, revoked apps or refresh tokens,
/// rotated secrets) and API version retirement.
struct SalesforceFaultApplier: FaultApplier {
    let store: RecordStore
    let oauth: OAuthRegistry
    let retired: RetiredVersions
    /// The connector's connected app, acted on when a fault names none.
    let defaultClientID: String

    func apply(_ spec: FaultSpec) throws -> JSONValue {
        switch spec {
        case .drift(let drift):
            return try SchemaDrift.apply(drift, to: store, hooks: SalesforceDriftHooks())
        case .auth(let fault):
            switch fault.action {
            case .expireTokens:
                return ["expiredTokens": .int(oauth.expireAllAccessTokens())]
            case .revoke:
                if let refreshToken = fault.refreshToken {
                    guard oauth.revoke(refreshToken: refreshToken) else { throw FaultError("no such refresh token") }
                    return ["revokedRefreshToken": .string(RequestLog.fingerprint(refreshToken))]
                }
                let clientID = fault.clientId ?? defaultClientID
                guard oauth.client(clientID) != nil else { throw FaultError("no connected app '\(clientID)'") }
                oauth.revoke(clientID: clientID)
                return ["revokedClient": .string(clientID)]
            case .rotateSecret:
                let clientID = fault.clientId ?? defaultClientID
                guard let secret = oauth.rotateSecret(clientID: clientID) else { throw FaultError("no connected app '\(clientID)'") }
                return ["clientId": .string(clientID), "clientSecret": .string(secret)]
            }
        case .retireVersions(let fault):
            guard let newest = SalesforceAPI.versions.last.flatMap(Double.init), fault.threshold <= newest else {
                throw FaultError("retiring every version below \(fault.below) would leave none (newest: \(SalesforceAPI.versions.last ?? "?"))")
            }
            retired.retire(below: fault.threshold)
            let served = SalesforceAPI.versions.filter { !retired.isRetired($0) }
            return ["retiredBelow": .string(fault.below), "served": .array(served.map(JSONValue.string))]
        default:
            // Traffic faults are layers of the pipeline, never applied here.
            throw FaultError.notApplicable(spec)
        }
    }
}
