/// A parsed SOQL query.
struct SOQLQuery: Equatable {
    enum Selection: Equatable {
        case count
        case fields([SOQLFieldPath])
    }

    var selection: Selection
    var object: String
    var objectOffset: Int
    var condition: SOQLCondition?
    var orderBy: [SOQLOrderItem] = []
    var limit: Int?
    var offset: Int?
}

/// `Account.Owner.Name`: relationship names, then a field.
struct SOQLFieldPath: Equatable, Hashable {
    var segments: [String]
    var offset: Int
    var text: String { segments.joined(separator: ".") }
}

struct SOQLOrderItem: Equatable {
    var field: SOQLFieldPath
    var descending: Bool
    var nullsLast: Bool
}

/// A literal on the right-hand side of a comparison.
enum SOQLValue: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    /// A date or datetime literal, as written.
    case dateTime(String)
    /// A relative date literal: `TODAY`, `LAST_N_DAYS:30`.
    case relativeDate(name: String, n: Int?)
}

indirect enum SOQLCondition: Equatable {
    case compare(SOQLFieldPath, op: String, SOQLValue)
    case like(SOQLFieldPath, pattern: String, negated: Bool)
    case inList(SOQLFieldPath, [SOQLValue], negated: Bool)
    case includes(SOQLFieldPath, [String], excludes: Bool)
    case and([SOQLCondition])
    case or([SOQLCondition])
    case not(SOQLCondition)
}
