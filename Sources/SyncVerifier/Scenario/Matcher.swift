import FakeKit
import Foundation

/// How an expected field value is compared with what a fake holds.
///
/// Written as a plain JSON value (equality, with `${…}` references), or as an
/// object with one key: `{"matches": "^ACME"}`, `{"oneOf": [..]}`,
/// `{"absent": true}`, `{"present": true}`, `{"approximately": 9.99, "tolerance": 0.01}`.
public enum Matcher: Sendable, Hashable {
    case equals(Template)
    case matches(String)
    case oneOf([Template])
    case absent
    case present
    case approximately(Double, tolerance: Double)

    public static let keys = ["matches", "oneOf", "absent", "present", "approximately", "tolerance"]

    public var templates: [Template] {
        switch self {
        case .equals(let template): [template]
        case .oneOf(let templates): templates
        default: []
        }
    }

    /// Whether `actual` (nil when the field is missing or null) satisfies the matcher.
    public func accepts(_ actual: JSONValue?, resolve: (Template) throws -> JSONValue) rethrows -> Bool {
        let present = actual != nil && actual != .null
        switch self {
        case .absent: return !present
        case .present: return present
        case .matches(let pattern):
            guard let text = actual.flatMap(Self.text) else { return false }
            return text.range(of: pattern, options: .regularExpression) != nil
        case .approximately(let target, let tolerance):
            guard let number = actual?.doubleValue ?? actual?.stringValue.flatMap(Double.init) else { return false }
            return abs(number - target) <= tolerance
        case .equals(let template): return Self.same(actual ?? .null, try resolve(template))
        case .oneOf(let templates): return try templates.contains { Self.same(actual ?? .null, try resolve($0)) }
        }
    }

    /// Equality as a user means it: 5000 equals 5000.0; a multi-select in
    /// either spelling (`"A;B"` or `["A","B"]`) equals the other.
    static func same(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        if actual == expected { return true }
        if let a = actual.doubleValue, let b = expected.doubleValue { return a == b }
        if case .array(let items) = expected, case .string(let text) = actual {
            return text.split(separator: ";").map(String.init) == items.compactMap(\.stringValue)
        }
        if case .array(let items) = actual, case .string(let text) = expected {
            return text.split(separator: ";").map(String.init) == items.compactMap(\.stringValue)
        }
        return false
    }

    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int, .double, .bool: value.description
        default: nil
        }
    }
}
