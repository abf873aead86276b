import Foundation

/// A change to the live schema, applied at once (not a layer): scenario
/// authors write one as `{"type":"drift","change":"renameField",…}`. Each
/// change takes exactly its own attributes; nested definitions use the org
/// file's form (`Fakes/FakeCRM/Orgs/README.md`) and unknown keys anywhere in
/// them are errors.
public enum DriftFault: Codable, Sendable, Equatable {
    /// A new field; existing records get `backfill` (journaled) or stay null.
    case addField(object: String, field: FieldDefinition, backfill: JSONValue?)
    /// The field takes a new API name; its values move with it (journaled).
    case renameField(object: String, field: String, newName: String)
    /// The field takes a new type; values that convert are kept, others cleared (journaled).
    case changeFieldType(object: String, field: String, fieldType: FieldType, length: Int?, precision: Int?, scale: Int?)
    /// The field and its values are gone; writes and queries naming it fail.
    case deleteField(object: String, field: String)
    /// A picklist gains a value (or an inactive one is active again).
    case addPicklistValue(object: String, field: String, value: PicklistValue)
    /// A picklist value is no longer accepted on writes (restricted picklists) and shows inactive in describe.
    case deactivatePicklistValue(object: String, field: String, value: String)
    /// A new required field: creates without it fail; existing records get `backfill` or stay null.
    case addRequiredField(object: String, field: FieldDefinition, backfill: JSONValue?)
    /// A validation rule that refuses writes when its condition holds.
    case addValidationRule(object: String, rule: ValidationRule)
    /// A record type; an empty `id` lets the fake choose one.
    case addRecordType(object: String, recordType: RecordTypeDefinition)
    /// A whole new object.
    case addObject(definition: ObjectDefinition)

    public enum Change: String, Codable, Sendable, CaseIterable {
        case addField, renameField, changeFieldType, deleteField, addPicklistValue, deactivatePicklistValue, addRequiredField
        case addValidationRule, addRecordType, addObject

        /// The attributes each change takes besides `type` and `change`, and which of them are required.
        var attributes: (required: [String], optional: [String]) {
            switch self {
            case .addField, .addRequiredField: (["object", "field"], ["backfill"])
            case .renameField: (["object", "field", "newName"], [])
            case .changeFieldType: (["object", "field", "fieldType"], ["length", "precision", "scale"])
            case .deleteField: (["object", "field"], [])
            case .addPicklistValue, .deactivatePicklistValue: (["object", "field", "value"], [])
            case .addValidationRule: (["object", "rule"], [])
            case .addRecordType: (["object", "recordType"], [])
            case .addObject: (["definition"], [])
            }
        }
    }

    public var change: Change {
        switch self {
        case .addField: .addField
        case .renameField: .renameField
        case .changeFieldType: .changeFieldType
        case .deleteField: .deleteField
        case .addPicklistValue: .addPicklistValue
        case .deactivatePicklistValue: .deactivatePicklistValue
        case .addRequiredField: .addRequiredField
        case .addValidationRule: .addValidationRule
        case .addRecordType: .addRecordType
        case .addObject: .addObject
        }
    }

    /// The object the change is made on.
    public var object: String {
        switch self {
        case .addField(let object, _, _), .renameField(let object, _, _), .changeFieldType(let object, _, _, _, _, _),
            .deleteField(let object, _), .addPicklistValue(let object, _, _), .deactivatePicklistValue(let object, _, _),
            .addRequiredField(let object, _, _), .addValidationRule(let object, _), .addRecordType(let object, _):
            object
        case .addObject(let definition): definition.name
        }
    }

    enum CodingKeys: String, CodingKey {
        case type, change, object, field, backfill, newName, fieldType, length, precision, scale, value, rule, recordType, definition
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let change = try c.decode(Change.self, forKey: .change)
        let (required, optional) = change.attributes
        try FaultDecoding.refuseUnknownKeys(decoder, allowed: ["type", "change"] + required + optional)
        for key in required {
            guard let codingKey = CodingKeys(rawValue: key), c.contains(codingKey) else {
                throw DecodingError.keyNotFound(
                    CodingKeys(rawValue: key)!, .init(codingPath: c.codingPath, debugDescription: "\(change.rawValue) needs '\(key)'"))
            }
        }
        let raw = try JSONValue(from: decoder)
        /// A nested definition in the org file's form, refusing keys the model does not know.
        func strict<T: Codable>(_ type: T.Type, _ key: CodingKeys) throws -> T {
            let value = try c.decode(T.self, forKey: key)
            if let input = raw[key.rawValue], let unknown = try StrictJSON.unknownKeys(input: input, decoded: value).first {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "unknown key '\(key.rawValue).\(unknown)'")
            }
            return value
        }
        func string(_ key: CodingKeys) throws -> String {
            let text = try c.decode(String.self, forKey: key)
            guard !text.isEmpty else { throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "'\(key.rawValue)' must not be empty") }
            return text
        }
        let backfill = try c.decodeIfPresent(JSONValue.self, forKey: .backfill)
        switch change {
        case .addField: self = .addField(object: try string(.object), field: try strict(FieldDefinition.self, .field), backfill: backfill)
        case .addRequiredField:
            self = .addRequiredField(object: try string(.object), field: try strict(FieldDefinition.self, .field), backfill: backfill)
        case .renameField: self = .renameField(object: try string(.object), field: try string(.field), newName: try string(.newName))
        case .changeFieldType:
            self = .changeFieldType(
                object: try string(.object), field: try string(.field), fieldType: try c.decode(FieldType.self, forKey: .fieldType),
                length: try c.decodeIfPresent(Int.self, forKey: .length), precision: try c.decodeIfPresent(Int.self, forKey: .precision),
                scale: try c.decodeIfPresent(Int.self, forKey: .scale))
        case .deleteField: self = .deleteField(object: try string(.object), field: try string(.field))
        case .addPicklistValue:
            // A bare string is the common case; an object gives the label, default and stage facts.
            let value: PicklistValue
            if let text = try? c.decode(String.self, forKey: .value) {
                value = PicklistValue(text)
            } else {
                value = try strict(PicklistValue.self, .value)
            }
            self = .addPicklistValue(object: try string(.object), field: try string(.field), value: value)
        case .deactivatePicklistValue:
            self = .deactivatePicklistValue(object: try string(.object), field: try string(.field), value: try string(.value))
        case .addValidationRule: self = .addValidationRule(object: try string(.object), rule: try strict(ValidationRule.self, .rule))
        case .addRecordType:
            // The id is optional here (the fake chooses one), unlike in org files.
            var input = raw[CodingKeys.recordType.rawValue]?.objectValue ?? [:]
            if input["id"] == nil { input["id"] = "" }
            let recordType = try JSONDecoder().decode(RecordTypeDefinition.self, from: JSONEncoder().encode(JSONValue.object(input)))
            if let unknown = try StrictJSON.unknownKeys(input: .object(input), decoded: recordType).first {
                throw DecodingError.dataCorruptedError(forKey: .recordType, in: c, debugDescription: "unknown key 'recordType.\(unknown)'")
            }
            self = .addRecordType(object: try string(.object), recordType: recordType)
        case .addObject: self = .addObject(definition: try strict(ObjectDefinition.self, .definition))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("drift", forKey: .type)
        try c.encode(change, forKey: .change)
        switch self {
        case .addField(let object, let field, let backfill), .addRequiredField(let object, let field, let backfill):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
            try c.encodeIfPresent(backfill, forKey: .backfill)
        case .renameField(let object, let field, let newName):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
            try c.encode(newName, forKey: .newName)
        case .changeFieldType(let object, let field, let fieldType, let length, let precision, let scale):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
            try c.encode(fieldType, forKey: .fieldType)
            try c.encodeIfPresent(length, forKey: .length)
            try c.encodeIfPresent(precision, forKey: .precision)
            try c.encodeIfPresent(scale, forKey: .scale)
        case .deleteField(let object, let field):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
        case .addPicklistValue(let object, let field, let value):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
            try c.encode(value, forKey: .value)
        case .deactivatePicklistValue(let object, let field, let value):
            try c.encode(object, forKey: .object)
            try c.encode(field, forKey: .field)
            try c.encode(value, forKey: .value)
        case .addValidationRule(let object, let rule):
            try c.encode(object, forKey: .object)
            try c.encode(rule, forKey: .rule)
        case .addRecordType(let object, let recordType):
            try c.encode(object, forKey: .object)
            try c.encode(recordType, forKey: .recordType)
        case .addObject(let definition):
            try c.encode(definition, forKey: .definition)
        }
    }
}
