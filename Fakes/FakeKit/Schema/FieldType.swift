/// The field types the fakes know, named as Salesforce's describe names them
/// (`soapType` aside). Other dialects map their own types onto these.
public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
    case id
    case string
    case textarea
    case picklist
    case multipicklist
    case boolean
    case int
    case double
    case currency
    case percent
    case date
    case datetime
    case time
    case email
    case phone
    case url
    case reference
    case encryptedstring
    case combobox
    case address
    case location
    case base64
    case long
}
