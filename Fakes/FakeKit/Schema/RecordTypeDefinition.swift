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
}
