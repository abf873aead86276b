import FakeKit

/// The scenario's settings for the connector, written to `SV_CONFIG` as JSON.
/// Each setting is defined here so a misspelt one is an error, not a setting
/// the connector silently never sees.
public struct ConnectorSettings: Sendable, Hashable {
    public static let format = "sync-verifier/connector-config@1"
    public static let keys = ["pollIntervalSeconds", "batchIntervalSeconds", "conflictPolicy", "fieldDirections", "filters"]
    public static let conflictPolicies = ["last-writer-wins", "crm-wins", "prm-wins"]
    public static let directions = ["crm-to-prm", "prm-to-crm", "both"]

    public var pollIntervalSeconds: Double?
    public var batchIntervalSeconds: Double?
    public var conflictPolicy: String?
    public var fieldDirections: [FieldDirection] = []
    public var filters: [Filter] = []

    public struct FieldDirection: Sendable, Hashable {
        /// CRM object and field names.
        public var object: String
        public var field: String
        public var direction: String
    }

    public struct Filter: Sendable, Hashable {
        public var side: SystemID
        public var object: String
        public var field: String
        /// Only records whose field holds one of these values cross.
        public var values: [JSONValue]
    }

    public init() {}

    /// The file's content.
    public var json: OrderedJSON {
        var members: [(String, OrderedJSON)] = [("format", .value(.string(Self.format)))]
        if let pollIntervalSeconds { members.append(("pollIntervalSeconds", .value(.double(pollIntervalSeconds)))) }
        if let batchIntervalSeconds { members.append(("batchIntervalSeconds", .value(.double(batchIntervalSeconds)))) }
        if let conflictPolicy { members.append(("conflictPolicy", .value(.string(conflictPolicy)))) }
        members.append(("fieldDirections", .array(fieldDirections.map {
            .object([("object", .value(.string($0.object))), ("field", .value(.string($0.field))), ("direction", .value(.string($0.direction)))])
        })))
        members.append(("filters", .array(filters.map {
            .object([("side", .value(.string($0.side.rawValue))), ("object", .value(.string($0.object))),
                     ("field", .value(.string($0.field))), ("in", .value(.array($0.values)))])
        })))
        return .object(members)
    }
}
