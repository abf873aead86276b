import FakeKit
import Foundation

/// Dynamics 365 (Dataverse) as the harness knows it: orgs from org files
/// (tables by logical name, option sets, lookups), the columns Dataverse
/// stamps itself, opportunities won by `statecode`.
public struct DynamicsDialect: CRMDialect {
    public init() {}

    public var name: String { "dynamics" }
    public var displayName: String { "Dynamics 365" }
    public var bundledOrgNames: [String] { OrgDefinition.bundledDynamicsNames }
    public var defaultOrgName: String { "default" }
    public func bundledOrg(_ name: String) throws -> OrgDefinition { try OrgDefinition.bundledDynamics(name) }

    public func loadOrg(path: String) throws -> OrgDefinition {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw OrgFileError(file: path, problems: ["a Dynamics org is an org file; folders of describe results are Salesforce's"])
        }
        return try OrgDefinition.load(file: URL(fileURLWithPath: path))
    }

    public func schema(for org: OrgDefinition) -> Schema { DynamicsSchema.served(org.schema) }
    public func isSystemField(_ field: String) -> Bool { DynamicsSchema.isSystemColumn(field) }
    public var deal: DealShape { DealShape(object: "opportunity", stageField: "statecode", wonStages: ["1"], amountField: "estimatedvalue") }

    public func makeSystem(_ settings: CRMSystemSettings) throws -> any CRMSystem {
        try DynamicsFake(org: settings.org, clock: settings.clock, idNamespace: settings.namespace, faultSeed: settings.faultSeed, system: settings.name)
    }
}
