import FakeKit

/// One scenario file: the world to build, what happens in it, and what must
/// come out. See `Scenarios/README.md` for the format and
/// `Scenarios/scenario.schema.json` for its JSON Schema.
public struct Scenario: Sendable {
    /// The format this version writes about; it reads `formats`.
    public static let format = "sync-verifier/scenario@2"
    /// `@1`: one CRM (`crm`) and the PRM (`prm`), written `side`; `@2`: the systems it declares, named by `system`.
    public static let formats = ["sync-verifier/scenario@1", "sync-verifier/scenario@2"]

    /// Read as `sync-verifier/scenario@2` (systems named by `system`), not `@1`.
    public var format2: Bool = false
    /// Where it was read from, as given on the command line.
    public var file: String
    public var name: String
    public var description: String
    /// Checklist ids this scenario gives evidence for.
    public var checklist: [String]
    /// The CRMs (one vendor, any partners) and the PRM, in the order declared.
    public var systems: [SystemDeclaration]
    /// Written, with `format` added, to the file at `SV_CONFIG`.
    public var connector: ConnectorSettings
    /// Steps played before the connector starts (history it must pick up).
    public var setup: [Step]
    public var steps: [Step]
    /// A hard limit for the whole scenario.
    public var timeoutSeconds: Double

    public struct CRMSetup: Sendable, Hashable {
        public var dialect: String
        /// A bundled org's name or a path (relative paths are taken from the scenario's folder).
        public var org: String
        public var dailyApiLimit: Int?
    }

    public struct PRMSetup: Sendable, Hashable {
        public var program: String
        public var rateLimit: Int?
        public var rateLimitWindowSeconds: Double?
    }

    public var allSteps: [Step] { setup + steps }

    /// One simulated system a scenario declares.
    public struct SystemDeclaration: Sendable, Hashable {
        public var id: SystemID
        public var role: SystemRole
        /// For a CRM: its dialect, org and limits.
        public var crm: CRMSetup?
        /// For the PRM: its program and limits.
        public var prm: PRMSetup?
        /// For a partner's CRM: the ref of the PRM partner that runs it.
        public var partner: String?
    }

    /// The vendor's CRM (exactly one; the decoder sees to it).
    public var vendor: SystemDeclaration { systems.first { $0.role == .vendor }! }
    /// The vendor CRM's setup.
    public var crm: CRMSetup { vendor.crm! }
    /// The PRM's setup.
    public var prm: PRMSetup { systems.first { $0.role == .prm }!.prm! }
    public var prmID: SystemID { systems.first { $0.role == .prm }!.id }
    public func declaration(_ id: SystemID) -> SystemDeclaration? { systems.first { $0.id == id } }
}
