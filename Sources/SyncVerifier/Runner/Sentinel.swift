import FakeKit

/// A unique value the runner wrote into one field of a source record, so the
/// scorer can find where it arrives on the other side whatever the connector
/// calls the field (sentinel tracing).
public struct Sentinel: Sendable, Hashable, Codable {
    public var side: SystemID
    public var object: String
    public var recordId: String
    public var field: String
    /// The field's type on the source side (`date`, `multipicklist`, …).
    public var type: String
    public var value: JSONValue
}
