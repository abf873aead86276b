/// Which simulated system a step acts on or looks at: a CRM or the PRM, by
/// the name the scenario declares it under. An `@1` scenario's two systems
/// are `crm` (the vendor's CRM) and `prm`; an `@2` scenario names each
/// system in its `systems` list (`vendor`, `acme-crm`, `prm`).
public struct SystemID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { rawValue = name }

    /// The vendor CRM's name in an `@1` scenario (and by default in `serve`).
    public static let crm = SystemID("crm")
    /// The PRM's name in an `@1` scenario (and by default in `serve`).
    public static let prm = SystemID("prm")

    public var description: String { rawValue }
    public static func < (lhs: SystemID, rhs: SystemID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What a system is to the connector under test.
public enum SystemRole: String, Sendable, Codable, CaseIterable {
    /// The vendor's own CRM: the direct pipeline (`SV_CRM_*`).
    case vendor
    /// A partner's CRM (a reseller's own Salesforce, say), joined to one PRM partner.
    case partner
    /// The partner relationship manager.
    case prm

    public var isCRM: Bool { self != .prm }
}
