/// A record type of an object (Salesforce `RecordType`): a named business
/// variant with its own id, e.g. "Partner Deal" versus "Direct Deal".
public struct RecordTypeDefinition: Sendable, Hashable, Codable {
    public var id: String
    public var developerName: String
    public var name: String
    public var active: Bool
    public var isDefault: Bool

    public init(id: String, developerName: String, name: String? = nil, active: Bool = true, isDefault: Bool = false) {
        self.id = id
        self.developerName = developerName
        self.name = name ?? developerName
        self.active = active
        self.isDefault = isDefault
    }

    private enum CodingKeys: String, CodingKey {
        case id, developerName, name, active, isDefault
    }

    /// Decodes the org-file form, where only `id` and `developerName` are required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), developerName: try c.decode(String.self, forKey: .developerName),
            name: try c.decodeIfPresent(String.self, forKey: .name), active: try c.decodeIfPresent(Bool.self, forKey: .active) ?? true,
            isDefault: try c.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false)
    }
}
