/// Reads a `$filter` into an `ODataFilter`, refusing what Dataverse
/// refuses with the OData library's messages: bad syntax with its position,
/// properties the entity lacks, operands of types that cannot meet.
///
/// Grammar (OData ABNF `boolCommonExpr`, the part Dataverse serves):
/// ```
/// or      := and ("or" and)*
/// and     := unary ("and" unary)*
/// unary   := "not" unary | primary
/// primary := "(" or ")" | function "(" property "," string ")" | operand comparison operand
/// ```
struct ODataFilterParser {
    /// The type of each property the entity has, by the name a filter uses (nil: no such property).
    let propertyType: (String) -> ODataType?
    /// The entity's type name in messages (`Microsoft.Dynamics.CRM.account`).
    let typeName: String

    private var tokens: [ODataToken] = []
    private var index = 0
    private var text = ""
    /// Parentheses and `not`s open around the token being read.
    private var depth = 0
    /// The deepest nesting read. Each level is a few recursive calls on a
    /// connection thread's 1 MiB stack: unbounded, a `$filter` of a few
    /// kilobytes of `(` would overflow it and bring the fake down (as SOQL's
    /// parser once did, see Fuzz/README.md). The OData library has such a
    /// limit too, and answers it in these words.
    static let maximumNesting = 100

    init(typeName: String, propertyType: @escaping (String) -> ODataType?) {
        self.typeName = typeName
        self.propertyType = propertyType
    }

    mutating func parse(_ text: String) throws(ODataSyntaxError) -> ODataFilter {
        self.text = text
        tokens = try ODataLexer.tokens(text)
        index = 0
        depth = 0
        let expression = try parseOr()
        guard current.kind == .end else { throw syntaxError(at: current.position) }
        return expression
    }

    private var current: ODataToken { tokens[index] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func syntaxError(at position: Int) -> ODataSyntaxError {
        ODataSyntaxError(message: "Syntax error at position \(position) in '\(text)'.")
    }

    private func isWord(_ word: String) -> Bool {
        if case .identifier(let name) = current.kind { return name == word }
        return false
    }

    private mutating func parseOr() throws(ODataSyntaxError) -> ODataFilter {
        var left = try parseAnd()
        while isWord("or") {
            advance()
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(ODataSyntaxError) -> ODataFilter {
        var left = try parseUnary()
        while isWord("and") {
            advance()
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(ODataSyntaxError) -> ODataFilter {
        if isWord("not") {
            advance()
            try descend()
            defer { depth -= 1 }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    /// One level deeper, or the recursion limit's refusal.
    private mutating func descend() throws(ODataSyntaxError) {
        depth += 1
        guard depth <= Self.maximumNesting else { throw ODataSyntaxError(message: "The recursion limit has been exceeded.") }
    }

    private mutating func parsePrimary() throws(ODataSyntaxError) -> ODataFilter {
        if current.kind == .openParen {
            advance()
            try descend()
            defer { depth -= 1 }
            let inner = try parseOr()
            guard current.kind == .closeParen else {
                throw ODataSyntaxError(message: "')' or operator expected at position \(current.position) in '\(text)'.")
            }
            advance()
            return inner
        }
        if case .identifier(let name) = current.kind, index + 1 < tokens.count, tokens[index + 1].kind == .openParen {
            return try parseFunction(name)
        }
        let left = try parseOperand()
        guard case .identifier(let word) = current.kind, let op = ODataFilter.Comparison(rawValue: word) else {
            if current.kind == .end, case .property(let name) = left, propertyType(name) == .boolean { return .compare(.eq, left, .literal(.bool(true), .boolean)) }
            throw syntaxError(at: current.position)
        }
        advance()
        let right = try parseOperand()
        try checkTypes(op, left, right)
        return .compare(op, left, right)
    }

    private mutating func parseFunction(_ name: String) throws(ODataSyntaxError) -> ODataFilter {
        guard let function = ODataFilter.StringFunction(rawValue: name) else {
            throw ODataSyntaxError(
                message: "An unknown function with name '\(name)' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.")
        }
        advance()  // name
        advance()  // (
        guard case .identifier(let property) = current.kind else { throw ODataSyntaxError(message: "Expression expected at position \(current.position) in '\(text)'.") }
        try checkProperty(property)
        advance()
        guard current.kind == .comma else { throw ODataSyntaxError(message: "')' or ',' expected at position \(current.position) in '\(text)'.") }
        advance()
        guard case .string(let argument) = current.kind else {
            throw ODataSyntaxError(message: "No function signature for the function with name '\(name)' matches the specified arguments. The function signatures considered are: \(name)(Edm.String Nullable=true, Edm.String Nullable=true).")
        }
        advance()
        guard current.kind == .closeParen else { throw ODataSyntaxError(message: "')' or ',' expected at position \(current.position) in '\(text)'.") }
        advance()
        if let type = propertyType(property), type != .string {
            throw ODataSyntaxError(message: "No function signature for the function with name '\(name)' matches the specified arguments. The function signatures considered are: \(name)(Edm.String Nullable=true, Edm.String Nullable=true).")
        }
        return .function(function, property: property, argument: argument)
    }

    private mutating func parseOperand() throws(ODataSyntaxError) -> ODataFilter.Operand {
        let token = current
        let operand: ODataFilter.Operand
        switch token.kind {
        case .identifier("null"): operand = .literal(.null, nil)
        case .identifier("true"): operand = .literal(.bool(true), .boolean)
        case .identifier("false"): operand = .literal(.bool(false), .boolean)
        case .identifier(let name):
            guard ODataFilter.Comparison(rawValue: name) == nil, !["and", "or", "not"].contains(name) else {
                throw ODataSyntaxError(message: "Expression expected at position \(token.position) in '\(text)'.")
            }
            try checkProperty(name)
            operand = .property(name)
        case .string(let value): operand = .literal(.string(value), .string)
        case .integer(let value): operand = .literal(.int(value), Int32(exactly: value) == nil ? .int64 : .int32)
        case .decimal(let value): operand = .literal(.double(value), .decimal)
        case .guid(let value): operand = .literal(.string(value), .guid)
        case .dateTime(let value): operand = .literal(.string(value), value.contains("T") ? .dateTimeOffset : .date)
        default: throw ODataSyntaxError(message: "Expression expected at position \(token.position) in '\(text)'.")
        }
        advance()
        return operand
    }

    private func checkProperty(_ name: String) throws(ODataSyntaxError) {
        guard propertyType(name) != nil else {
            throw ODataSyntaxError(message: "Could not find a property named '\(name)' on type '\(typeName)'.")
        }
    }

    private func type(of operand: ODataFilter.Operand) -> ODataType? {
        switch operand {
        case .property(let name): propertyType(name)
        case .literal(_, let type): type
        }
    }

    private func checkTypes(_ op: ODataFilter.Comparison, _ left: ODataFilter.Operand, _ right: ODataFilter.Operand) throws(ODataSyntaxError) {
        guard let l = type(of: left), let r = type(of: right), !l.compares(with: r) else { return }
        // A GUID property compares with a quoted GUID too, as Dataverse allows for lookups.
        if (l == .guid && r == .string) || (l == .string && r == .guid) { return }
        throw ODataSyntaxError(
            message: "A binary operator with incompatible types was detected. Found operand types '\(l.rawValue)' and '\(r.rawValue)' for operator kind '\(op.kindName)'.")
    }
}
