import Foundation

/// Turns a value as it arrived on the wire into the canonical value stored
/// for a field, or says why it cannot be. Canonical forms follow Salesforce:
/// dates `YYYY-MM-DD`, datetimes `YYYY-MM-DDTHH:MM:SS.sss+0000` in UTC,
/// multi-select picklists `A;B;C`, numbers as JSON numbers.
public enum FieldValueCoercion {
    public static func coerce(_ value: JSONValue, for field: FieldDefinition) throws(StoreError) -> JSONValue {
        if value.isNull { return .null }
        switch field.type {
        case .string, .textarea, .phone, .url, .encryptedstring, .combobox, .id, .reference:
            let text = try string(value, field)
            // Characters never outnumber UTF-8 bytes: count characters only when the bytes might exceed.
            if let max = field.length, max > 0, text.utf8.count > max, text.count > max {
                throw .valueTooLong(field: field.name, maxLength: max, value: text)
            }
            if text.isEmpty { return .null }
            // Keep the given value when it is already the string (no copy); numbers become their text.
            if case .string = value { return value }
            return .string(text)
        case .email:
            let text = try string(value, field)
            if text.isEmpty { return .null }
            guard isEmail(text) else { throw .invalidEmail(field: field.name, value: text) }
            if let max = field.length, text.count > max { throw .valueTooLong(field: field.name, maxLength: max, value: text) }
            return .string(text)
        case .picklist:
            let text = try string(value, field)
            if text.isEmpty { return .null }
            if field.restrictedPicklist, !field.picklistValues.contains(where: { $0.active && $0.value == text }) {
                throw .invalidPicklistValue(field: field.name, value: text)
            }
            return .string(text)
        case .multipicklist:
            let items: [String]
            switch value {
            case .array(let array): items = try array.map { item throws(StoreError) in try string(item, field) }
            default: items = try string(value, field).split(separator: ";").map(String.init)
            }
            let trimmed = items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if field.restrictedPicklist {
                for item in trimmed where !field.picklistValues.contains(where: { $0.active && $0.value == item }) {
                    throw .invalidPicklistValue(field: field.name, value: item)
                }
            }
            return trimmed.isEmpty ? .null : .string(trimmed.joined(separator: ";"))
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let s) where s.lowercased() == "true": return true
            case .string(let s) where s.lowercased() == "false": return false
            default: throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a boolean")
            }
        case .int, .long:
            let number = try numeric(value, field)
            guard number == number.rounded(), abs(number) < 9.0e15 else {
                throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a whole number")
            }
            try checkRange(number, field, value)
            return .int(Int(number))
        case .double, .currency, .percent:
            let number = try numeric(value, field)
            try checkRange(number, field, value)
            let scale = field.scale ?? (field.type == .currency ? 2 : nil)
            let rounded = scale.map { scale in
                let factor = pow(10.0, Double(scale))
                return (number * factor).rounded() / factor
            } ?? number
            if case .int(let i) = value, Double(i) == rounded { return .int(i) }
            return .double(rounded)
        case .date:
            let text = try string(value, field)
            guard let date = DateFormats.parseDate(text) ?? DateFormats.parseDateTime(text) else {
                throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a date (YYYY-MM-DD)")
            }
            return .string(DateFormats.formatDate(date))
        case .datetime:
            let text = try string(value, field)
            guard let date = DateFormats.parseDateTime(text) ?? DateFormats.parseDate(text) else {
                throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not an ISO-8601 date and time")
            }
            return .string(DateFormats.formatDateTime(date))
        case .time:
            let text = try string(value, field)
            guard DateFormats.isTime(text) else {
                throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a time (HH:MM:SS.sssZ)")
            }
            return .string(text)
        case .address, .location, .base64:
            return value
        }
    }

    private static func string(_ value: JSONValue, _ field: FieldDefinition) throws(StoreError) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i) where field.type != .reference && field.type != .id: return String(i)
        case .double(let d) where field.type != .reference && field.type != .id: return String(d)
        default: throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a string")
        }
    }

    private static func numeric(_ value: JSONValue, _ field: FieldDefinition) throws(StoreError) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d) where d.isFinite: return d
        case .string(let s):
            if let d = Double(s.trimmingCharacters(in: .whitespaces)), d.isFinite { return d }
            fallthrough
        default: throw .invalidValue(field: field.name, type: field.type, value: value, reason: "not a number")
        }
    }

    /// Digits left of the point are bounded by precision − scale (Salesforce's rule).
    private static func checkRange(_ number: Double, _ field: FieldDefinition, _ value: JSONValue) throws(StoreError) {
        guard let precision = field.precision, precision > 0 else { return }
        let integerDigits = precision - (field.scale ?? 0)
        if abs(number) >= pow(10.0, Double(integerDigits)) { throw .numberOutOfRange(field: field.name, value: value) }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return !text.contains(" ")
    }
}
