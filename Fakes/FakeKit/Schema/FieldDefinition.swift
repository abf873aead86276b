/// One field of an object: its type and the constraints the store enforces.
public struct FieldDefinition: Sendable, Hashable, Codable {
    /// The API name, e.g. `Name`, `Partner_Tier__c`.
    public var name: String
    public var label: String
    public var type: FieldType
    /// Maximum characters for text types.
    public var length: Int?
    /// Total digits and digits after the point, for numeric types.
    public var precision: Int?
    public var scale: Int?
    /// Required on create (`nillable == false` and no default, in describe terms).
    public var required: Bool
    public var unique: Bool
    public var externalId: Bool
    /// Whether the API may set it (system fields such as `CreatedDate` may not).
    public var createable: Bool
    public var updateable: Bool
    /// For picklists and multi-select picklists.
    public var picklistValues: [PicklistValue]
    /// Whether only the listed picklist values are accepted.
    public var restrictedPicklist: Bool
    /// For references: the objects this field may point to.
    public var referenceTo: [String]
    /// For references: the name used in SOQL parent paths (`Account` for `AccountId`).
    public var relationshipName: String?
    public var custom: Bool
    /// Text of the default value, if any.
    public var defaultValue: JSONValue?
    /// For references: deleting the parent deletes this record too
    /// (master-detail); otherwise the reference is cleared.
    public var cascadeDelete: Bool

    public init(
        name: String, label: String? = nil, type: FieldType, length: Int? = nil, precision: Int? = nil,
        scale: Int? = nil, required: Bool = false, unique: Bool = false, externalId: Bool = false,
        createable: Bool = true, updateable: Bool = true, picklistValues: [PicklistValue] = [],
        restrictedPicklist: Bool = false, referenceTo: [String] = [], relationshipName: String? = nil,
        custom: Bool? = nil, defaultValue: JSONValue? = nil, cascadeDelete: Bool = false
    ) {
        self.name = name
        self.label = label ?? name
        self.type = type
        self.length = length
        self.precision = precision
        self.scale = scale
        self.required = required
        self.unique = unique
        self.externalId = externalId
        self.createable = createable
        self.updateable = updateable
        self.picklistValues = picklistValues
        self.restrictedPicklist = restrictedPicklist
        self.referenceTo = referenceTo
        self.relationshipName = relationshipName
        self.custom = custom ?? name.hasSuffix("__c")
        self.defaultValue = defaultValue
        self.cascadeDelete = cascadeDelete
    }

    private enum CodingKeys: String, CodingKey {
        case name, label, type, length, precision, scale, required, unique, externalId, createable, updateable
        case picklistValues, restrictedPicklist, referenceTo, relationshipName, custom, defaultValue, cascadeDelete
    }

    /// Decodes the org-file form, where everything but `name` and `type` may be
    /// left out; unknown keys are refused by `OrgFile`'s strict check.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), label: try c.decodeIfPresent(String.self, forKey: .label),
            type: try c.decode(FieldType.self, forKey: .type), length: try c.decodeIfPresent(Int.self, forKey: .length),
            precision: try c.decodeIfPresent(Int.self, forKey: .precision), scale: try c.decodeIfPresent(Int.self, forKey: .scale),
            required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? false,
            unique: try c.decodeIfPresent(Bool.self, forKey: .unique) ?? false,
            externalId: try c.decodeIfPresent(Bool.self, forKey: .externalId) ?? false,
            createable: try c.decodeIfPresent(Bool.self, forKey: .createable) ?? true,
            updateable: try c.decodeIfPresent(Bool.self, forKey: .updateable) ?? true,
            picklistValues: try c.decodeIfPresent([PicklistValue].self, forKey: .picklistValues) ?? [],
            restrictedPicklist: try c.decodeIfPresent(Bool.self, forKey: .restrictedPicklist) ?? false,
            referenceTo: try c.decodeIfPresent([String].self, forKey: .referenceTo) ?? [],
            relationshipName: try c.decodeIfPresent(String.self, forKey: .relationshipName),
            custom: try c.decodeIfPresent(Bool.self, forKey: .custom),
            defaultValue: try c.decodeIfPresent(JSONValue.self, forKey: .defaultValue),
            cascadeDelete: try c.decodeIfPresent(Bool.self, forKey: .cascadeDelete) ?? false)
    }
}
