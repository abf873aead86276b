import FakeKit
import HTTP

/// An error as the Salesforce REST API answers it: a status and a JSON
/// *array* of `{"message","errorCode","fields"}`.
public struct SalesforceError: HTTPResponseError, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let errorCode: String
    public let message: String
    public let fields: [String]?

    public init(_ status: HTTPStatus, _ errorCode: String, _ message: String, fields: [String]? = nil) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
        self.fields = fields
    }

    /// One error object, keys in Salesforce's order.
    public var body: OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [("message", .value(.string(message))), ("errorCode", .value(.string(errorCode)))]
        if let fields { pairs.append(("fields", .array(fields.map { .value(.string($0)) }))) }
        return .object(pairs)
    }

    public var response: HTTPResponse { .json(status, data: OrderedJSON.array([body]).serialized()) }

    public var description: String { "\(status.code) \(errorCode): \(message)" }

    public static let notFound = SalesforceError(.notFound, "NOT_FOUND", "The requested resource does not exist")
    public static let invalidSession = SalesforceError(.unauthorized, "INVALID_SESSION_ID", "Session expired or invalid")

    public static func malformedID(_ label: String, _ value: String) -> SalesforceError {
        SalesforceError(.badRequest, "MALFORMED_ID", "\(label): id value of incorrect type: \(value)", fields: [label])
    }

    public static func jsonParser(_ message: String) -> SalesforceError {
        SalesforceError(.badRequest, "JSON_PARSER_ERROR", message)
    }

    /// The store's refusal in Salesforce's words.
    public init(_ error: StoreError, schema: Schema, object: String) {
        let definition = schema.object(object)
        func label(_ field: String) -> String { definition?.field(field)?.label ?? field }
        switch error {
        case .unknownObject(let name):
            self.init(.notFound, "NOT_FOUND", "The requested resource does not exist", fields: nil)
            _ = name
        case .unknownField(let object, let field):
            self.init(.badRequest, "INVALID_FIELD", "No such column '\(field)' on sobject of type \(object)", fields: nil)
        case .notFound:
            self = .notFound
        case .requiredFieldMissing(_, let fields):
            self.init(.badRequest, "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(fields.joined(separator: ", "))]", fields: fields)
        case .duplicateValue(let field, let existing):
            self.init(
                .badRequest, "DUPLICATE_VALUE", "duplicate value found: \(field) duplicates value on record with id: \(existing)",
                fields: [])
        case .invalidReference(let field, let value, let reason):
            if SalesforceID.canonical(value) == nil {
                self.init(.badRequest, "MALFORMED_ID", "\(label(field)): id value of incorrect type: \(value)", fields: [field])
            } else if reason == "id value of incorrect type" {
                self.init(.badRequest, "FIELD_INTEGRITY_EXCEPTION", "\(label(field)): id value of incorrect type: \(value)", fields: [field])
            } else {
                self.init(.badRequest, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", fields: [])
            }
        case .invalidValue(_, let type, let value, _):
            let javaType: String =
                switch type {
                case .boolean: "boolean"
                case .int, .long: "int"
                case .double, .currency, .percent: "double"
                case .date: "date"
                case .datetime: "datetime"
                default: "string"
                }
            let token: String =
                switch value {
                case .string: "VALUE_STRING"
                case .int: "VALUE_NUMBER_INT"
                case .double: "VALUE_NUMBER_FLOAT"
                case .bool(let b): b ? "VALUE_TRUE" : "VALUE_FALSE"
                case .array: "START_ARRAY"
                case .object: "START_OBJECT"
                case .null: "VALUE_NULL"
                }
            let shown = value.stringValue ?? value.description
            self.init(
                .badRequest, "JSON_PARSER_ERROR",
                "Cannot deserialize instance of \(javaType) from \(token) value \(shown) or request may be missing a required field")
        case .valueTooLong(let field, let max, let value):
            self.init(.badRequest, "STRING_TOO_LONG", "\(label(field)): data value too large: \(value) (max length=\(max))", fields: [field])
        case .invalidPicklistValue(let field, let value):
            self.init(
                .badRequest, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "\(label(field)): bad value for restricted picklist field: \(value)",
                fields: [field])
        case .numberOutOfRange(let field, let value):
            self.init(
                .badRequest, "NUMBER_OUTSIDE_VALID_RANGE", "\(label(field)): value outside of valid range on numeric field: \(value)",
                fields: [field])
        case .invalidEmail(let field, let value):
            self.init(.badRequest, "INVALID_EMAIL_ADDRESS", "\(label(field)): invalid email address: \(value)", fields: [field])
        case .notWritable(let field, _):
            self.init(
                .badRequest, "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: \(field). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                fields: [field])
        case .validationRuleFailed(_, let message, let field):
            self.init(.badRequest, "FIELD_CUSTOM_VALIDATION_EXCEPTION", message, fields: field.map { [$0] } ?? [])
        case .entityIsDeleted:
            self.init(.badRequest, "ENTITY_IS_DELETED", "entity is deleted", fields: [])
        case .invalidRecordType(let value):
            self.init(
                .badRequest, "INVALID_CROSS_REFERENCE_KEY", "Record Type ID: this ID value isn't valid for the user: \(value)",
                fields: ["RecordTypeId"])
        }
    }
}
