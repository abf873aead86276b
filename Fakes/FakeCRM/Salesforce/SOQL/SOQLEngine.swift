import FakeKit
import Foundation

/// Runs SOQL against a store snapshot: checks every name against the
/// schema (with Salesforce's error texts), filters (using an index for a
/// top-level equality on an id, unique or external-id field), orders, limits
/// and shapes rows as the REST API returns them.
struct SOQLEngine {
    let reader: SalesforceRecordReader
    let query: String
    let now: Date

    /// A field path resolved against the schema: the reference fields to
    /// follow, then the final field.
    struct ResolvedPath {
        let path: SOQLFieldPath
        let hops: [FieldDefinition]
        let field: FieldDefinition
        /// Names as Salesforce echoes them: relationship names and the field's canonical name.
        let names: [String]
    }

    struct Result {
        let totalSize: Int
        let rows: [OrderedJSON]
        let isCount: Bool
    }

    static func run(_ query: String, reader: SalesforceRecordReader, includeDeleted: Bool, now: Date) throws(SOQLError) -> Result {
        let parsed = try SOQLParser.parse(query)
        return try SOQLEngine(reader: reader, query: query, now: now).execute(parsed, includeDeleted: includeDeleted)
    }

    func execute(_ parsed: SOQLQuery, includeDeleted: Bool) throws(SOQLError) -> Result {
        guard let object = reader.schema.object(parsed.object) else {
            throw SOQLError.at(
                parsed.objectOffset, in: query, "INVALID_TYPE",
                "sObject type '\(parsed.object)' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."
            )
        }
        var selected: [ResolvedPath] = []
        if case .fields(let paths) = parsed.selection {
            for path in paths {
                let resolved = try resolve(path, on: object)
                if !selected.contains(where: { $0.names.map { $0.lowercased() } == resolved.names.map { $0.lowercased() } }) {
                    selected.append(resolved)
                }
            }
        }
        let condition = try parsed.condition.map { condition throws(SOQLError) in try bind(condition, on: object) }
        let order = try parsed.orderBy.map { item throws(SOQLError) in (try resolve(item.field, on: object), item) }

        var candidates = indexedCandidates(condition, object: object, includeDeleted: includeDeleted)
            ?? reader.snapshot.records(of: object.name, includeDeleted: includeDeleted)
        if let condition { candidates = candidates.filter { matches(condition, $0) } }
        if !order.isEmpty {
            candidates.sort { a, b in
                for (path, item) in order {
                    let left = value(a, path)
                    let right = value(b, path)
                    if left == right { continue }
                    if left.isNull { return !item.nullsLast }
                    if right.isNull { return item.nullsLast }
                    let ascending = compare(left, right, type: path.field.type) < 0
                    return item.descending ? !ascending : ascending
                }
                return false
            }
        }
        let skipped = Array(candidates.dropFirst(parsed.offset ?? 0))
        let limited = parsed.limit.map { Array(skipped.prefix($0)) } ?? skipped
        if case .count = parsed.selection {
            return Result(totalSize: limited.count, rows: [], isCount: true)
        }
        return Result(totalSize: limited.count, rows: limited.map { shape($0, selected) }, isCount: false)
    }

    // MARK: names

    func resolve(_ path: SOQLFieldPath, on object: ObjectDefinition) throws(SOQLError) -> ResolvedPath {
        var current = object
        var hops: [FieldDefinition] = []
        var names: [String] = []
        for (index, segment) in path.segments.enumerated() {
            let last = index == path.segments.count - 1
            if last {
                guard let field = current.field(segment) else {
                    throw SOQLError.at(
                        path.offset, in: query, "INVALID_FIELD",
                        "No such column '\(segment)' on entity '\(current.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
                    )
                }
                names.append(field.name)
                return ResolvedPath(path: path, hops: hops, field: field, names: names)
            }
            guard let reference = current.referenceField(relationship: segment),
                let targetName = reference.referenceTo.first, let target = reader.schema.object(targetName)
            else {
                throw SOQLError.at(
                    path.offset, in: query, "INVALID_FIELD",
                    "Didn't understand relationship '\(segment)' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."
                )
            }
            hops.append(reference)
            names.append(reference.relationshipName ?? segment)
            current = target
        }
        fatalError("a field path has at least one segment")
    }

    /// A condition whose field paths are resolved and whose literals fit their fields.
    indirect enum Bound {
        case compare(ResolvedPath, String, SOQLValue)
        case like(ResolvedPath, String, Bool)
        case inList(ResolvedPath, [SOQLValue], Bool)
        case includes(ResolvedPath, [String], Bool)
        case and([Bound])
        case or([Bound])
        case not(Bound)
    }

    func bind(_ condition: SOQLCondition, on object: ObjectDefinition) throws(SOQLError) -> Bound {
        switch condition {
        case .compare(let path, let op, let value):
            let resolved = try resolve(path, on: object)
            try checkLiteral(value, for: resolved)
            return .compare(resolved, op, value)
        case .like(let path, let pattern, let negated):
            return .like(try resolve(path, on: object), pattern, negated)
        case .inList(let path, let values, let negated):
            let resolved = try resolve(path, on: object)
            for value in values { try checkLiteral(value, for: resolved) }
            return .inList(resolved, values, negated)
        case .includes(let path, let values, let excludes):
            let resolved = try resolve(path, on: object)
            guard resolved.field.type == .multipicklist else {
                throw SOQLError.at(
                    path.offset, in: query, "INVALID_FIELD",
                    "includes or excludes operator only valid on multipicklist field")
            }
            return .includes(resolved, values, excludes)
        case .and(let terms): return .and(try terms.map { term throws(SOQLError) in try bind(term, on: object) })
        case .or(let terms): return .or(try terms.map { term throws(SOQLError) in try bind(term, on: object) })
        case .not(let inner): return .not(try bind(inner, on: object))
        }
    }

    /// Salesforce refuses a literal of the wrong kind for the field.
    func checkLiteral(_ value: SOQLValue, for path: ResolvedPath) throws(SOQLError) {
        let name = path.field.name
        let type = path.field.type
        let numeric: Set<FieldType> = [.int, .double, .currency, .percent, .long]
        switch value {
        case .null: return
        case .string:
            if numeric.contains(type) {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type double and should not be enclosed in quotes")
            }
            if type == .boolean {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type boolean and should not be enclosed in quotes")
            }
            if type == .date || type == .datetime {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type \(type == .date ? "date" : "dateTime") and should not be enclosed in quotes")
            }
        case .number:
            if !numeric.contains(type) {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type \(typeWord(type)) and should be enclosed in quotes")
            }
        case .bool:
            if type != .boolean {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type \(typeWord(type)) and should be enclosed in quotes")
            }
        case .dateTime(let text):
            guard type == .date || type == .datetime else {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type \(typeWord(type)) and should be enclosed in quotes")
            }
            if type == .datetime, DateFormats.parseDateTime(text) == nil {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type dateTime and should not be enclosed in quotes")
            }
            if type == .date, DateFormats.parseDate(text) == nil {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type date and should not be enclosed in quotes")
            }
        case .relativeDate:
            guard type == .date || type == .datetime else {
                throw SOQLError.at(path.path.offset, in: query, "INVALID_FIELD", "value of filter criterion for field '\(name)' must be of type \(typeWord(type)) and should be enclosed in quotes")
            }
        }
    }

    private func typeWord(_ type: FieldType) -> String {
        switch type {
        case .int, .double, .currency, .percent, .long: "double"
        case .boolean: "boolean"
        case .date: "date"
        case .datetime: "dateTime"
        case .id, .reference: "id"
        default: "string"
        }
    }

    // MARK: evaluation

    func value(_ record: Record, _ path: ResolvedPath) -> JSONValue {
        var current = record
        for hop in path.hops {
            guard let parent = reader.parent(of: current, via: hop) else { return .null }
            current = parent
        }
        return reader.value(current, field: path.field)
    }

    /// Candidates from an index when the condition is (or starts with, under
    /// AND) an equality or IN on an indexed field; nil means scan.
    func indexedCandidates(_ condition: Bound?, object: ObjectDefinition, includeDeleted: Bool) -> [Record]? {
        guard !includeDeleted, let condition else { return nil }
        func lookup(_ bound: Bound) -> [Record]? {
            switch bound {
            case .compare(let path, "=", let value) where path.hops.isEmpty:
                return candidates(path.field, [value], object)
            case .inList(let path, let values, false) where path.hops.isEmpty:
                return candidates(path.field, values, object)
            case .and(let terms):
                return terms.lazy.compactMap(lookup).first
            default:
                return nil
            }
        }
        return lookup(condition)
    }

    private func candidates(_ field: FieldDefinition, _ values: [SOQLValue], _ object: ObjectDefinition) -> [Record]? {
        let isID = field.name == "Id"
        guard isID || reader.snapshot.isIndexed(object.name, field.name) else { return nil }
        // The index holds text values only: `= null` (records without a value) needs the full scan.
        guard values.allSatisfy({ if case .string = $0 { true } else { false } }) else { return nil }
        var seen = Set<String>()
        var result: [Record] = []
        for value in values {
            guard case .string(var text) = value else { continue }
            if isID || field.type == .reference { text = SalesforceID.canonical(text) ?? text }
            for record in reader.snapshot.records(of: object.name, where: field.name, equals: .string(text)) where seen.insert(record.id).inserted {
                result.append(record)
            }
        }
        // Keep creation order, as a scan would.
        return result.count > 1 ? reader.snapshot.records(of: object.name).filter { seen.contains($0.id) } : result
    }

    func matches(_ condition: Bound, _ record: Record) -> Bool {
        switch condition {
        case .and(let terms): return terms.allSatisfy { matches($0, record) }
        case .or(let terms): return terms.contains { matches($0, record) }
        case .not(let inner): return !matches(inner, record)
        case .compare(let path, let op, let literal):
            return compare(value(record, path), op, literal, path.field.type)
        case .like(let path, let pattern, let negated):
            guard case .string(let text) = value(record, path) else { return negated }
            return Self.like(text, pattern) != negated
        case .inList(let path, let values, let negated):
            let v = value(record, path)
            let found = values.contains { compare(v, "=", $0, path.field.type) }
            return found != negated
        case .includes(let path, let wanted, let excludes):
            let items = Set((value(record, path).stringValue ?? "").split(separator: ";").map { $0.lowercased() })
            // Each literal may itself be "A;B": all of those must be present.
            let found = wanted.contains { term in
                term.split(separator: ";").allSatisfy { items.contains($0.lowercased()) }
            }
            return found != excludes
        }
    }

    func compare(_ actual: JSONValue, _ op: String, _ literal: SOQLValue, _ type: FieldType) -> Bool {
        if case .null = literal {
            switch op {
            case "=": return actual.isNull
            case "!=": return !actual.isNull
            default: return false
            }
        }
        if actual.isNull { return op == "!=" }
        switch literal {
        case .relativeDate(let name, let n):
            let range = SOQLDateRange.range(name, n: n, now: now)
            guard let date = dateValue(actual, type) else { return false }
            return inRange(date, range, op)
        case .dateTime(let text) where type == .date:
            guard let date = dateValue(actual, type), let day = DateFormats.parseDate(text) else { return false }
            return inRange(date, (day, day.addingTimeInterval(86400)), op)
        case .dateTime(let text):
            guard let date = dateValue(actual, type), let other = DateFormats.parseDateTime(text) ?? DateFormats.parseDate(text) else {
                return false
            }
            return ordered(date < other ? -1 : date > other ? 1 : 0, op)
        case .number(let n):
            guard let d = actual.doubleValue else { return false }
            return ordered(d < n ? -1 : d > n ? 1 : 0, op)
        case .bool(let b):
            guard case .bool(let a) = actual else { return false }
            return op == "=" ? a == b : op == "!=" ? a != b : false
        case .string(let s):
            let text = actual.stringValue ?? actual.description
            if type == .id || type == .reference {
                let a = SalesforceID.canonical(text) ?? text
                let b = SalesforceID.canonical(s) ?? s
                return ordered(a.lowercased() < b.lowercased() ? -1 : a.lowercased() == b.lowercased() ? 0 : 1, op)
            }
            let a = text.lowercased()
            let b = s.lowercased()
            return ordered(a < b ? -1 : a > b ? 1 : 0, op)
        case .null:
            return false
        }
    }

    private func ordered(_ comparison: Int, _ op: String) -> Bool {
        switch op {
        case "=": comparison == 0
        case "!=": comparison != 0
        case "<": comparison < 0
        case "<=": comparison <= 0
        case ">": comparison > 0
        case ">=": comparison >= 0
        default: false
        }
    }

    private func inRange(_ date: Date, _ range: (start: Date, end: Date), _ op: String) -> Bool {
        switch op {
        case "=": date >= range.start && date < range.end
        case "!=": !(date >= range.start && date < range.end)
        case "<": date < range.start
        case "<=": date < range.end
        case ">": date >= range.end
        case ">=": date >= range.start
        default: false
        }
    }

    private func dateValue(_ value: JSONValue, _ type: FieldType) -> Date? {
        guard case .string(let text) = value else { return nil }
        return type == .date ? DateFormats.parseDate(text) : DateFormats.parseDateTime(text)
    }

    /// Ordering for ORDER BY: numbers numerically, dates chronologically, text case-insensitively.
    func compare(_ a: JSONValue, _ b: JSONValue, type: FieldType) -> Int {
        if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : x > y ? 1 : 0 }
        if case .bool(let x) = a, case .bool(let y) = b { return x == y ? 0 : (!x ? -1 : 1) }
        let x = (a.stringValue ?? a.description).lowercased()
        let y = (b.stringValue ?? b.description).lowercased()
        return x < y ? -1 : x > y ? 1 : 0
    }

    /// SOQL LIKE: `%` any run, `_` one character, case-insensitive, `\%` and `\_` literal.
    static func like(_ text: String, _ pattern: String) -> Bool {
        enum Piece: Equatable { case any, one, char(Character) }
        var pieces: [Piece] = []
        var iterator = Array(pattern.lowercased())
        var i = 0
        while i < iterator.count {
            let c = iterator[i]
            if c == "\\", i + 1 < iterator.count {
                pieces.append(.char(iterator[i + 1]))
                i += 2
                continue
            }
            pieces.append(c == "%" ? .any : c == "_" ? .one : .char(c))
            i += 1
        }
        iterator = []
        let s = Array(text.lowercased())
        // Iterative wildcard matching with backtracking to the last `%`.
        var si = 0
        var pi = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < pieces.count, pieces[pi] == .one || pieces[pi] == .char(s[si]) {
                si += 1
                pi += 1
            } else if pi < pieces.count, pieces[pi] == .any {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < pieces.count, pieces[pi] == .any { pi += 1 }
        return pi == pieces.count
    }

    // MARK: shaping

    /// A row with the selected fields, nesting relationship fields under
    /// their relationship name (null when the parent is absent).
    func shape(_ record: Record, _ selected: [ResolvedPath]) -> OrderedJSON {
        var pairs: [(String, OrderedJSON)] = [("attributes", reader.attributes(record))]
        var nested: [String: (field: FieldDefinition, paths: [ResolvedPath])] = [:]
        var nestedOrder: [String] = []
        for path in selected {
            if path.hops.isEmpty {
                pairs.append((path.field.name, .value(reader.value(record, field: path.field))))
            } else {
                let name = path.names[0]
                if nested[name] == nil {
                    nested[name] = (path.hops[0], [])
                    nestedOrder.append(name)
                    pairs.append((name, .value(.null)))
                }
                let rest = ResolvedPath(path: path.path, hops: Array(path.hops.dropFirst()), field: path.field, names: Array(path.names.dropFirst()))
                nested[name]!.paths.append(rest)
            }
        }
        for name in nestedOrder {
            guard let entry = nested[name], let parent = reader.parent(of: record, via: entry.field) else { continue }
            if let index = pairs.firstIndex(where: { $0.0 == name }) { pairs[index].1 = shape(parent, entry.paths) }
        }
        return .object(pairs)
    }
}
