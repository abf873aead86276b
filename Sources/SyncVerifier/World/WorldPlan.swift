import FakeCRM
import FakeKit
import FakePRM
import Foundation

/// What a world will hold, resolved and loaded: each CRM with its dialect
/// and org, and the PRM with its program. `run` makes one from a scenario,
/// `serve` from its options; `World` builds the same systems from either.
public struct WorldPlan: Sendable {
    public struct CRM: Sendable {
        public var id: SystemID
        public var role: SystemRole
        public var dialect: any CRMDialect
        public var org: OrgDefinition
        /// A partner CRM's PRM partner ref.
        public var partner: String?
        public var dailyAPILimit: Int?

        public init(id: SystemID, role: SystemRole, dialect: any CRMDialect, org: OrgDefinition, partner: String? = nil, dailyAPILimit: Int? = nil) {
            self.id = id
            self.role = role
            self.dialect = dialect
            self.org = org
            self.partner = partner
            self.dailyAPILimit = dailyAPILimit
        }
    }

    public struct PRM: Sendable {
        public var id: SystemID
        public var program: Program
        public var rateLimit: Int?
        public var rateLimitWindowSeconds: Double?

        public init(id: SystemID, program: Program, rateLimit: Int? = nil, rateLimitWindowSeconds: Double? = nil) {
            self.id = id
            self.program = program
            self.rateLimit = rateLimit
            self.rateLimitWindowSeconds = rateLimitWindowSeconds
        }
    }

    /// The vendor's CRM first, then the partners' in the order declared.
    public var crms: [CRM]
    public var prm: PRM
    /// The seed of the fault layers' generators (each system gets its own from it).
    public var seed: UInt64

    public init(crms: [CRM], prm: PRM, seed: UInt64) {
        self.crms = crms.filter { $0.role == .vendor } + crms.filter { $0.role != .vendor }
        self.prm = prm
        self.seed = seed
    }

    /// The vendor's CRM of `dialect` on `org` and the bundled default program: what `check` and a plain `serve` stand up.
    public static func standard(
        dialect: any CRMDialect = SalesforceDialect(), org: OrgDefinition? = nil, dailyAPILimit: Int? = nil, seed: UInt64
    ) throws -> WorldPlan {
        WorldPlan(
            crms: [CRM(id: .crm, role: .vendor, dialect: dialect, org: try org ?? dialect.bundledOrg(dialect.defaultOrgName), dailyAPILimit: dailyAPILimit)],
            prm: PRM(id: .prm, program: try Program.bundled("default")), seed: seed)
    }

    /// A scenario's world, with its orgs and program loaded (relative paths from the scenario's folder).
    public init(scenario: Scenario, seed: UInt64) throws {
        let folder = URL(fileURLWithPath: scenario.file).deletingLastPathComponent()
        var crms: [CRM] = []
        var prm: PRM?
        for system in scenario.systems {
            if let setup = system.crm {
                let dialect = try CRMDialects.named(setup.dialect)
                crms.append(CRM(
                    id: system.id, role: system.role, dialect: dialect, org: try dialect.resolveOrg(setup.org, relativeTo: folder),
                    partner: system.partner, dailyAPILimit: setup.dailyApiLimit))
            } else if let setup = system.prm {
                prm = PRM(
                    id: system.id, program: try ScenarioWorldShape.loadProgram(setup.program, relativeTo: folder), rateLimit: setup.rateLimit,
                    rateLimitWindowSeconds: setup.rateLimitWindowSeconds)
            }
        }
        guard let prm else { throw CRMDialectError("the scenario declares no PRM") }
        self.init(crms: crms, prm: prm, seed: seed)
    }
}
