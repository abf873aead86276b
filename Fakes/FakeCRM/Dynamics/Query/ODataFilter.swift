import FakeKit
import Foundation

/// The EDM type of a property or literal in a `$filter`, as far as
/// comparisons need it (OData CSDL §4.4 primitive types).
enum ODataType: String, Sendable {
    case string = "Edm.String"
    case int32 = "Edm.Int32"
    case int64 = "Edm.Int64"
    case decimal = "Edm.Decimal"
    case double = "Edm.Double"
    case boolean = "Edm.Boolean"
    case guid = "Edm.Guid"
    case dateTimeOffset = "Edm.DateTimeOffset"
    case date = "Edm.Date"

    var isNumeric: Bool { [.int32, .int64, .decimal, .double].contains(self) }
    var isTemporal: Bool { self == .dateTimeOffset || self == .date }

    /// Whether values of the two types can meet in a comparison (numbers with
    /// numbers, dates with dates, each other type with itself).
    func compares(with other: ODataType) -> Bool {
        self == other || (isNumeric && other.isNumeric) || (isTemporal && other.isTemporal)
    }
}

/// A parsed `$filter`: comparisons, `and`/`or`/`not` and the string
/// functions Dataverse's Web API accepts (`contains`, `startswith`,
/// `endswith`), over one entity's properties.
indirect enum ODataFilter: Equatable, Sendable {
    enum Operand: Equatable, Sendable {
        case property(String)
        /// `.null` for the `null` keyword.
        case literal(JSONValue, ODataType?)
    }

    enum Comparison: String, Sendable {
        case eq, ne, gt, ge, lt, le
        /// The OData library's name for the operator in type errors.
        var kindName: String {
            switch self {
            case .eq: "Equal"
            case .ne: "NotEqual"
            case .gt: "GreaterThan"
            case .ge: "GreaterThanOrEqual"
            case .lt: "LessThan"
            case .le: "LessThanOrEqual"
            }
        }
    }

    enum StringFunction: String, Sendable, CaseIterable {
        case contains, startswith, endswith
    }

    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)
    case not(ODataFilter)
    case compare(Comparison, Operand, Operand)
    case function(StringFunction, property: String, argument: String)

    /// The properties the expression reads.
    var properties: Set<String> {
        switch self {
        case .and(let l, let r), .or(let l, let r): l.properties.union(r.properties)
        case .not(let e): e.properties
        case .compare(_, let l, let r):
            Set([l, r].compactMap { if case .property(let name) = $0 { name } else { nil } })
        case .function(_, let property, _): [property]
        }
    }

    /// Whether a row matches, reading each property through `value`.
    /// Strings compare without regard to case, as Dataverse's collation does;
    /// a comparison with a null side is true only for `eq null`/`ne null`.
    func matches(_ value: (String) -> JSONValue) -> Bool {
        switch self {
        case .and(let l, let r): return l.matches(value) && r.matches(value)
        case .or(let l, let r): return l.matches(value) || r.matches(value)
        case .not(let e): return !e.matches(value)
        case .function(let function, let property, let argument):
            guard case .string(let text) = value(property) else { return false }
            let haystack = text.lowercased()
            let needle = argument.lowercased()
            switch function {
            case .contains: return haystack.contains(needle)
            case .startswith: return haystack.hasPrefix(needle)
            case .endswith: return haystack.hasSuffix(needle)
            }
        case .compare(let op, let l, let r):
            let left = Self.resolve(l, value)
            let right = Self.resolve(r, value)
            if left == .null || right == .null {
                switch op {
                case .eq: return left == right
                case .ne: return left != right
                default: return false
                }
            }
            guard let order = Self.order(left, right) else { return op == .ne }
            switch op {
            case .eq: return order == 0
            case .ne: return order != 0
            case .gt: return order > 0
            case .ge: return order >= 0
            case .lt: return order < 0
            case .le: return order <= 0
            }
        }
    }

    private static func resolve(_ operand: Operand, _ value: (String) -> JSONValue) -> JSONValue {
        switch operand {
        case .property(let name): value(name)
        case .literal(let literal, _): literal
        }
    }

    /// -1, 0 or 1; nil when the two cannot be ordered.
    static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x > y ? 1 : 0) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x, y)
        case (.bool(let x), .bool(let y)): return sign(x ? 1 : 0, y ? 1 : 0)
        case (.string(let x), .string(let y)):
            if let dx = DateFormats.parseDateTime(x) ?? DateFormats.parseDate(x), let dy = DateFormats.parseDateTime(y) ?? DateFormats.parseDate(y) {
                return sign(dx, dy)
            }
            return sign(x.lowercased(), y.lowercased())
        default:
            guard let x = a.numberValue, let y = b.numberValue else { return nil }
            return sign(x, y)
        }
    }
}

extension JSONValue {
    fileprivate var numberValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
