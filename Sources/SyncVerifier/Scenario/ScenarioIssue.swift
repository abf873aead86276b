/// One thing wrong with a scenario file, reported as `FILE: json.path: what is wrong`.
public struct ScenarioIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    /// `steps[2].fields.Amount`, or `$` for the whole document.
    public let path: String
    public let message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}
