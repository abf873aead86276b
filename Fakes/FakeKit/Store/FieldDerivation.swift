/// Values a system computes itself on every write, such as Salesforce's
/// `IsClosed`/`IsWon` from `StageName`. Runs after the caller's values are
/// merged and before validation, and may set fields the API cannot.
public protocol FieldDerivation: Sendable {
    /// - Parameters:
    ///   - field: the object's field by name, any case (an indexed lookup:
    ///     this runs on every write, a million times in a bulk load).
    ///   - previous: the record before an update; nil on create.
    ///   - changed: the canonical names the caller set in this write.
    func derive(
        object: ObjectDefinition, field: (String) -> FieldDefinition?, previous: Record?, changed: Set<String>,
        fields: inout [String: JSONValue])
}
