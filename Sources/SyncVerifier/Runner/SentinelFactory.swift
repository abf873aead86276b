import FakeKit
import Foundation

/// Makes unique, traceable values for every writable field of a record, in
/// the shapes that break naive connectors: dates, date-times with a zone
/// offset and milliseconds, numbers with their full precision, multi-selects.
struct SentinelFactory {
    private var counter: Int
    let tag: String

    init(tag: String) {
        self.tag = tag
        counter = 0
    }

    /// Values for the fields `object` can take at create that `given` does not set.
    mutating func values(for object: ObjectDefinition, excluding given: Set<String>) -> [(FieldDefinition, JSONValue)] {
        var result: [(FieldDefinition, JSONValue)] = []
        // External ids and unique fields are an integration's own keys, not data to trace.
        for field in object.fields where field.createable && !given.contains(field.name) && !field.name.hasSuffix("Id") && !field.externalId && !field.unique {
            if let value = value(for: field) { result.append((field, value)) }
        }
        return result
    }

    /// `moment` as local time at `minutes` east of UTC, with milliseconds and the offset: `2018-04-04T11:33:03.123+05:30`.
    static func withOffset(_ moment: Date, minutes: Int) -> String {
        let local = DateFormats.formatDateTime(moment.addingTimeInterval(Double(minutes * 60)))
        let sign = minutes < 0 ? "-" : "+"
        let offset = sign + String(format: "%02d:%02d", abs(minutes) / 60, abs(minutes) % 60)
        return String(local.dropLast(5)) + offset
    }

    static func number(_ value: Double, scale: Int) -> JSONValue {
        if scale <= 0 { return .int(Int(value)) }
        let factor = pow(10, Double(min(scale, 6)))
        return .double((value * factor).rounded(.down) / factor)
    }

    private mutating func value(for field: FieldDefinition) -> JSONValue? {
        counter += 1
        let n = counter
        let unique = "\(tag)\(n)"
        switch field.type {
        case .string, .textarea, .encryptedstring:
            let text = field.type == .textarea ? "SV \(unique) line one\nline two: ü, ñ, 漢字" : "SV-\(unique)"
            return .string(String(text.prefix(field.length ?? 255)))
        case .email: return .string("sv.\(unique.lowercased())@sentinel.example")
        case .phone: return .string("+1 555 \(String(format: "%04d", 1000 + n % 9000))")
        case .url: return .string("https://sentinel.example/\(unique.lowercased())")
        case .boolean: return field.defaultValue == .bool(true) ? .bool(false) : .bool(true)
        case .int: return .int(7_000_000 + n)
        // As many decimals as the field keeps (its scale), so the CRM itself does not round the sentinel.
        case .double: return Self.number(Double(100_000 + n) + 0.125, scale: field.scale ?? 3)
        case .currency: return Self.number(Double(40_000 + n) + 0.37, scale: field.scale ?? 2)
        case .percent: return Self.number(Double(n % 90) + 0.5, scale: field.scale ?? 1)
        case .date:
            guard let day = DateFormats.makeDate(2019, 1 + n % 12, 1 + n % 28, 0, 0, 0, 0) else { return nil }
            return .string(DateFormats.formatDate(day))
        case .datetime:
            // Off the hour, with milliseconds, so a dropped zone or truncated time shows.
            // Written with a non-UTC offset (+05:30), so a connector that drops or ignores offsets moves the instant.
            guard let moment = DateFormats.makeDate(2018, 1 + n % 12, 1 + n % 28, 3 + n % 20, n % 59, n % 57, 123) else { return nil }
            return .string(Self.withOffset(moment, minutes: 330))
        case .picklist:
            let values = field.picklistValues.filter { $0.active && !$0.defaultValue }
            guard !values.isEmpty else { return nil }
            return .string(values[n % values.count].value)
        case .multipicklist:
            let values = field.picklistValues.filter(\.active).map(\.value)
            // Three values where the field has them: keeping only the first, or the first two, shows.
            guard values.count >= 2 else { return values.first.map { .string($0) } }
            let picked = (0..<min(3, values.count)).map { values[(n + $0) % values.count] }
            return .string(picked.sorted().joined(separator: ";"))
        default: return nil
        }
    }
}
