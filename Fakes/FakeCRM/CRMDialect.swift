import FakeKit
import Foundation

/// One real CRM's way of doing things, as the harness needs to know it: how
/// its orgs load, which fields it stamps itself, where it keeps deals, and
/// how to stand up a fake of it. The world, the scenario validator and
/// `serve` reach a dialect only through this protocol and `CRMDialects`.
public protocol CRMDialect: Sendable {
    /// The name scenarios and `--crm` use (`salesforce`).
    var name: String { get }
    /// The product's name in messages and on admin pages (`Salesforce`).
    var displayName: String { get }
    /// Orgs that ship with the harness, by name.
    var bundledOrgNames: [String] { get }
    /// The org a world gets when none is named.
    var defaultOrgName: String { get }
    /// The org a partner's own CRM gets when none is named (a reseller's, not the vendor's).
    var defaultPartnerOrgName: String { get }
    func bundledOrg(_ name: String) throws -> OrgDefinition
    /// An org from a file or folder this dialect reads (an org file; a folder of describe results).
    func loadOrg(path: String) throws -> OrgDefinition
    /// The schema a fake of `org` serves: the org's objects with the fields the dialect adds to each.
    func schema(for org: OrgDefinition) -> Schema
    /// Whether the dialect stamps `field` on every write itself (so a write that changes only it means nothing).
    func isSystemField(_ field: String) -> Bool
    /// Where this dialect keeps a deal's stage and amount.
    var deal: DealShape { get }
    /// A fake org, ready to serve.
    func makeSystem(_ settings: CRMSystemSettings) throws -> any CRMSystem
}

/// What a world tells a dialect about the fake it wants.
public struct CRMSystemSettings: Sendable {
    /// The system's name in the world (`crm`, `acme-crm`): its journal's `system`.
    public var name: String
    public var org: OrgDefinition
    public var clock: JournalClock
    /// 0 for the first system of this dialect in the world, 1 for the next…:
    /// each gets its own ids and tokens.
    public var namespace: Int
    /// The daily API allowance (nil: the dialect's default).
    public var dailyAPILimit: Int?
    /// The seed of the fault layer's generators (same seed, same schedule).
    public var faultSeed: UInt64

    public init(name: String, org: OrgDefinition, clock: JournalClock, namespace: Int = 0, dailyAPILimit: Int? = nil, faultSeed: UInt64 = 0) {
        self.name = name
        self.org = org
        self.clock = clock
        self.namespace = namespace
        self.dailyAPILimit = dailyAPILimit
        self.faultSeed = faultSeed
    }
}

/// A dialect fact written into the evidence by the world: the CRM object
/// that holds deals, its stage and amount fields, and the stages that mean won.
public struct DealShape: Sendable, Codable, Hashable {
    public var object: String
    public var stageField: String
    public var wonStages: [String]
    public var amountField: String

    public init(object: String, stageField: String, wonStages: [String], amountField: String) {
        self.object = object
        self.stageField = stageField
        self.wonStages = wonStages
        self.amountField = amountField
    }
}

extension CRMDialect {
    public var defaultPartnerOrgName: String { defaultOrgName }

    /// A bundled org's name, or a file or folder (relative paths start at `folder`).
    public func resolveOrg(_ name: String, relativeTo folder: URL?) throws -> OrgDefinition {
        if bundledOrgNames.contains(name) { return try bundledOrg(name) }
        let path = name.hasPrefix("/") || folder == nil ? name : folder!.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CRMDialectError(
                "org '\(name)' is neither a bundled \(displayName) org (\(bundledOrgNames.joined(separator: ", "))) nor a file or folder"
                    + (folder == nil ? "" : " (relative paths start at the scenario's folder)"))
        }
        return try loadOrg(path: path)
    }
}

/// A dialect name or org the registry cannot serve.
public struct CRMDialectError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
