/// How a CSV document separates fields and lines: Salesforce's bulk APIs
/// take a `columnDelimiter` (COMMA, TAB, PIPE, SEMICOLON, CARET, BACKQUOTE)
/// and a `lineEnding` (LF, CRLF) per job.
public struct CSVDialect: Sendable, Equatable {
    public let delimiter: UInt8
    public let lineEnding: LineEnding

    public enum LineEnding: String, Sendable, Equatable {
        case lf = "LF"
        case crlf = "CRLF"

        var bytes: [UInt8] { self == .lf ? [0x0A] : [0x0D, 0x0A] }
    }

    public init(delimiter: UInt8 = UInt8(ascii: ","), lineEnding: LineEnding = .lf) {
        self.delimiter = delimiter
        self.lineEnding = lineEnding
    }

    public static let standard = CSVDialect()

    /// The delimiter for a Bulk API `columnDelimiter` name, nil for an unknown name.
    public static func delimiter(named name: String) -> UInt8? {
        switch name {
        case "COMMA": UInt8(ascii: ",")
        case "TAB": 0x09
        case "PIPE": UInt8(ascii: "|")
        case "SEMICOLON": UInt8(ascii: ";")
        case "CARET": UInt8(ascii: "^")
        case "BACKQUOTE": UInt8(ascii: "`")
        default: nil
        }
    }
}
