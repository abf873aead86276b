/// Why the store refused a write. Dialects translate each case into their
/// API's own error shape (Salesforce's `errorCode`, the PRM's `code`).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownObject(String)
    case unknownField(object: String, field: String)
    case notFound(id: String)
    case requiredFieldMissing(object: String, fields: [String])
    case duplicateValue(field: String, existingID: String)
    /// A reference to a record that does not exist, or of the wrong object.
    case invalidReference(field: String, value: String, reason: String)
    case invalidValue(field: String, type: FieldType, value: JSONValue, reason: String)
    case valueTooLong(field: String, maxLength: Int, value: String)
    case invalidPicklistValue(field: String, value: String)
    case numberOutOfRange(field: String, value: JSONValue)
    case invalidEmail(field: String, value: String)
    /// The field may not be set through the API (system fields, formulas).
    case notWritable(field: String, onCreate: Bool)
    case validationRuleFailed(rule: String, message: String, field: String?)
    case entityIsDeleted(id: String)
    case invalidRecordType(value: String)

    public var description: String {
        switch self {
        case .unknownObject(let name): "unknown object \(name)"
        case .unknownField(let object, let field): "no field \(field) on \(object)"
        case .notFound(let id): "no record \(id)"
        case .requiredFieldMissing(_, let fields): "required fields are missing: [\(fields.joined(separator: ", "))]"
        case .duplicateValue(let field, let existing): "duplicate value on \(field), record with id: \(existing)"
        case .invalidReference(let field, let value, let reason): "\(field): \(reason): \(value)"
        case .invalidValue(let field, let type, let value, let reason): "\(field) (\(type.rawValue)): \(reason): \(value)"
        case .valueTooLong(let field, let max, let value): "\(field): data value too large: \(value) (max length=\(max))"
        case .invalidPicklistValue(let field, let value): "\(field): bad value for restricted picklist field: \(value)"
        case .numberOutOfRange(let field, let value): "\(field): value outside of valid range on numeric field: \(value)"
        case .invalidEmail(let field, let value): "\(field): invalid email address: \(value)"
        case .notWritable(let field, let onCreate): "\(field) cannot be set on \(onCreate ? "create" : "update")"
        case .validationRuleFailed(_, let message, _): message
        case .entityIsDeleted(let id): "entity is deleted: \(id)"
        case .invalidRecordType(let value): "invalid record type id: \(value)"
        }
    }
}
