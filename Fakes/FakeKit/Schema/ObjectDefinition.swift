/// One object (table) of a fake system: its fields in declaration order,
/// record types and validation rules.
public struct ObjectDefinition: Sendable, Hashable, Codable {
    /// The API name, e.g. `Account`, `Deal_Registration__c`.
    public var name: String
    public var label: String
    public var labelPlural: String
    /// The id prefix of its records (`001` for Account in Salesforce).
    public var keyPrefix: String
    public var custom: Bool
    public var fields: [FieldDefinition]
    public var recordTypes: [RecordTypeDefinition]
    public var validationRules: [ValidationRule]

    public init(
        name: String, label: String? = nil, labelPlural: String? = nil, keyPrefix: String,
        custom: Bool? = nil, fields: [FieldDefinition], recordTypes: [RecordTypeDefinition] = [],
        validationRules: [ValidationRule] = []
    ) {
        self.name = name
        self.label = label ?? name
        self.labelPlural = labelPlural ?? (label ?? name) + "s"
        self.keyPrefix = keyPrefix
        self.custom = custom ?? name.hasSuffix("__c")
        self.fields = fields
        self.recordTypes = recordTypes
        self.validationRules = validationRules
    }

    /// The field with this API name, matched case-insensitively as the real
    /// APIs match them.
    public func field(_ name: String) -> FieldDefinition? {
        fields.first { $0.name.caseInsensitiveEquals(name) }
    }

    /// The reference field whose relationship name is `relationship` (`Account` → `AccountId`).
    public func referenceField(relationship: String) -> FieldDefinition? {
        fields.first { $0.type == .reference && ($0.relationshipName?.caseInsensitiveEquals(relationship) ?? false) }
    }

    public var externalIdFields: [FieldDefinition] { fields.filter { $0.externalId || $0.type == .id } }
}

extension String {
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        self.count == other.count && self.lowercased() == other.lowercased()
    }
}
