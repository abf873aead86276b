/// Collects every issue found in one file, so an author sees all of them at
/// once rather than fixing one error per run.
final class IssueLog {
    let file: String
    private(set) var issues: [ScenarioIssue] = []

    init(file: String) { self.file = file }

    func add(_ path: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, path: path.isEmpty ? "$" : path, message: message))
    }
}
