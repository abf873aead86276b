import FakeKit
import Foundation

/// HubSpot as the harness knows it: portals from org files (objects under
/// their plural API names, lower-case properties, reference fields as
/// associations) or the library's orgs projected onto HubSpot
/// (`HubSpotOrgProjection`), the properties HubSpot stamps itself, deals in `dealstage`.
public struct HubSpotDialect: CRMDialect {
    public init() {}

    public var name: String { "hubspot" }
    public var displayName: String { "HubSpot" }
    /// HubSpot's own portals, then the library's orgs (Salesforce's bundled ones), projected onto HubSpot.
    public var bundledOrgNames: [String] {
        let own = OrgDefinition.bundledHubSpotNames
        return own + OrgDefinition.bundledNames.filter { !own.contains($0) }
    }
    public var defaultOrgName: String { "default" }
    /// One bundled portal serves both roles until a reseller's portal is bundled too.
    public var defaultPartnerOrgName: String { "default" }
    public func bundledOrg(_ name: String) throws -> OrgDefinition {
        if OrgDefinition.bundledHubSpotNames.contains(name) || !OrgDefinition.bundledNames.contains(name) { return try OrgDefinition.bundledHubSpot(name) }
        return HubSpotOrgProjection.project(try OrgDefinition.bundled(name))
    }

    /// An org file; HubSpot has no describe folders to read.
    public func loadOrg(path: String) throws -> OrgDefinition {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw OrgFileError(file: path, problems: ["a HubSpot org is an org file; folders of describe results are Salesforce's"])
        }
        let org = try OrgDefinition.load(file: URL(fileURLWithPath: path))
        return HubSpotOrgProjection.isLibraryOrg(org) ? HubSpotOrgProjection.project(org) : org
    }

    public func schema(for org: OrgDefinition) -> Schema { HubSpotSchema.served(org.schema) }
    public func isSystemField(_ field: String) -> Bool { HubSpotSchema.isSystemProperty(field) }
    public var deal: DealShape { DealShape(object: "deals", stageField: "dealstage", wonStages: ["closedwon"], amountField: "amount") }

    public func makeSystem(_ settings: CRMSystemSettings) throws -> any CRMSystem {
        try HubSpotFake(
            org: settings.org, clock: settings.clock, idNamespace: settings.namespace, dailyAPILimit: settings.dailyAPILimit ?? 625_000,
            faultSeed: settings.faultSeed, system: settings.name)
    }
}
