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

    private enum CodingKeys: String, CodingKey {
        case name, label, labelPlural, keyPrefix, custom, fields, recordTypes, validationRules
    }

    /// Decodes the org-file form, where only `name`, `keyPrefix` and `fields` are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let label = try c.decodeIfPresent(String.self, forKey: .label)
        let labelPlural = try c.decodeIfPresent(String.self, forKey: .labelPlural)
        let keyPrefix = try c.decode(String.self, forKey: .keyPrefix)
        let custom = try c.decodeIfPresent(Bool.self, forKey: .custom)
        let fields = try c.decode([FieldDefinition].self, forKey: .fields)
        let recordTypes = try c.decodeIfPresent([RecordTypeDefinition].self, forKey: .recordTypes) ?? []
        let rules = try c.decodeIfPresent([ValidationRule].self, forKey: .validationRules) ?? []
        self.init(
            name: name, label: label, labelPlural: labelPlural, keyPrefix: keyPrefix, custom: custom, fields: fields,
            recordTypes: recordTypes, validationRules: rules)
    }
}

extension String {
    /// ASCII case-insensitive equality, as API names compare. Byte-wise:
    /// `count` and `lowercased()` on the hot path of every write were the top
    /// cost of bulk loading.
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 65 && x <= 90) ? x + 32 : x
            let ly = (y >= 65 && y <= 90) ? y + 32 : y
            if lx != ly { return false }
        }
        return true
    }
}
