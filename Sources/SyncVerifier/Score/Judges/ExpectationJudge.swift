/// A scenario's own checks: each expectation and rollback step is evidence
/// for the items its scenario names (or the narrower list the step gives).
/// A scenario that could not be played gives its items a failure.
///
/// Two kinds of failed expectation are severe: a *negative* one (`noWrite`,
/// `noRecord`) — a write that must never happen happened: a field owned by
/// the other side overwritten, a filtered record crossed, a record shown to
/// the wrong partner — and, for `ops.alerts`, an expected alert that never
/// came: a permanent failure nobody was told about.
struct ExpectationJudge: ItemJudge {
    func checks(for item: ChecklistItem, in scenario: ScenarioContext) -> [Check] {
        guard scenario.names(item.id) else { return [] }
        let run = scenario.run
        var checks: [Check] = []
        if run.verdict == .error && run.steps.allSatisfy({ $0.keyword != "expect" && $0.keyword != "rollback" }) {
            checks.append(.failed(run.scenario, "$", "error", run.reason ?? "the scenario could not be played"))
        }
        for step in run.steps where (step.keyword == "expect" || step.keyword == "rollback") && (step.checklist?.contains(item.id) ?? true) {
            let value: Double? = switch step.outcome {
            case .passed: 1
            case .unsupported: nil
            default: 0
            }
            let forbidden = ["noWrite", "noRecord"].contains(step.kind) && step.outcome == .failed
            let silent = item.id == "ops.alerts" && step.kind == "alert" && step.outcome == .failed
            checks.append(Check(value: value, severe: forbidden || silent, evidence: ItemEvidence(
                scenario: run.scenario, step: step.path, outcome: step.outcome.rawValue, detail: "\(step.keyword) \(step.kind): \(step.detail)",
                recordIds: Array(step.recordIds.prefix(10)), seconds: step.metAt.map { $0.timeIntervalSince(step.startedAt) })))
        }
        return checks
    }
}
