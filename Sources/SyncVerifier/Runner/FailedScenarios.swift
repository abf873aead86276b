/// `--rerun-failed REPORT.json`: the scenarios an earlier run did not pass.
public enum FailedScenarios {
    /// The names in `report` whose verdict was not `passed`.
    public static func names(in report: Scorecard) -> Set<String> {
        Set(report.scenarios.filter { $0.verdict != .passed }.map(\.name))
    }
}
