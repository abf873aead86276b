import FakeKit
import Foundation

/// Runs a search over one consistent view of the store: filter groups OR'd,
/// filters in a group AND'd, `query` over the object's searchable
/// properties, then one sort (default: by id) and the page.
struct HubSpotSearchEngine {
    let object: ObjectDefinition

    /// The records that can match: when every filter group has an `EQ` on a
    /// unique property, those the store's index holds for it (HubSpot answers
    /// such lookups at once); otherwise every live record, each then checked.
    func candidates(_ snapshot: StoreSnapshot, _ request: HubSpotSearchRequest) -> [Record] {
        guard !request.groups.isEmpty else { return snapshot.records(of: object.name) }
        var seen = Set<String>()
        var found: [Record] = []
        for group in request.groups {
            guard let key = group.first(where: { $0.op == .eq && snapshot.isIndexed(object.name, $0.field.name) }) else {
                return snapshot.records(of: object.name)
            }
            for record in snapshot.records(of: object.name, where: key.field.name, equals: .string(key.value ?? "")) where seen.insert(record.id).inserted {
                found.append(record)
            }
        }
        return found
    }

    func matches(_ record: Record, _ request: HubSpotSearchRequest) -> Bool {
        if let query = request.query, !matchesQuery(record, query) { return false }
        guard !request.groups.isEmpty else { return true }
        return request.groups.contains { group in group.allSatisfy { matches(record, $0) } }
    }

    private func value(_ record: Record, _ field: FieldDefinition) -> JSONValue {
        HubSpotRecordView.value(field.name, of: record, object: object)
    }

    /// The stored value as the text HubSpot compares strings by (lower case).
    private func text(_ value: JSONValue, _ field: FieldDefinition) -> String? {
        HubSpotValues.output(value, for: field).stringValue?.lowercased()
    }

    func matches(_ record: Record, _ filter: HubSpotSearchRequest.Filter) -> Bool {
        let stored = value(record, filter.field)
        switch filter.op {
        case .hasProperty: return !stored.isNull
        case .notHasProperty: return stored.isNull
        case .eq: return !stored.isNull && equals(stored, filter.value ?? "", filter.field)
        case .neq: return stored.isNull || !equals(stored, filter.value ?? "", filter.field)
        case .in: return !stored.isNull && filter.values.contains { equals(stored, $0, filter.field) }
        case .notIn: return stored.isNull || !filter.values.contains { equals(stored, $0, filter.field) }
        case .lt, .lte, .gt, .gte:
            guard !stored.isNull, let order = compare(stored, filter.value ?? "", filter.field) else { return false }
            switch filter.op {
            case .lt: return order < 0
            case .lte: return order <= 0
            case .gt: return order > 0
            default: return order >= 0
            }
        case .between:
            guard !stored.isNull, let low = compare(stored, filter.value ?? "", filter.field), let high = compare(stored, filter.highValue ?? "", filter.field) else {
                return false
            }
            return low >= 0 && high <= 0
        case .containsToken: return !stored.isNull && containsToken(stored, filter.value ?? "", filter.field)
        case .notContainsToken: return stored.isNull || !containsToken(stored, filter.value ?? "", filter.field)
        }
    }

    /// Equality as HubSpot's index sees it: numbers and dates by value, text without case, a checkbox value by any of its options.
    private func equals(_ stored: JSONValue, _ given: String, _ field: FieldDefinition) -> Bool {
        if let a = HubSpotValues.comparable(stored, for: field), let b = comparableInput(given, field) { return a == b }
        guard let text = text(stored, field) else { return false }
        if field.type == .multipicklist { return text.split(separator: ";").contains { $0 == given.lowercased() } }
        return text == given.lowercased()
    }

    private func comparableInput(_ given: String, _ field: FieldDefinition) -> Double? {
        switch field.type {
        case .date, .datetime: return HubSpotValues.comparable(.string(given), for: field)
        case .int, .long, .double, .currency, .percent: return Double(given)
        case .boolean: return given.lowercased() == "true" ? 1 : (given.lowercased() == "false" ? 0 : nil)
        default: return nil
        }
    }

    private func compare(_ stored: JSONValue, _ given: String, _ field: FieldDefinition) -> Int? {
        if let a = HubSpotValues.comparable(stored, for: field) {
            guard let b = comparableInput(given, field) else { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        guard let text = text(stored, field) else { return nil }
        let other = given.lowercased()
        return text < other ? -1 : (text > other ? 1 : 0)
    }

    /// Whether a word of the value matches the token (`*` matches any run of characters).
    private func containsToken(_ stored: JSONValue, _ token: String, _ field: FieldDefinition) -> Bool {
        guard let text = text(stored, field) else { return false }
        let pattern = token.lowercased()
        let words = text.split { !$0.isLetter && !$0.isNumber }.map(String.init) + [text]
        return words.contains { Self.glob(pattern, $0) }
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// `query`: a word of a searchable property starts with the query (or the whole value contains it).
    private func matchesQuery(_ record: Record, _ query: String) -> Bool {
        let needle = query.lowercased()
        for name in HubSpotObjectTypes.searchable(object) {
            guard let field = object.field(name), let text = text(value(record, field), field) else { continue }
            if text.contains(needle) { return true }
        }
        return false
    }

    func sorted(_ records: [Record], _ sort: HubSpotSearchRequest.Sort?) -> [Record] {
        guard let sort else { return records.sorted { Self.idOrder($0, $1) } }
        let keyed = records.map { record in SortKey(record: record, stored: value(record, sort.field), field: sort.field) }
        return keyed.sorted { Self.precedes($0, $1, descending: sort.descending) }.map(\.record)
    }

    private struct SortKey {
        let record: Record
        let number: Double?
        let text: String?

        init(record: Record, stored: JSONValue, field: FieldDefinition) {
            self.record = record
            number = HubSpotValues.comparable(stored, for: field)
            text = HubSpotValues.output(stored, for: field).stringValue?.lowercased()
        }
    }

    private static func idOrder(_ a: Record, _ b: Record) -> Bool { (Int(a.id) ?? 0) < (Int(b.id) ?? 0) }

    /// Records without the value sort last either way, as HubSpot's index places them; ties go by id.
    private static func precedes(_ a: SortKey, _ b: SortKey, descending: Bool) -> Bool {
        switch (a.text, b.text) {
        case (nil, nil): return idOrder(a.record, b.record)
        case (nil, _): return false
        case (_, nil): return true
        default: break
        }
        if let x = a.number, let y = b.number, x != y { return descending ? x > y : x < y }
        if a.number == nil, let x = a.text, let y = b.text, x != y { return descending ? x > y : x < y }
        return idOrder(a.record, b.record)
    }
}
