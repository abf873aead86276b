import FakeKit
import Foundation

/// A value written in a scenario that may refer to earlier steps' results:
/// `"${deal.id}"`, `"Renewal for ${acme.Name}"`. A string that is exactly one
/// reference takes the referenced value's own type (a number stays a number).
/// `${n}` is the 1-based index inside a create repeated with `count`.
public struct Template: Sendable, Hashable {
    public let value: JSONValue

    public init(_ value: JSONValue) { self.value = value }

    /// `(binding, attribute)` for every `${binding.attribute}` inside.
    public var references: [Reference] { Self.references(in: value) }

    public struct Reference: Sendable, Hashable {
        public let binding: String
        /// `id`, or a field name of the bound record.
        public let attribute: String
    }

    /// Why a reference could not be resolved.
    public struct Unresolved: Error, CustomStringConvertible {
        public let reference: String
        public var description: String { "'${\(reference)}' is not bound" }
    }

    public func resolve(_ lookup: (Reference) -> JSONValue?) throws -> JSONValue {
        try Self.resolve(value, lookup)
    }

    static func resolve(_ value: JSONValue, _ lookup: (Reference) -> JSONValue?) throws -> JSONValue {
        switch value {
        case .string(let text):
            let found = scan(text)
            if found.isEmpty { return value }
            if found.count == 1, found[0].range == text.startIndex..<text.endIndex {
                guard let resolved = lookup(found[0].reference) else { throw Unresolved(reference: found[0].raw) }
                return resolved
            }
            var result = ""
            var cursor = text.startIndex
            for item in found {
                result += text[cursor..<item.range.lowerBound]
                guard let resolved = lookup(item.reference) else { throw Unresolved(reference: item.raw) }
                result += resolved.stringValue ?? resolved.description
                cursor = item.range.upperBound
            }
            return .string(result + text[cursor...])
        case .array(let items): return .array(try items.map { try resolve($0, lookup) })
        case .object(let members): return .object(try members.mapValues { try resolve($0, lookup) })
        default: return value
        }
    }

    static func references(in value: JSONValue) -> [Reference] {
        switch value {
        case .string(let text): scan(text).map(\.reference)
        case .array(let items): items.flatMap { references(in: $0) }
        case .object(let members): members.keys.sorted().flatMap { references(in: members[$0]!) }
        default: []
        }
    }

    /// Malformed placeholders (`${deal}`, `${`), for the validator.
    static func malformed(in text: String) -> [String] {
        var problems: [String] = []
        var rest = text[...]
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                problems.append("unterminated '${' in '\(text)'")
                break
            }
            let inner = rest[start.upperBound..<end]
            if parse(String(inner)) == nil { problems.append("'${\(inner)}' must be '${name.attribute}' (letters, digits, _ and -)") }
            rest = rest[rest.index(after: end)...]
        }
        return problems
    }

    private struct Found {
        let range: Range<String.Index>
        let reference: Reference
        let raw: String
    }

    private static func scan(_ text: String) -> [Found] {
        var found: [Found] = []
        var rest = text[...]
        while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
            let inner = String(rest[start.upperBound..<end])
            if let reference = parse(inner) {
                found.append(Found(range: start.lowerBound..<rest.index(after: end), reference: reference, raw: inner))
            }
            rest = rest[rest.index(after: end)...]
        }
        return found
    }

    private static func parse(_ inner: String) -> Reference? {
        // `${n}`: the index of a record made by a repeated create.
        if inner == "n" { return Reference(binding: "n", attribute: "index") }
        let parts = inner.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        let allowed = { (c: Character) in c.isLetter || c.isNumber || c == "_" || c == "-" }
        guard parts[0].allSatisfy(allowed), parts[1].allSatisfy(allowed) else { return nil }
        return Reference(binding: String(parts[0]), attribute: String(parts[1]))
    }
}
