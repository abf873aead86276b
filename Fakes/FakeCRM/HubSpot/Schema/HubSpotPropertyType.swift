import FakeKit

/// HubSpot's `type`/`fieldType` pair for a property, and the store's field
/// type behind it. HubSpot sends every value as a string; the pair says how
/// the string reads (a number, an epoch-or-ISO date, `;`-joined options).
public struct HubSpotPropertyType: Sendable, Hashable {
    public var type: String
    public var fieldType: String

    public init(type: String, fieldType: String) {
        self.type = type
        self.fieldType = fieldType
    }

    /// The pairs HubSpot accepts on create, with the store type each is kept as.
    static let accepted: [(HubSpotPropertyType, FieldType)] = [
        (.init(type: "string", fieldType: "text"), .string),
        (.init(type: "string", fieldType: "textarea"), .textarea),
        (.init(type: "string", fieldType: "html"), .textarea),
        (.init(type: "string", fieldType: "file"), .string),
        (.init(type: "number", fieldType: "number"), .double),
        (.init(type: "number", fieldType: "calculation_equation"), .double),
        (.init(type: "date", fieldType: "date"), .date),
        (.init(type: "datetime", fieldType: "date"), .datetime),
        (.init(type: "enumeration", fieldType: "select"), .picklist),
        (.init(type: "enumeration", fieldType: "radio"), .picklist),
        (.init(type: "enumeration", fieldType: "checkbox"), .multipicklist),
        (.init(type: "bool", fieldType: "booleancheckbox"), .boolean),
        (.init(type: "enumeration", fieldType: "booleancheckbox"), .boolean),
        (.init(type: "phone_number", fieldType: "phonenumber"), .phone),
    ]

    /// The store type for a pair HubSpot accepts; nil for a pair it refuses.
    public var storeType: FieldType? { Self.accepted.first { $0.0 == self }?.1 }

    /// The pair a store field reads as when no other was chosen for it.
    public static func natural(for field: FieldDefinition) -> HubSpotPropertyType {
        switch field.type {
        case .textarea: .init(type: "string", fieldType: "textarea")
        case .int, .long, .double, .currency, .percent: .init(type: "number", fieldType: "number")
        case .date: .init(type: "date", fieldType: "date")
        case .datetime: .init(type: "datetime", fieldType: "date")
        case .picklist: .init(type: "enumeration", fieldType: "select")
        case .multipicklist: .init(type: "enumeration", fieldType: "checkbox")
        case .boolean: .init(type: "bool", fieldType: "booleancheckbox")
        case .phone: .init(type: "phone_number", fieldType: "phonenumber")
        default: .init(type: "string", fieldType: "text")
        }
    }

    /// Every accepted pair, as the error for a refused one lists them.
    static var acceptedList: String { accepted.map { "\($0.0.type)/\($0.0.fieldType)" }.joined(separator: ", ") }
}
