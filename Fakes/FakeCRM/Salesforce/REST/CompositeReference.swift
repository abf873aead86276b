import FakeKit

/// `@{refAccount.id}` in a composite subrequest's URL or body: the value a
/// field of an earlier subrequest's result had. Pure, so it can be fuzzed alone.
enum CompositeReference {
    enum Failure: Error, Equatable {
        /// The reference names a subrequest that has not run, or a field its result lacks.
        case unresolved(String)
    }

    /// `text` with every `@{ref.field}` replaced from `results` (referenceId to result fields).
    static func resolve(_ text: String, _ results: [String: [String: JSONValue]]) throws(Failure) -> String {
        guard text.contains("@{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "@{") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { throw .unresolved(String(rest[start.lowerBound...])) }
            let name = String(rest[start.upperBound..<end])
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let fields = results[parts[0]], let value = fields[parts[1]], let string = value.stringValue ?? (value.isNull ? nil : value.description) else {
                throw .unresolved(name)
            }
            out += string
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// A JSON value with references resolved in every string inside it.
    static func resolve(_ value: JSONValue, _ results: [String: [String: JSONValue]]) throws(Failure) -> JSONValue {
        switch value {
        case .string(let text): return .string(try resolve(text, results))
        case .array(let items): return .array(try items.map { item throws(Failure) in try resolve(item, results) })
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, item) in fields { out[key] = try resolve(item, results) }
            return .object(out)
        default: return value
        }
    }
}
