import FakeKit

/// A record as the PRM API shows it: `id`, every field of the live schema
/// (custom ones included; multi-selects as arrays), `createdAt`, `updatedAt`.
struct PRMRecordRenderer: Sendable {
    let store: RecordStore

    func render(_ record: Record) -> OrderedJSON {
        let fields = store.schema.object(record.object)?.fields ?? []
        return .object(
            [("id", .value(.string(record.id)))] + fields.map { ($0.name, .value(value(record, $0))) } + [
                ("createdAt", .value(.string(DateFormats.formatISO(record.createdAt)))),
                ("updatedAt", .value(.string(DateFormats.formatISO(record.modifiedAt)))),
            ])
    }

    private func value(_ record: Record, _ field: FieldDefinition) -> JSONValue {
        let value = record.fields[field.name] ?? .null
        if field.type == .multipicklist, case .string(let text) = value { return .array(text.split(separator: ";").map { .string(String($0)) }) }
        // RFC 3339 (`…Z`), as JSON APIs write times; the store keeps Salesforce's `+0000` form.
        if field.type == .datetime, case .string(let text) = value, let date = DateFormats.parseDateTime(text) {
            return .string(DateFormats.formatISO(date))
        }
        return value
    }
}
