import FakeKit

/// Applies the changes a scenario injects into the portal: property drift,
/// credential changes (expired OAuth tokens, an uninstalled app or revoked
/// refresh token, a rotated secret and private-app token) and the
/// retirement of whole API families (`below: "3.0"` takes the legacy v1/v2
/// paths away; `"4.0"` the v3 ones too, leaving v4 and the date-versioned
/// paths).
struct HubSpotFaultApplier: FaultApplier {
    let store: RecordStore
    let auth: HubSpotAuth
    let retired: RetiredVersions
    let defaultClientID: String

    func apply(_ spec: FaultSpec) throws -> JSONValue {
        switch spec {
        case .drift(let drift):
            return try SchemaDrift.apply(drift, to: store, hooks: HubSpotDriftHooks())
        case .auth(let fault):
            switch fault.action {
            case .expireTokens:
                return ["expiredTokens": .int(auth.expireAllAccessTokens())]
            case .revoke:
                if let refreshToken = fault.refreshToken {
                    guard auth.revoke(refreshToken: refreshToken) else { throw FaultError("no such refresh token") }
                    return ["revokedRefreshToken": .string(RequestLog.fingerprint(refreshToken))]
                }
                let clientID = fault.clientId ?? defaultClientID
                guard auth.revoke(clientID: clientID) else { throw FaultError("no app '\(clientID)'") }
                return ["revokedClient": .string(clientID)]
            case .rotateSecret:
                let clientID = fault.clientId ?? defaultClientID
                guard let app = auth.rotate(clientID: clientID) else { throw FaultError("no app '\(clientID)'") }
                return ["clientId": .string(clientID), "clientSecret": .string(app.secret), "accessToken": .string(app.privateAppToken)]
            }
        case .retireVersions(let fault):
            guard let newest = HubSpotAPI.numberedFamilies.last, fault.threshold <= Double(newest) else {
                throw FaultError("retiring every family below v\(fault.below) would leave none numbered (newest: v\(HubSpotAPI.numberedFamilies.last ?? 0))")
            }
            retired.retire(below: fault.threshold)
            let served = HubSpotAPI.numberedFamilies.filter { !retired.isRetired("\($0).0") }
            return ["retiredBelow": .string(fault.below), "served": .array(served.map { .string("v\($0)") })]
        default:
            throw FaultError.notApplicable(spec)
        }
    }
}

/// Schema drift the HubSpot way: system properties cannot change, new
/// properties are custom and lower-case, new objects are custom objects
/// (`2-…` type ids) with the system properties; there are no record types
/// (the protocol's default refuses them).
struct HubSpotDriftHooks: DriftHooks {
    func isProtected(_ field: FieldDefinition, of object: ObjectDefinition) -> Bool { HubSpotSchema.isSystemProperty(field.name) }

    func prepare(_ field: FieldDefinition, on object: ObjectDefinition) throws -> FieldDefinition {
        guard field.name == field.name.lowercased() else { throw FaultError("a HubSpot property name is lower-case: '\(field.name)'") }
        var made = field
        made.custom = true
        if made.type == .picklist || made.type == .multipicklist { made.restrictedPicklist = true }
        return made
    }

    func prepare(_ object: ObjectDefinition, in schema: Schema) throws -> ObjectDefinition {
        guard object.keyPrefix.hasPrefix("2-"), Int(object.keyPrefix.dropFirst(2)) != nil else {
            throw FaultError("a HubSpot custom object's keyPrefix is its object type id, '2-' and a number: '\(object.keyPrefix)'")
        }
        var made = object
        made.custom = true
        HubSpotSchema.augment(&made)
        return made
    }
}
