import FakeKit

/// Collects every issue found in one file, so an author sees all of them at
/// once rather than fixing one error per run.
final class IssueLog {
    let file: String
    private(set) var issues: [ScenarioIssue] = []
    /// Names bound by steps that did not decode: references to them are not
    /// reported again, so one mistake gives one error.
    var unresolvableBindings: Set<String> = []

    init(file: String) { self.file = file }

    func add(_ path: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, path: path.isEmpty ? "$" : path, message: message))
    }

    /// The file is not JSON: one issue, at its line and column.
    func add(_ syntax: JSONSyntaxError) {
        issues.append(ScenarioIssue(file: file, path: "$", message: syntax.message, line: syntax.line, column: syntax.column))
    }
}
