import FakeKit

/// A parsed `POST …/{objectType}/search` body, checked against HubSpot's
/// caps: at most 5 filter groups, 6 filters in a group and 18 in all, one
/// sort, `limit` at most 200, and no page past the first 10,000 results.
struct HubSpotSearchRequest {
    enum Operator: String, CaseIterable {
        case eq = "EQ", neq = "NEQ", lt = "LT", lte = "LTE", gt = "GT", gte = "GTE", between = "BETWEEN", `in` = "IN", notIn = "NOT_IN"
        case hasProperty = "HAS_PROPERTY", notHasProperty = "NOT_HAS_PROPERTY", containsToken = "CONTAINS_TOKEN", notContainsToken = "NOT_CONTAINS_TOKEN"
    }

    struct Filter {
        var field: FieldDefinition
        var op: Operator
        var value: String?
        var highValue: String?
        var values: [String]
    }

    struct Sort {
        var field: FieldDefinition
        var descending: Bool
    }

    static let maxGroups = 5
    static let maxFiltersPerGroup = 6
    static let maxFilters = 18
    static let maxLimit = 200
    static let resultWindow = 10_000

    var groups: [[Filter]] = []
    var sort: Sort?
    var query: String?
    var properties: [String]
    var limit: Int
    var offset: Int

    init(_ body: [String: JSONValue], object: ObjectDefinition) throws {
        let groups = body["filterGroups"]?.arrayValue ?? []
        guard groups.count <= Self.maxGroups else {
            throw HubSpotError.validation("Cannot have more than \(Self.maxGroups) filter groups; \(groups.count) were given.", context: ["filterGroups": [String(groups.count)]])
        }
        var total = 0
        for group in groups {
            let filters = group["filters"]?.arrayValue ?? []
            guard filters.count <= Self.maxFiltersPerGroup else {
                throw HubSpotError.validation(
                    "Cannot have more than \(Self.maxFiltersPerGroup) filters in a filter group; \(filters.count) were given.", context: ["filters": [String(filters.count)]])
            }
            total += filters.count
            self.groups.append(try filters.map { try Self.filter($0, object: object) })
        }
        guard total <= Self.maxFilters else {
            throw HubSpotError.validation("Cannot have more than \(Self.maxFilters) filters across all filter groups; \(total) were given.", context: ["filters": [String(total)]])
        }
        let sorts = body["sorts"]?.arrayValue ?? []
        guard sorts.count <= 1 else { throw HubSpotError.validation("Only one sort is allowed; \(sorts.count) were given.") }
        if let sort = sorts.first {
            let name: String
            var descending: Bool
            if case .string(let text) = sort {
                descending = text.hasPrefix("-")
                name = descending ? String(text.dropFirst()) : text
            } else {
                name = sort["propertyName"]?.stringValue ?? ""
                let direction = sort["direction"]?.stringValue ?? "ASCENDING"
                guard direction == "ASCENDING" || direction == "DESCENDING" else {
                    throw HubSpotError.validation("Unknown sort direction \(direction): use ASCENDING or DESCENDING")
                }
                descending = direction == "DESCENDING"
            }
            guard let field = object.field(name) else { throw HubSpotError.validation("Property \(name) does not exist on \(object.name); it cannot be sorted by.") }
            self.sort = Sort(field: field, descending: descending)
        }
        query = body["query"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        properties = (body["properties"]?.arrayValue ?? []).compactMap(\.stringValue)
        let limit = body["limit"]?.intValue ?? 10
        guard (0...Self.maxLimit).contains(limit) else {
            throw HubSpotError.validation("limit must be between 0 and \(Self.maxLimit); \(limit) was given.", context: ["limit": [String(limit)]])
        }
        self.limit = limit
        let after = body["after"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) } ?? "0"
        guard let offset = Int(after.isEmpty ? "0" : after), offset >= 0 else { throw HubSpotError.validation("after must be a number: \(after)") }
        // HubSpot serves no page past its 10,000-result window.
        guard offset < Self.resultWindow else {
            throw HubSpotError.validation(
                "The search API returns at most \(Self.resultWindow) results for a query; after=\(offset) is beyond that. Narrow the query (by hs_object_id or a date range) instead.")
        }
        self.offset = offset
    }

    private static func filter(_ json: JSONValue, object: ObjectDefinition) throws -> Filter {
        let name = json["propertyName"]?.stringValue ?? ""
        guard let field = object.field(name) else {
            throw HubSpotError.validation("There was a problem with the request: property \(name) does not exist on \(object.name).", context: ["propertyName": [name]])
        }
        let text = json["operator"]?.stringValue ?? ""
        guard let op = Operator(rawValue: text) else {
            throw HubSpotError.validation(
                "Unknown filter operator \(text). Supported: \(Operator.allCases.map(\.rawValue).joined(separator: ", ")).", context: ["operator": [text]])
        }
        func string(_ value: JSONValue?) -> String? {
            guard let value, !value.isNull else { return nil }
            return value.stringValue ?? (value.boolValue.map { $0 ? "true" : "false" }) ?? value.description
        }
        let filter = Filter(
            field: field, op: op, value: string(json["value"]), highValue: string(json["highValue"]),
            values: (json["values"]?.arrayValue ?? []).compactMap { string($0) })
        switch op {
        case .hasProperty, .notHasProperty: break
        case .in, .notIn:
            guard !filter.values.isEmpty else { throw HubSpotError.validation("\(op.rawValue) needs values for \(field.name)") }
        case .between:
            guard filter.value != nil, filter.highValue != nil else { throw HubSpotError.validation("BETWEEN needs value and highValue for \(field.name)") }
        default:
            guard filter.value != nil else { throw HubSpotError.validation("\(op.rawValue) needs a value for \(field.name)") }
        }
        return filter
    }
}
