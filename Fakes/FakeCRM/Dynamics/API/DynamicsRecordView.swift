import FakeKit
import Foundation

/// A row as the Web API answers it: `@odata.etag` from the row version,
/// columns by logical name (lookups as `_name_value`, option sets as their
/// numbers, times as `…Z`), the primary key, and with
/// `odata.include-annotations` the `FormattedValue` and lookup annotations
/// just before the value they describe.
struct DynamicsRecordView {
    let store: RecordStore
    let object: ObjectDefinition
    let annotations: AnnotationFilter

    static func etag(_ record: Record) -> String { "W/\"\(record["versionnumber"].intValue ?? 0)\"" }

    /// The property names a row shows: `select` (plus the key, as Dataverse always adds it), or every column.
    func columns(select: [String]?) -> [String] {
        let key = DynamicsSchema.primaryIdAttribute(object)
        guard let select else { return object.fields.map(DynamicsSchema.propertyName) + [key] }
        return select.contains(key) ? select : select + [key]
    }

    func render(_ record: Record, columns: [String], context: String? = nil) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = []
        if let context { pairs.append(("@odata.context", .value(.string(context)))) }
        pairs.append(("@odata.etag", .value(.string(Self.etag(record)))))
        for name in columns {
            let value = Self.value(name, of: record, in: object)
            if let field = DynamicsSchema.field(forProperty: name, in: object) {
                pairs += annotationPairs(name, field: field, value: value)
            }
            pairs.append((name, .value(value)))
        }
        return .object(pairs)
    }

    /// The wire value of a property of a row.
    static func value(_ name: String, of record: Record, in object: ObjectDefinition) -> JSONValue {
        if name == DynamicsSchema.primaryIdAttribute(object) { return .string(record.id) }
        switch name {
        case "createdon": return .string(wireDateTime(record.createdAt))
        case "modifiedon": return .string(wireDateTime(record.modifiedAt))
        default: break
        }
        guard let field = DynamicsSchema.field(forProperty: name, in: object) else { return .null }
        let stored = record[field.name]
        switch (field.type, stored) {
        case (_, .null): return .null
        case (.picklist, .string(let number)): return Int(number).map(JSONValue.int) ?? stored
        case (.multipicklist, .string(let numbers)): return .string(numbers.replacingOccurrences(of: ";", with: ","))
        case (.datetime, .string(let text)): return DateFormats.parseDateTime(text).map { .string(wireDateTime($0)) } ?? stored
        default: return stored
        }
    }

    /// `2026-01-31T10:00:00Z`: Dataverse answers whole seconds in UTC.
    static func wireDateTime(_ date: Date) -> String { String(DateFormats.formatISO(date).prefix(19)) + "Z" }

    private func annotationPairs(_ name: String, field: FieldDefinition, value: JSONValue) -> [(String, OrderedJSON)] {
        guard !annotations.isEmpty, value != .null else { return [] }
        var pairs: [(String, OrderedJSON)] = []
        let formatted = AnnotationFilter.formattedValue
        switch field.type {
        case .picklist:
            if annotations.includes(formatted), case .int(let number) = value,
                let label = field.picklistValues.first(where: { $0.value == String(number) })?.label
            {
                pairs.append(("\(name)@\(formatted)", .value(.string(label))))
            }
        case .boolean:
            if annotations.includes(formatted), case .bool(let flag) = value { pairs.append(("\(name)@\(formatted)", .value(flag ? "Yes" : "No"))) }
        case .currency, .double, .int, .long:
            if annotations.includes(formatted) { pairs.append(("\(name)@\(formatted)", .value(.string(Self.formatNumber(value, money: field.type == .currency))))) }
        case .datetime:
            if annotations.includes(formatted), case .string(let text) = value, let date = DateFormats.parseDateTime(text) {
                pairs.append(("\(name)@\(formatted)", .value(.string(Self.formatDate(date)))))
            }
        case .reference:
            guard case .string(let id) = value, let target = store.record(id: id) else { break }
            if annotations.includes(formatted), let targetObject = store.schema.object(target.object),
                let primary = DynamicsSchema.primaryNameAttribute(targetObject), case .string(let label) = target[primary]
            {
                pairs.append(("\(name)@\(formatted)", .value(.string(label))))
            }
            if annotations.includes(AnnotationFilter.associatedNavigationProperty) {
                pairs.append(("\(name)@\(AnnotationFilter.associatedNavigationProperty)", .value(.string(DynamicsBinding.navigationProperty(field, target: target.object)))))
            }
            if annotations.includes(AnnotationFilter.lookupLogicalName) {
                pairs.append(("\(name)@\(AnnotationFilter.lookupLogicalName)", .value(.string(target.object))))
            }
        default: break
        }
        return pairs
    }

    /// `1,250.50` or `$1,250.50`, as an en-US user sees it.
    static func formatNumber(_ value: JSONValue, money: Bool) -> String {
        let number: Double
        switch value {
        case .int(let i): number = Double(i)
        case .double(let d): number = d
        default: return value.description
        }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US")
        formatter.numberStyle = money ? .currency : .decimal
        formatter.maximumFractionDigits = money ? 2 : 10
        return formatter.string(from: NSNumber(value: number)) ?? String(number)
    }

    /// `1/31/2026 10:00 AM`, as an en-US user in UTC sees it.
    static func formatDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "M/d/yyyy h:mm a"
        return formatter.string(from: date)
    }
}
