/// What one fault type is and takes: its attributes with kinds, units,
/// defaults and allowed values, the variants of a type that branches on one
/// attribute (drift's `change`, auth's `action`), and examples. The decoders
/// check unknown keys and ranges against it, and the admin API's OpenAPI
/// document and `sync-verifier fault` are built from it, so what is
/// documented is what is accepted.
public struct FaultDescription: Sendable {
    /// One branch of a type that branches on `discriminator`.
    public struct Variant: Sendable {
        public let value: String
        public let summary: String
        public let required: [String]
        public let optional: [String]
        /// Rules the attribute lists cannot say (`exactly one of clientId and refreshToken`).
        public let rule: String?

        public init(
            _ value: String, required: [String] = [], optional: [String] = [], rule: String? = nil, _ summary: String
        ) {
            self.value = value
            self.summary = summary
            self.required = required
            self.optional = optional
            self.rule = rule
        }
    }

    public let type: String
    public let summary: String
    /// A layer over traffic (with a `scope`) rather than a change applied once.
    public let isTraffic: Bool
    /// Attributes besides `type` (and, for traffic faults, `scope`).
    public let attributes: [FaultAttribute]
    public let discriminator: String?
    public let variants: [Variant]
    /// Rules across attributes, in words (`at least one of limit and maxConcurrent`).
    public let rules: [String]
    public let examples: [JSONValue]

    public init(
        type: String, summary: String, isTraffic: Bool, attributes: [FaultAttribute], discriminator: String? = nil,
        variants: [Variant] = [],
        rules: [String] = [], examples: [JSONValue]
    ) {
        precondition(!examples.isEmpty, "every fault type is documented with an example")
        self.type = type
        self.summary = summary
        self.isTraffic = isTraffic
        self.attributes = attributes
        self.discriminator = discriminator
        self.variants = variants
        self.rules = rules
        self.examples = examples
    }

    /// Every key a value of this type may hold.
    public var keys: [String] { ["type"] + attributes.map(\.name) + (isTraffic ? ["scope"] : []) }

    public func attribute(_ name: String) -> FaultAttribute? { attributes.first { $0.name == name } }

    public func variant(_ value: String) -> Variant? { variants.first { $0.value == value } }

    /// The scope every traffic fault takes, described the same way.
    public static let scope: [FaultAttribute] = [
        FaultAttribute(
            "pathPrefixes", .strings, absentMeans: "all paths",
            "Path prefixes, any of them (`/services/data/v59.0/query`)."),
        FaultAttribute("methods", .strings, absentMeans: "all methods", "HTTP methods, any of them."),
        FaultAttribute(
            "probability", .number, unit: .probability, default: 1, minimum: 0, maximum: 1,
            "Chance that a matching request is affected, drawn from the fault's seeded generator (not for throttle)."),
        FaultAttribute(
            "afterRequests", .integer, unit: .requests, default: 0, minimum: 0,
            "Matching requests let through before it starts."),
        FaultAttribute(
            "requestCount", .integer, unit: .requests, absentMeans: "until cleared", minimum: 0,
            "Requests affected before it ends by itself."),
        FaultAttribute(
            "startAfterSeconds", .number, unit: .seconds, default: 0, minimum: 0,
            "Seconds on the journal clock, from when it was added, before it starts."),
        FaultAttribute(
            "durationSeconds", .number, unit: .seconds, absentMeans: "until cleared", minimum: 0,
            "Seconds it lasts once started."),
    ]
}
