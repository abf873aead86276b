import FakeKit
import Foundation

/// Lookups as the Web API writes them: `"parentaccountid@odata.bind": "/accounts(GUID)"`,
/// the navigation property named exactly as `$metadata` declares it (the
/// lookup's logical name, or for a lookup with several targets the name and
/// the target, `parentcustomerid_account`), the value an entity set and key,
/// relative or absolute.
enum DynamicsBinding {
    /// The single-valued navigation property of a lookup toward `target`.
    static func navigationProperty(_ field: FieldDefinition, target: String) -> String {
        field.referenceTo.count > 1 ? "\(field.name)_\(target)" : field.name
    }

    /// Every navigation property of the object: name, lookup column, target table.
    static func navigationProperties(_ object: ObjectDefinition) -> [(name: String, field: FieldDefinition, target: String)] {
        object.fields.filter { $0.type == .reference }.flatMap { field in
            field.referenceTo.map { (navigationProperty(field, target: $0), field, $0) }
        }
    }

    /// The row a bind value names, or Dataverse's error.
    static func resolve(_ value: String, target: String, schema: Schema, store: RecordStore) throws(DynamicsError) -> String {
        var path = value
        if let range = path.range(of: "/api/data/") {
            path = String(path[range.upperBound...])
            if let slash = path.firstIndex(of: "/") { path = String(path[path.index(after: slash)...]) }
        }
        if path.hasPrefix("/") { path.removeFirst() }
        guard let open = path.firstIndex(of: "("), path.hasSuffix(")") else {
            throw .odata("The URI '\(value)' in the payload is not valid for an entity reference.")
        }
        let setName = String(path[..<open])
        let key = String(path[path.index(after: open)..<path.index(before: path.endIndex)])
        guard let object = schema.objects.first(where: { DynamicsSchema.entitySetName($0) == setName }) else {
            throw .unknownSegment(setName)
        }
        guard object.name == target else {
            throw .odata("An entity reference of type '\(object.name)' is not valid for a navigation property toward '\(target)'.")
        }
        guard ODataLexer.isGUID(key), let record = store.record(id: key.lowercased()), record.object == object.name else {
            throw .notFound(object.name, id: key)
        }
        return record.id
    }
}

/// A key segment: `(GUID)` or an alternate key `(accountnumber='A-1')`,
/// several parts joined by commas.
enum DynamicsKey: Equatable {
    case id(String)
    case alternate([(String, JSONValue)])

    static func == (a: DynamicsKey, b: DynamicsKey) -> Bool {
        switch (a, b) {
        case (.id(let x), .id(let y)): x == y
        case (.alternate(let x), .alternate(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    /// Splits `accounts(…)` into its set name and key; nil for a segment with no key.
    static func split(_ segment: String) throws(DynamicsError) -> (set: String, key: DynamicsKey)? {
        guard let open = segment.firstIndex(of: "("), segment.hasSuffix(")") else { return nil }
        let set = String(segment[..<open])
        let inner = String(segment[segment.index(after: open)..<segment.index(before: segment.endIndex)])
        if ODataLexer.isGUID(inner) { return (set, .id(inner.lowercased())) }
        var parts: [(String, JSONValue)] = []
        // `name='value'` pairs, split on commas outside quotes.
        for piece in splitTopLevel(inner) {
            guard let equals = piece.firstIndex(of: "=") else { throw .odata("Bad Request - Error in query syntax.") }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces)
            let raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let value: JSONValue
            if raw.hasPrefix("'"), raw.hasSuffix("'"), raw.count >= 2 {
                value = .string(String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
            } else if let number = Int(raw) {
                value = .int(number)
            } else if ODataLexer.isGUID(raw) {
                value = .string(raw.lowercased())
            } else {
                throw .odata("Bad Request - Error in query syntax.")
            }
            parts.append((name, value))
        }
        guard !parts.isEmpty else { throw .odata("Bad Request - Error in query syntax.") }
        return (set, .alternate(parts))
    }

    /// Splits on commas outside quotes.
    private static func splitTopLevel(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for c in text {
            if c == "'" { quoted.toggle() }
            if c == ",", !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        pieces.append(current)
        return pieces
    }
}
