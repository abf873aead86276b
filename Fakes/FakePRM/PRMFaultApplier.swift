import FakeKit

/// Applies the changes a scenario injects into the PRM: schema drift on its
/// objects, and key changes (the PRM's credentials are API keys: a revoked
/// or rotated key answers 401 in the PRM's error shape). It has no refresh
/// tokens, no expiring sessions, no record types and one API version.
struct PRMFaultApplier: FaultApplier {
    struct Hooks: DriftHooks {}

    let store: RecordStore
    let keys: APIKeyRing

    func apply(_ spec: FaultSpec) throws -> JSONValue {
        switch spec {
        case .drift(let drift):
            return try SchemaDrift.apply(drift, to: store, hooks: Hooks())
        case .auth(let fault):
            let name = fault.clientId ?? "connector"
            switch fault.action {
            case .expireTokens:
                throw FaultError("the PRM's API keys do not expire: use revoke or rotateSecret")
            case .revoke:
                guard fault.refreshToken == nil else { throw FaultError("the PRM has no refresh tokens: revoke an API key by its clientId (key name)") }
                guard keys.revoke(name: name) else { throw FaultError("no API key named '\(name)'") }
                return ["revokedKey": .string(name)]
            case .rotateSecret:
                guard let key = keys.rotate(name: name) else { throw FaultError("no API key named '\(name)'") }
                return ["clientId": .string(name), "apiKey": .string(key)]
            }
        case .retireVersions:
            throw FaultError("the PRM serves one API version (v1): there is none to retire")
        default:
            // Traffic faults are layers of the pipeline, never applied here.
            throw FaultError.notApplicable(spec)
        }
    }
}
