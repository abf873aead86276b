import FakeKit
import Foundation

/// Salesforce as the harness knows it: orgs from org files or describe
/// results, the system fields every object carries, deals as Opportunities.
public struct SalesforceDialect: CRMDialect {
    public init() {}

    public var name: String { "salesforce" }
    public var displayName: String { "Salesforce" }
    public var bundledOrgNames: [String] { OrgDefinition.bundledNames }
    public var defaultOrgName: String { "partner-channel" }
    public var defaultPartnerOrgName: String { "partner-reseller" }
    public func bundledOrg(_ name: String) throws -> OrgDefinition { try OrgDefinition.bundled(name) }
    public func loadOrg(path: String) throws -> OrgDefinition { try OrgDefinition.load(path: path) }
    public func schema(for org: OrgDefinition) -> Schema { SalesforceSchema.augment(org.schema) }
    public func isSystemField(_ field: String) -> Bool { SalesforceSchema.isSystemField(field) }
    public var deal: DealShape { DealShape(object: "Opportunity", stageField: "StageName", wonStages: ["Closed Won"], amountField: "Amount") }

    public func makeSystem(_ settings: CRMSystemSettings) throws -> any CRMSystem {
        try SalesforceFake(
            org: settings.org, clock: settings.clock, dailyAPILimit: settings.dailyAPILimit ?? 100_000, faultSeed: settings.faultSeed,
            system: settings.name, instance: SalesforceInstance(namespace: settings.namespace))
    }
}
