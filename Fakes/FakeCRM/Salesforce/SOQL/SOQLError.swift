/// A query Salesforce would refuse, with the error code and message text it
/// uses: the query line, a caret under the problem, its row and column.
public struct SOQLError: Error, Equatable, CustomStringConvertible {
    public let errorCode: String
    public let message: String

    public init(errorCode: String, message: String) {
        self.errorCode = errorCode
        self.message = message
    }

    /// `errorCode` with the caret-and-position preamble Salesforce puts before the reason.
    static func at(_ offset: Int, in query: String, _ errorCode: String, _ reason: String) -> SOQLError {
        let characters = Array(query)
        var row = 1
        var lineStart = 0
        for (index, character) in characters.enumerated() where index < offset && character == "\n" {
            row += 1
            lineStart = index + 1
        }
        let lineEnd = characters[lineStart...].firstIndex(of: "\n") ?? characters.count
        let line = String(characters[lineStart..<lineEnd])
        let column = offset - lineStart + 1
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return SOQLError(errorCode: errorCode, message: "\n\(line)\n\(caret)\nERROR at Row:\(row):Column:\(column)\n\(reason)")
    }

    public var description: String { "\(errorCode): \(message)" }
}
