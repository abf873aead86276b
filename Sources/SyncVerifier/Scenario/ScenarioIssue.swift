/// One thing wrong with a scenario file, reported as `FILE: json.path: what is wrong`,
/// or, when the file is not JSON at all, as `FILE:LINE:COLUMN: what is wrong`.
public struct ScenarioIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    /// `steps[2].fields.Amount`, or `$` for the whole document.
    public let path: String
    public let message: String
    /// For a syntax error: where in the file (1-based; the column counts characters).
    public let line: Int?
    public let column: Int?

    public init(file: String, path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(path): \(message)"
    }
}
