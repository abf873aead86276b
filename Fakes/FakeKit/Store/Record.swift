import Foundation

/// One stored record: its field values and the metadata every system keeps
/// (who created and last changed it, and when). Dialects expose the metadata
/// under their own names (Salesforce's `CreatedDate`, `SystemModstamp`…).
public struct Record: Sendable, Hashable {
    public let id: String
    /// The object's canonical API name.
    public let object: String
    /// Values keyed by canonical field API name; an absent key is null.
    public var fields: [String: JSONValue]
    public var createdAt: Date
    public var modifiedAt: Date
    public var createdBy: String
    public var modifiedBy: String
    public var isDeleted: Bool = false
    public var deletedAt: Date?

    public init(
        id: String, object: String, fields: [String: JSONValue], createdAt: Date, modifiedAt: Date,
        createdBy: String, modifiedBy: String
    ) {
        self.id = id
        self.object = object
        self.fields = fields
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.createdBy = createdBy
        self.modifiedBy = modifiedBy
    }

    /// A field's value by name, matched case-insensitively; null when unset.
    public subscript(field: String) -> JSONValue {
        if let value = fields[field] { return value }
        return fields.first { $0.key.caseInsensitiveEquals(field) }?.value ?? .null
    }
}
