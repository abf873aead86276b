import FakeKit
import Foundation

/// Property values between HubSpot's wire form and the store's. HubSpot
/// answers every value as a string (`"1000"`, `"true"`,
/// `"2024-01-31T10:00:00.000Z"`, `"a;b"`) and accepts strings or JSON
/// numbers and booleans; dates and datetimes also come as epoch milliseconds.
enum HubSpotValues {
    /// A value as it arrived, made ready for the store's coercion (which
    /// refuses what HubSpot would refuse).
    static func input(_ value: JSONValue, for field: FieldDefinition) -> JSONValue {
        // An empty string clears a property of any type, HubSpot's way to unset one.
        if case .string(let text) = value, text.isEmpty { return .null }
        switch field.type {
        case .date, .datetime:
            if let millis = epochMillis(value) {
                let date = Date(timeIntervalSince1970: Double(millis) / 1000)
                return .string(field.type == .date ? DateFormats.formatDate(date) : DateFormats.formatDateTime(date))
            }
            return value
        case .picklist, .multipicklist:
            if case .bool(let flag) = value { return .string(flag ? "true" : "false") }
            return value
        default:
            return value
        }
    }

    /// Epoch milliseconds in a number or an all-digit string.
    static func epochMillis(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let i): Int64(i)
        case .double(let d) where d == d.rounded(): Int64(d)
        case .string(let s): isDigits(s) ? Int64(s) : nil
        default: nil
        }
    }

    private static func isDigits(_ s: String) -> Bool {
        let body = s.utf8.first == UInt8(ascii: "-") ? s.utf8.dropFirst() : s.utf8[...]
        return !body.isEmpty && body.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// The wire string of a stored value.
    static func output(_ value: JSONValue, for field: FieldDefinition?) -> JSONValue {
        switch value {
        case .null: return .null
        case .string(let text):
            if field?.type == .datetime, let date = DateFormats.parseDateTime(text) { return .string(DateFormats.formatISO(date)) }
            return value
        case .int(let i): return .string(String(i))
        case .double(let d): return .string(number(d))
        case .bool(let b): return .string(b ? "true" : "false")
        default: return .string(value.description)
        }
    }

    /// A number as HubSpot writes it: no `.0` on whole numbers.
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    /// A stored value as a comparable number (numbers, and dates as epoch milliseconds).
    static func comparable(_ value: JSONValue, for field: FieldDefinition?) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s):
            if field?.type == .datetime || field?.type == .date {
                if let millis = epochMillis(value) { return Double(millis) }
                if let date = DateFormats.parseDateTime(s) ?? DateFormats.parseDate(s) { return (date.timeIntervalSince1970 * 1000).rounded() }
                return nil
            }
            if let field, [.int, .long, .double, .currency, .percent].contains(field.type) { return Double(s) }
            return nil
        default: return nil
        }
    }
}
