/// Recursive-descent parser for the SOQL subset the fake serves:
/// `SELECT fields|COUNT() FROM Object [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n]`.
struct SOQLParser {
    private let query: String
    private let tokens: [SOQLToken]
    private var index = 0
    /// Parentheses and NOTs open around the condition being parsed.
    private var nesting = 0

    /// Deepest nesting of parentheses and NOT in a WHERE clause. The parser
    /// and the evaluator recurse once per level, and a connection's thread
    /// has a 1 MiB stack: found by Fuzz/SOQL, about 1,900 `(` overflowed it.
    /// Salesforce documents no figure; real filters nest a handful of levels.
    static let maximumNesting = 100

    static let relativeDates: Set<String> = [
        "YESTERDAY", "TODAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH", "THIS_MONTH", "NEXT_MONTH",
        "LAST_90_DAYS", "NEXT_90_DAYS", "THIS_QUARTER", "LAST_QUARTER", "NEXT_QUARTER", "THIS_YEAR", "LAST_YEAR", "NEXT_YEAR",
    ]
    static let relativeDatesWithN: Set<String> = [
        "LAST_N_DAYS", "NEXT_N_DAYS", "LAST_N_WEEKS", "NEXT_N_WEEKS", "LAST_N_MONTHS", "NEXT_N_MONTHS", "LAST_N_YEARS",
        "NEXT_N_YEARS", "N_DAYS_AGO", "N_WEEKS_AGO", "N_MONTHS_AGO", "N_YEARS_AGO",
    ]
    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULLS",
        "FIRST", "LAST", "NULL", "TRUE", "FALSE", "INCLUDES", "EXCLUDES", "GROUP", "HAVING",
    ]

    static func parse(_ query: String) throws(SOQLError) -> SOQLQuery {
        var parser = SOQLParser(query: query, tokens: try SOQLLexer.tokens(query))
        return try parser.parseQuery()
    }

    private init(query: String, tokens: [SOQLToken]) {
        self.query = query
        self.tokens = tokens
    }

    private var current: SOQLToken { tokens[index] }

    private func unexpected(_ token: SOQLToken? = nil) -> SOQLError {
        let token = token ?? current
        if token.kind == .end {
            return SOQLError.at(token.offset, in: query, "MALFORMED_QUERY", "unexpected token: <EOF>")
        }
        return SOQLError.at(token.offset, in: query, "MALFORMED_QUERY", "unexpected token: '\(token.text)'")
    }

    private mutating func expectKeyword(_ word: String) throws(SOQLError) {
        guard current.isKeyword(word) else { throw unexpected() }
        index += 1
    }

    private mutating func acceptKeyword(_ word: String) -> Bool {
        guard current.isKeyword(word) else { return false }
        index += 1
        return true
    }

    private mutating func parseQuery() throws(SOQLError) -> SOQLQuery {
        try expectKeyword("SELECT")
        let selection: SOQLQuery.Selection
        if current.isKeyword("COUNT"), tokens[index + 1].kind == .leftParen {
            index += 2
            guard current.kind == .rightParen else { throw unexpected() }
            index += 1
            selection = .count
        } else {
            var fields: [SOQLFieldPath] = []
            repeat {
                if current.kind == .leftParen {
                    // Child-relationship subqueries are not part of the fake's subset: say so plainly.
                    throw SOQLError.at(current.offset, in: query, "MALFORMED_QUERY", "unexpected token: '(' (relationship subqueries are not supported by Sync Verifier's fake)")
                }
                fields.append(try parseFieldPath())
            } while acceptComma()
            selection = .fields(fields)
        }
        try expectKeyword("FROM")
        guard case .identifier(let object) = current.kind, !Self.reserved.contains(object.uppercased()) else { throw unexpected() }
        let objectOffset = current.offset
        index += 1
        var result = SOQLQuery(selection: selection, object: object, objectOffset: objectOffset)
        if acceptKeyword("WHERE") { result.condition = try parseOr() }
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let field = try parseFieldPath()
                var descending = false
                if acceptKeyword("DESC") { descending = true } else { _ = acceptKeyword("ASC") }
                // Salesforce's default: nulls first when ascending, last when descending.
                var nullsLast = descending
                if acceptKeyword("NULLS") {
                    if acceptKeyword("LAST") { nullsLast = true } else {
                        try expectKeyword("FIRST")
                        nullsLast = false
                    }
                }
                result.orderBy.append(SOQLOrderItem(field: field, descending: descending, nullsLast: nullsLast))
            } while acceptComma()
        }
        if acceptKeyword("LIMIT") { result.limit = try parseInteger() }
        if acceptKeyword("OFFSET") {
            let offsetToken = tokens[index]
            let offset = try parseInteger()
            if offset > 2000 {
                throw SOQLError(errorCode: "NUMBER_OUTSIDE_VALID_RANGE", message: "Maximum SOQL offset allowed is 2000")
            }
            _ = offsetToken
            result.offset = offset
        }
        guard current.kind == .end else { throw unexpected() }
        return result
    }

    private mutating func acceptComma() -> Bool {
        guard current.kind == .comma else { return false }
        index += 1
        return true
    }

    private mutating func parseInteger() throws(SOQLError) -> Int {
        guard case .number(let text) = current.kind, let value = Int(text), value >= 0 else { throw unexpected() }
        index += 1
        return value
    }

    private mutating func parseFieldPath() throws(SOQLError) -> SOQLFieldPath {
        guard case .identifier(let first) = current.kind, !Self.reserved.contains(first.uppercased()) else { throw unexpected() }
        let offset = current.offset
        var segments = [first]
        index += 1
        while current.kind == .dot {
            index += 1
            guard case .identifier(let next) = current.kind else { throw unexpected() }
            segments.append(next)
            index += 1
        }
        return SOQLFieldPath(segments: segments, offset: offset)
    }

    // SOQL does not let AND and OR mix at one level without parentheses.
    private mutating func parseOr() throws(SOQLError) -> SOQLCondition {
        let first = try parseUnary()
        if current.isKeyword("AND") {
            var terms = [first]
            while acceptKeyword("AND") { terms.append(try parseUnary()) }
            if current.isKeyword("OR") { throw unexpected() }
            return .and(terms)
        }
        if current.isKeyword("OR") {
            var terms = [first]
            while acceptKeyword("OR") { terms.append(try parseUnary()) }
            if current.isKeyword("AND") { throw unexpected() }
            return .or(terms)
        }
        return first
    }

    private mutating func parseUnary() throws(SOQLError) -> SOQLCondition {
        if current.kind == .leftParen || current.isKeyword("NOT") {
            guard nesting < Self.maximumNesting else {
                throw SOQLError.at(current.offset, in: query, "MALFORMED_QUERY", "conditions nested deeper than \(Self.maximumNesting) levels")
            }
            nesting += 1
        }
        if acceptKeyword("NOT") {
            defer { nesting -= 1 }
            return .not(try parseUnary())
        }
        if current.kind == .leftParen {
            defer { nesting -= 1 }
            index += 1
            let inner = try parseOr()
            guard current.kind == .rightParen else { throw unexpected() }
            index += 1
            return inner
        }
        let field = try parseFieldPath()
        if acceptKeyword("LIKE") {
            guard case .string(let pattern) = current.kind else { throw unexpected() }
            index += 1
            return .like(field, pattern: pattern, negated: false)
        }
        if current.isKeyword("NOT"), tokens[index + 1].isKeyword("IN") {
            index += 2
            return .inList(field, try parseValueList(), negated: true)
        }
        if acceptKeyword("IN") { return .inList(field, try parseValueList(), negated: false) }
        if current.isKeyword("INCLUDES") || current.isKeyword("EXCLUDES") {
            let excludes = current.isKeyword("EXCLUDES")
            index += 1
            let values = try parseValueList().map { value throws(SOQLError) -> String in
                guard case .string(let text) = value else { throw unexpected() }
                return text
            }
            return .includes(field, values, excludes: excludes)
        }
        guard case .op(let op) = current.kind else { throw unexpected() }
        index += 1
        let value = try parseValue()
        return .compare(field, op: op, value)
    }

    private mutating func parseValueList() throws(SOQLError) -> [SOQLValue] {
        guard current.kind == .leftParen else { throw unexpected() }
        index += 1
        var values: [SOQLValue] = []
        repeat { values.append(try parseValue()) } while acceptComma()
        guard current.kind == .rightParen else { throw unexpected() }
        index += 1
        return values
    }

    private mutating func parseValue() throws(SOQLError) -> SOQLValue {
        let token = current
        switch token.kind {
        case .string(let text):
            index += 1
            return .string(text)
        case .number(let text):
            guard let value = Double(text) else { throw unexpected() }
            index += 1
            return .number(value)
        case .dateTime(let text):
            index += 1
            return .dateTime(text)
        case .identifier(let word):
            let upper = word.uppercased()
            index += 1
            switch upper {
            case "NULL": return .null
            case "TRUE": return .bool(true)
            case "FALSE": return .bool(false)
            default:
                if Self.relativeDates.contains(upper) { return .relativeDate(name: upper, n: nil) }
                if Self.relativeDatesWithN.contains(upper) {
                    guard current.kind == .colon else { throw unexpected() }
                    index += 1
                    guard case .number(let text) = current.kind, let n = Int(text) else { throw unexpected() }
                    index += 1
                    return .relativeDate(name: upper, n: n)
                }
                throw unexpected(token)
            }
        default:
            throw unexpected()
        }
    }
}
