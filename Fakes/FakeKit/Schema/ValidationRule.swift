/// A simple validation rule: when its condition holds for a record being
/// written, the write fails with the rule's message (Salesforce's
/// `FIELD_CUSTOM_VALIDATION_EXCEPTION`). Conditions are deliberately small
/// so scenario authors can write them in JSON.
public struct ValidationRule: Sendable, Hashable, Codable {
    public var name: String
    public var active: Bool
    /// The error shown to the user.
    public var errorMessage: String
    /// The field the error is displayed on, if any.
    public var errorField: String?
    /// Fails the write when this holds.
    public var condition: Condition

    public indirect enum Condition: Sendable, Hashable, Codable {
        /// The field is null or empty.
        case isBlank(field: String)
        /// The field equals the value.
        case equals(field: String, value: JSONValue)
        /// The numeric field is greater than the value.
        case greaterThan(field: String, value: Double)
        /// The numeric field is less than the value.
        case lessThan(field: String, value: Double)
        case and([Condition])
        case or([Condition])
        case not(Condition)
    }

    public init(name: String, active: Bool = true, errorMessage: String, errorField: String? = nil, condition: Condition) {
        self.name = name
        self.active = active
        self.errorMessage = errorMessage
        self.errorField = errorField
        self.condition = condition
    }

    private enum CodingKeys: String, CodingKey {
        case name, active, errorMessage, errorField, condition
    }

    /// Decodes the org-file form, where `active` defaults to true.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), active: try c.decodeIfPresent(Bool.self, forKey: .active) ?? true,
            errorMessage: try c.decode(String.self, forKey: .errorMessage), errorField: try c.decodeIfPresent(String.self, forKey: .errorField),
            condition: try c.decode(Condition.self, forKey: .condition))
    }
}
