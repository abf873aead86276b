/// Splits a query into tokens. SOQL keywords are case-insensitive and are
/// lexed as identifiers; the parser decides what they mean.
struct SOQLLexer {
    static func tokens(_ query: String) throws(SOQLError) -> [SOQLToken] {
        let c = Array(query)
        var tokens: [SOQLToken] = []
        var i = 0
        func isIdentifierStart(_ ch: Character) -> Bool { ch.isASCII && (ch.isLetter || ch == "_") }
        func isIdentifierPart(_ ch: Character) -> Bool { ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_") }
        while i < c.count {
            let ch = c[i]
            if ch.isWhitespace {
                i += 1
                continue
            }
            let start = i
            switch ch {
            case "(": tokens.append(SOQLToken(kind: .leftParen, offset: i, text: "("))
                i += 1
            case ")": tokens.append(SOQLToken(kind: .rightParen, offset: i, text: ")"))
                i += 1
            case ",": tokens.append(SOQLToken(kind: .comma, offset: i, text: ","))
                i += 1
            case ".": tokens.append(SOQLToken(kind: .dot, offset: i, text: "."))
                i += 1
            case ":": tokens.append(SOQLToken(kind: .colon, offset: i, text: ":"))
                i += 1
            case "=": tokens.append(SOQLToken(kind: .op("="), offset: i, text: "="))
                i += 1
            case "!":
                guard i + 1 < c.count, c[i + 1] == "=" else {
                    throw SOQLError.at(i, in: query, "MALFORMED_QUERY", "unexpected token: '!'")
                }
                tokens.append(SOQLToken(kind: .op("!="), offset: i, text: "!="))
                i += 2
            case "<", ">":
                var op = String(ch)
                if i + 1 < c.count, c[i + 1] == "=" || (ch == "<" && c[i + 1] == ">") { op.append(c[i + 1]) }
                tokens.append(SOQLToken(kind: .op(op == "<>" ? "!=" : op), offset: i, text: op))
                i += op.count
            case "'":
                // SOQL string literals: single quotes, backslash escapes.
                var value = ""
                i += 1
                var closed = false
                while i < c.count {
                    if c[i] == "\\" {
                        guard i + 1 < c.count else { break }
                        let escaped = c[i + 1]
                        switch escaped {
                        case "n": value.append("\n")
                        case "r": value.append("\r")
                        case "t": value.append("\t")
                        case "b": value.append("\u{8}")
                        case "f": value.append("\u{C}")
                        case "'", "\"", "\\", "%", "_": value.append(escaped == "%" || escaped == "_" ? "\\\(escaped)" : String(escaped))
                        default:
                            throw SOQLError.at(i, in: query, "MALFORMED_QUERY", "Invalid string literal '\(value)\\\(escaped)'. Illegal character sequence '\\\(escaped)' in string literal.")
                        }
                        i += 2
                    } else if c[i] == "'" {
                        closed = true
                        i += 1
                        break
                    } else {
                        value.append(c[i])
                        i += 1
                    }
                }
                guard closed else { throw SOQLError.at(start, in: query, "MALFORMED_QUERY", "line 1:\(start) mismatched character '<EOF>' expecting '''") }
                tokens.append(SOQLToken(kind: .string(value), offset: start, text: String(c[start..<i])))
            case "-", "+", "0"..."9":
                var j = i
                if ch == "-" || ch == "+" { j += 1 }
                guard j < c.count, c[j].isNumber else {
                    throw SOQLError.at(i, in: query, "MALFORMED_QUERY", "unexpected token: '\(ch)'")
                }
                // A date or datetime literal: 2024-01-31[Thh:mm:ss[.sss](Z|±hh:mm)]
                if ch != "-" && ch != "+", i + 10 <= c.count, c[i + 4] == "-", c[i + 7] == "-",
                    c[i..<(i + 4)].allSatisfy(\.isNumber)
                {
                    j = i + 10
                    if j < c.count, c[j] == "T" {
                        j += 1
                        while j < c.count, c[j].isNumber || c[j] == ":" || c[j] == "." { j += 1 }
                        if j < c.count, c[j] == "Z" {
                            j += 1
                        } else if j < c.count, c[j] == "+" || c[j] == "-" {
                            j += 1
                            while j < c.count, c[j].isNumber || c[j] == ":" { j += 1 }
                        }
                    }
                    let text = String(c[i..<j])
                    tokens.append(SOQLToken(kind: .dateTime(text), offset: i, text: text))
                    i = j
                    continue
                }
                while j < c.count, c[j].isNumber || c[j] == "." { j += 1 }
                let text = String(c[i..<j])
                tokens.append(SOQLToken(kind: .number(text), offset: i, text: text))
                i = j
            default:
                guard isIdentifierStart(ch) else { throw SOQLError.at(i, in: query, "MALFORMED_QUERY", "unexpected token: '\(ch)'") }
                var j = i
                while j < c.count, isIdentifierPart(c[j]) { j += 1 }
                let text = String(c[i..<j])
                tokens.append(SOQLToken(kind: .identifier(text), offset: i, text: text))
                i = j
            }
        }
        tokens.append(SOQLToken(kind: .end, offset: c.count, text: "<EOF>"))
        return tokens
    }
}
