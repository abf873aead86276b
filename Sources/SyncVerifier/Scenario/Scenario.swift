import FakeKit

/// One scenario file: the world to build, what happens in it, and what must
/// come out. See `Scenarios/README.md` for the format and
/// `Scenarios/scenario.schema.json` for its JSON Schema.
public struct Scenario: Sendable {
    public static let format = "sync-verifier/scenario@1"

    /// Where it was read from, as given on the command line.
    public var file: String
    public var name: String
    public var description: String
    /// Checklist ids this scenario gives evidence for.
    public var checklist: [String]
    public var crm: CRMSetup
    public var prm: PRMSetup
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
}
