/// Why a CSV document could not be read, with the 1-based line it was found on.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A quoted field still open at the end of the input.
    case unterminatedQuote(line: Int)
    /// Something other than a delimiter or line end right after a closing quote.
    case textAfterClosingQuote(line: Int)
    /// A quote inside an unquoted field (RFC 4180 §2.5 allows quotes only around a whole field).
    case quoteInUnquotedField(line: Int)
    /// The bytes are not UTF-8 text.
    case notUTF8

    public var description: String {
        switch self {
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
        case .textAfterClosingQuote(let line): "line \(line): text after a closing quote"
        case .quoteInUnquotedField(let line): "line \(line): a quote inside an unquoted field"
        case .notUTF8: "the data is not UTF-8 text"
        }
    }
}
