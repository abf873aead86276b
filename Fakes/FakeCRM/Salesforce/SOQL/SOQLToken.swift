/// One lexical token of a SOQL query, with where it starts (for error carets).
struct SOQLToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case string(String)
        case number(String)
        /// A date (`2024-01-31`) or datetime (`2024-01-31T10:00:00Z`) literal.
        case dateTime(String)
        case op(String)
        case leftParen, rightParen, comma, dot, colon
        case end
    }
    let kind: Kind
    let offset: Int
    /// The token as written, for "unexpected token" messages.
    let text: String

    func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name) = kind { return name.uppercased() == word }
        return false
    }
}
