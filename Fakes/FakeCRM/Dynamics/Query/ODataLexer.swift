import FakeKit

/// The tokens of an OData v4 `$filter` or `$orderby` expression (OData ABNF,
/// part 2 "URL Conventions" §5.1.1), with each token's 0-based position,
/// which Dataverse's messages quote.
struct ODataToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// A name: a property, an operator word (`eq`, `and`), a function, a keyword (`null`, `true`).
        case identifier(String)
        case string(String)
        case integer(Int)
        case decimal(Double)
        /// An unquoted GUID (`00000000-0000-0000-0000-000000000001`).
        case guid(String)
        /// An unquoted `Edm.DateTimeOffset` or `Edm.Date` (`2026-01-31T00:00:00Z`, `2026-01-31`).
        case dateTime(String)
        case openParen, closeParen, comma, slash, colon
        case end
    }

    let kind: Kind
    let position: Int
}

/// Why an expression could not be read, in the OData library's words as
/// Dataverse passes them on (code `0x80060888`).
struct ODataSyntaxError: Error, Equatable, Sendable {
    let message: String
}

enum ODataLexer {
    static func tokens(_ text: String) throws(ODataSyntaxError) -> [ODataToken] {
        let chars = Array(text)
        var tokens: [ODataToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" {
                i += 1
                continue
            }
            let start = i
            switch c {
            case "(": tokens.append(.init(kind: .openParen, position: i)); i += 1
            case ")": tokens.append(.init(kind: .closeParen, position: i)); i += 1
            case ",": tokens.append(.init(kind: .comma, position: i)); i += 1
            case "/": tokens.append(.init(kind: .slash, position: i)); i += 1
            case ":": tokens.append(.init(kind: .colon, position: i)); i += 1
            case "'":
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "'" {
                        // '' inside a literal is one quote (ABNF SQUOTE-in-string).
                        if i + 1 < chars.count, chars[i + 1] == "'" {
                            value.append("'")
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                guard closed else { throw ODataSyntaxError(message: "There is an unterminated string literal at position \(i) in '\(text)'.") }
                tokens.append(.init(kind: .string(value), position: start))
            default:
                guard c.isLetter || c.isNumber || c == "_" || c == "-" || c == "$" || c == "@" else {
                    throw ODataSyntaxError(message: "Syntax error: character '\(c)' is not valid at position \(i) in '\(text)'.")
                }
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || "_-.:+$@".contains(chars[i]) {
                    // A colon ends a lambda variable (`o:`) unless it sits inside a time (`T10:00`).
                    if chars[i] == ":", !String(chars[start..<i]).contains("T") { break }
                    i += 1
                }
                let word = String(chars[start..<i])
                tokens.append(.init(kind: try classify(word, at: start, in: text), position: start))
            }
        }
        tokens.append(.init(kind: .end, position: chars.count))
        return tokens
    }

    private static func classify(_ word: String, at position: Int, in text: String) throws(ODataSyntaxError) -> ODataToken.Kind {
        if isGUID(word) { return .guid(word.lowercased()) }
        if let first = word.first, first.isNumber || first == "-" {
            if DateFormats.parseDateTime(word) != nil || DateFormats.parseDate(word) != nil { return .dateTime(word) }
            if let integer = Int(word) { return .integer(integer) }
            if let decimal = Double(word.hasSuffix("M") || word.hasSuffix("m") ? String(word.dropLast()) : word) { return .decimal(decimal) }
            throw ODataSyntaxError(message: "Syntax error at position \(position + word.count) in '\(text)'.")
        }
        return .identifier(word)
    }

    static func isGUID(_ word: String) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
