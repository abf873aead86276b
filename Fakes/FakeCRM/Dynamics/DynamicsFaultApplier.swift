import FakeKit
import Foundation

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
            throw FaultError.notApplicable(spec)
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
